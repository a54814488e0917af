from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    bocp_commission_excluded = fields.Boolean(
        string="No Sales Commission",
        help="Invoice lines with this product earn no commission "
        "(e.g. shipping, deposits).",
    )
