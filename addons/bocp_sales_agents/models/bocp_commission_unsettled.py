from odoo import _, fields, models, tools
from odoo.osv import expression
from odoo.tools import SQL


class BocpCommissionUnsettled(models.Model):
    """Validated, unsettled commissions: one row per agent and currency
    (the "Nedecontate" screen)."""

    _name = "bocp.commission.unsettled"
    _description = "Unsettled Commissions"
    _auto = False
    _order = "agent_id"
    _depends = {
        "bocp.commission.line": [
            "agent_id",
            "company_id",
            "currency_id",
            "company_currency_id",
            "state",
            "amount",
            "amount_company",
            "date_validated",
        ],
    }

    agent_id = fields.Many2one(comodel_name="res.partner", readonly=True)
    agent_type = fields.Selection(related="agent_id.bocp_agent_type")
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    currency_id = fields.Many2one(comodel_name="res.currency", readonly=True)
    company_currency_id = fields.Many2one(comodel_name="res.currency", readonly=True)
    line_count = fields.Integer(string="Lines", readonly=True)
    amount = fields.Monetary(
        string="To Settle", currency_field="currency_id", readonly=True, aggregator=None
    )
    amount_company = fields.Monetary(
        string="To Settle (Company Currency)",
        currency_field="company_currency_id",
        readonly=True,
    )
    date_from = fields.Date(string="Validated From", readonly=True)
    date_to = fields.Date(string="Validated To", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE VIEW %s AS (
                SELECT MIN(l.id) AS id,
                       l.agent_id,
                       l.company_id,
                       l.currency_id,
                       l.company_currency_id,
                       COUNT(*) AS line_count,
                       SUM(l.amount) AS amount,
                       SUM(l.amount_company) AS amount_company,
                       MIN(l.date_validated) AS date_from,
                       MAX(l.date_validated) AS date_to
                  FROM bocp_commission_line l
                 WHERE l.state = 'validated'
                 GROUP BY l.agent_id, l.company_id, l.currency_id,
                          l.company_currency_id
            )
            """,
                SQL.identifier(self._table),
            )
        )

    def _bocp_lines_domain(self):
        rows = [
            [
                ("agent_id", "=", row.agent_id.id),
                ("company_id", "=", row.company_id.id),
                ("currency_id", "=", row.currency_id.id),
            ]
            for row in self
        ]
        return expression.AND(
            [[("state", "=", "validated")], expression.OR(rows or [[(0, "=", 1)]])]
        )

    def action_settle(self):
        """Decontează: settle the ticked agents (meant for a recordset).

        A row settled meanwhile (another user, a double click on a stale
        screen) is gone from the view: it settles nothing, without error."""
        rows = self.exists()
        if rows._bocp_settle_in_background():
            return rows._bocp_queue_settle()
        lines = self.env["bocp.commission.line"].search(rows._bocp_lines_domain())
        settlements = lines._bocp_settle()
        if not settlements:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "message": _(
                        "Nothing left to settle: these commissions are already settled."
                    ),
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "bocp_sales_agents.action_bocp_commission_settlement"
        )
        if len(settlements) == 1:
            action.update(
                res_id=settlements.id, views=[(False, "form")], view_mode="form"
            )
        else:
            action["domain"] = [("id", "in", settlements.ids)]
        return action
