from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    bocp_allow_negative_stock = fields.Boolean(
        string="Allow Negative Stock on Take-over",
        help="Take sale orders over and deliver them from a work point even when it "
        "lacks the free stock: the stock of the work point goes negative.",
    )
