from odoo import fields, models

BILLING_PERIODS = [
    ("1", "Monthly"),
    ("2", "Every two months"),
    ("3", "Quarterly"),
    ("6", "Half-yearly"),
    ("12", "Yearly"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    bocp_warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Rental Work Point",
        help="Work point (warehouse) of the printer rental activity: consumables "
        "used in interventions leave its stock and its address is printed on the "
        "rental invoices.",
    )
    bocp_reading_due_days = fields.Integer(
        string="Reading Due After (days)",
        default=30,
        help="A rented printer not read for this many days is due for reading.",
    )
    bocp_journal_id = fields.Many2one(
        "account.journal",
        string="Rental Invoice Series",
        domain="[('type', '=', 'sale'), ('company_id', '=', id)]",
        help="Sales journal whose sequence numbers the rental invoices; it can be "
        "changed for each invoicing run.",
    )
    bocp_proforma_sequence_id = fields.Many2one(
        "ir.sequence",
        string="Proforma Series",
        help="Numbering of the proformas, separate from the invoices.",
    )
    bocp_issuer_name = fields.Char(
        string="Issued By", help="Name printed on the rental invoices as issuer."
    )
    bocp_payment_term_id = fields.Many2one(
        "account.payment.term", string="Rental Payment Terms"
    )
    bocp_invoice_note = fields.Text(
        string="Rental Invoice Note", help="Default note of the rental invoices."
    )
    bocp_billing_period = fields.Selection(
        BILLING_PERIODS,
        string="Billing Period",
        default="1",
        help="Billing period of new dossiers (fixed fee, minimum and included "
        "pages per period); each dossier keeps its own.",
    )
    bocp_auto_post = fields.Boolean(
        string="Post Rental Invoices",
        help="Post the invoices when they are issued; otherwise they stay drafts.",
    )
    bocp_fee_product_id = fields.Many2one(
        "product.product",
        string="Fixed Fee Product",
        domain=[("type", "=", "service")],
    )
    bocp_minimum_product_id = fields.Many2one(
        "product.product",
        string="Minimum Billing Product",
        domain=[("type", "=", "service")],
    )
