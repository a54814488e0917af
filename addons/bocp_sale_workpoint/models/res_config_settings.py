from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    bocp_allow_negative_stock = fields.Boolean(
        related="company_id.bocp_allow_negative_stock", readonly=False
    )
