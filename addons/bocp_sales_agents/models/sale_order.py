from odoo import Command, api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    bocp_agent_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="bocp_sale_order_agent_rel",
        column1="order_id",
        column2="agent_id",
        string="Sales Agents",
        compute="_compute_bocp_agent_ids",
        store=True,
        readonly=False,
        precompute=True,
        domain=[("bocp_is_agent", "=", True)],
        help="Copied from the client; can be changed for this order. The "
        "invoices of the order take these agents.",
    )

    @api.depends("partner_id")
    def _compute_bocp_agent_ids(self):
        for order in self:
            order.bocp_agent_ids = order.partner_id._bocp_client_agents()

    def _prepare_invoice(self):
        vals = super()._prepare_invoice()
        vals["bocp_agent_ids"] = [Command.set(sorted(self.bocp_agent_ids.ids))]
        return vals

    def _get_invoice_grouping_keys(self):
        # Orders with other agents are not merged into one invoice: the merged
        # invoice would keep the first order's agents only.
        return [*super()._get_invoice_grouping_keys(), "bocp_agent_ids"]
