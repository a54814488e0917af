from odoo import fields, models, tools
from odoo.tools import SQL


class BocpReportProfitability(models.Model):
    """Profitability per printer: invoiced revenue (posted invoices) minus the
    cost of the consumables and parts used in its interventions."""

    _name = "bocp.report.profitability"
    _description = "Printer Profitability"
    _auto = False
    _order = "date desc"
    _depends = {
        "account.move.line": [
            "date",
            "bocp_rental_id",
            "parent_state",
            "display_type",
            "balance",
        ],
        "bocp.intervention.line": ["cost_amount", "state", "date"],
        "bocp.rental": ["partner_id", "printer_id"],
    }

    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    printer_id = fields.Many2one("bocp.printer", readonly=True)
    printer_type_id = fields.Many2one("bocp.printer.type", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Client", readonly=True)
    revenue = fields.Monetary(readonly=True, aggregator="sum")
    cost = fields.Monetary(readonly=True, aggregator="sum")
    margin = fields.Monetary(readonly=True, aggregator="sum")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %s AS (
                    SELECT aml.id * 2 AS id, aml.date, aml.company_id, r.printer_id,
                           p.printer_type_id, r.partner_id,
                           -aml.balance AS revenue, 0.0 AS cost,
                           -aml.balance AS margin
                      FROM account_move_line aml
                      JOIN bocp_rental r ON r.id = aml.bocp_rental_id
                      JOIN bocp_printer p ON p.id = r.printer_id
                     WHERE aml.parent_state = 'posted'
                       AND aml.display_type = 'product'
                 UNION ALL
                    SELECT i.id * 2 + 1, i.date, i.company_id, i.printer_id,
                           p.printer_type_id, i.partner_id,
                           0.0, i.cost_amount, -i.cost_amount
                      FROM bocp_intervention_line i
                      JOIN bocp_printer p ON p.id = i.printer_id
                     WHERE i.state = 'done' AND i.cost_amount != 0
                )
                """,
                SQL.identifier(self._table),
            )
        )
