from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    bocp_warehouse_id = fields.Many2one(
        related="company_id.bocp_warehouse_id", readonly=False
    )
    bocp_reading_due_days = fields.Integer(
        related="company_id.bocp_reading_due_days", readonly=False
    )
    bocp_journal_id = fields.Many2one(
        related="company_id.bocp_journal_id", readonly=False
    )
    bocp_proforma_sequence_id = fields.Many2one(
        related="company_id.bocp_proforma_sequence_id", readonly=False
    )
    bocp_issuer_name = fields.Char(
        related="company_id.bocp_issuer_name", readonly=False
    )
    bocp_payment_term_id = fields.Many2one(
        related="company_id.bocp_payment_term_id", readonly=False
    )
    bocp_invoice_note = fields.Text(
        related="company_id.bocp_invoice_note", readonly=False
    )
    bocp_billing_period = fields.Selection(
        related="company_id.bocp_billing_period", readonly=False
    )
    bocp_auto_post = fields.Boolean(related="company_id.bocp_auto_post", readonly=False)
    bocp_fee_product_id = fields.Many2one(
        related="company_id.bocp_fee_product_id", readonly=False
    )
    bocp_minimum_product_id = fields.Many2one(
        related="company_id.bocp_minimum_product_id", readonly=False
    )
