from odoo import fields, models


class BocpInterventionType(models.Model):
    """Catalogue of interventions (toner change, repair, transport...)."""

    _name = "bocp.intervention.type"
    _description = "Intervention Type"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to share this type between companies."
    )
    product_id = fields.Many2one(
        "product.product",
        string="Invoicing Product",
        required=True,
        help="Product used on the invoice line; for a stock product (toner, part) "
        "the intervention also takes it out of stock.",
    )
    price = fields.Float(
        string="Predefined Price",
        digits="Product Price",
        help="Price proposed on intervention lines of this type.",
    )
    is_billable = fields.Boolean(
        string="Billable",
        default=True,
        help="Proposed value of the Billable flag on intervention lines.",
    )
    description = fields.Text()
