from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    bocp_warehouse_id = fields.Many2one(
        related="company_id.bocp_warehouse_id", readonly=False
    )
    bocp_reading_due_days = fields.Integer(
        related="company_id.bocp_reading_due_days", readonly=False
    )
