from odoo import fields, models


class BocpReadingWizardLine(models.TransientModel):
    _name = "bocp.reading.wizard.line"
    _inherit = ["bocp.reading.input.mixin"]
    _description = "Enter a Counter Reading: Counter"

    wizard_id = fields.Many2one(
        "bocp.reading.wizard", required=True, ondelete="cascade"
    )
