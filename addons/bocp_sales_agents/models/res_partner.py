from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

    bocp_is_agent = fields.Boolean(
        string="Sales Agent",
        index=True,
        copy=False,
        help="This contact earns commissions on the invoices of its clients.",
    )
    bocp_agent_type = fields.Selection(
        selection=[("external", "External agent"), ("employee", "Employee")],
        string="Agent Type",
        help="External agents are paid through a vendor bill made from the "
        "settlement; employees are paid through payroll.",
    )
    bocp_commission_rule_ids = fields.One2many(
        comodel_name="bocp.commission.rule",
        inverse_name="agent_id",
        string="Commission Rules",
        groups="bocp_sales_agents.group_commission_user",
    )
    bocp_agent_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="bocp_partner_agent_rel",
        column1="partner_id",
        column2="agent_id",
        string="Sales Agents",
        domain=[("bocp_is_agent", "=", True)],
        help="Agents who earn a commission on this client's invoices "
        "(allocated in the address book).",
    )
    bocp_agent_client_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="bocp_partner_agent_rel",
        column1="agent_id",
        column2="partner_id",
        string="Clients",
        readonly=True,
    )

    def _bocp_client_agents(self):
        """Agents of these clients: allocated on their commercial entity."""
        return self.commercial_partner_id.bocp_agent_ids

    @api.model_create_multi
    def create(self, vals_list):
        if any(self._bocp_agent_fields(vals) for vals in vals_list):
            self._bocp_check_agent_manager()
        return super().create(vals_list)

    def write(self, vals):
        if "bocp_is_agent" in vals or self._bocp_agent_fields(vals):
            self._bocp_check_agent_manager()
        return super().write(vals)

    @staticmethod
    def _bocp_agent_fields(vals):
        return vals.get("bocp_is_agent") or vals.get("bocp_agent_type")

    def _bocp_check_agent_manager(self):
        """Only commission managers make a contact an agent (a salesperson
        must not turn themselves into one)."""
        if self.env.su or self.env.user.has_group(
            "bocp_sales_agents.group_commission_manager"
        ):
            return
        raise AccessError(_("Only commission managers can set up sales agents."))

    @api.constrains("bocp_agent_ids")
    def _check_bocp_agent_ids(self):
        for partner in self:
            if partner.bocp_agent_ids.filtered(lambda a: not a.bocp_is_agent):
                raise ValidationError(
                    _(
                        "Only contacts marked as sales agents can be allocated to a client."
                    )
                )

    def action_bocp_open_commissions(self):
        """Commission lines of this agent."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "bocp_sales_agents.action_bocp_commission_line"
        )
        action["domain"] = [("agent_id", "=", self.id)]
        action["context"] = {"search_default_group_state": 1}
        return action
