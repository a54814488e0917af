from odoo import Command, _, fields, models
from odoo.exceptions import UserError


class BocpAgentAddWizard(models.TransientModel):
    """Make an existing contact a sales agent with its default commission."""

    _name = "bocp.agent.add.wizard"
    _description = "Add Sales Agent"

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Contact",
        required=True,
        domain=[("bocp_is_agent", "=", False)],
    )
    agent_type = fields.Selection(
        selection=[("external", "External agent"), ("employee", "Employee")],
        required=True,
        default="external",
    )
    percent = fields.Float(
        string="Default Rate (%)",
        digits=(16, 4),
        help="Percentage of the invoice's untaxed amount.",
    )

    def action_confirm(self):
        self.ensure_one()
        if self.partner_id.bocp_is_agent:
            raise UserError(
                _("%s is already a sales agent.", self.partner_id.display_name)
            )
        self.partner_id.write(
            {
                "bocp_is_agent": True,
                "bocp_agent_type": self.agent_type,
                "bocp_commission_rule_ids": [
                    Command.create({"applies_on": "default", "percent": self.percent})
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
            "views": [
                (
                    self.env.ref("bocp_sales_agents.view_partner_form_bocp_agent").id,
                    "form",
                )
            ],
        }
