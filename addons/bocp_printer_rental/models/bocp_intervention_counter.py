from odoo import fields, models


class BocpInterventionCounter(models.Model):
    """Counter index typed on an intervention; becomes a reading when done."""

    _name = "bocp.intervention.counter"
    _inherit = ["bocp.reading.input.mixin"]
    _description = "Intervention Counter Index"
    _order = "intervention_id, id"

    intervention_id = fields.Many2one(
        "bocp.intervention", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="intervention_id.company_id", store=True)
