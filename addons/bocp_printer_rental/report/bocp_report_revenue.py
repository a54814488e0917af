from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.bocp_number.fields import Integer64

from ..models.account_move_line import BOCP_KINDS

REVENUE_STATUSES = [
    ("invoiced", "Invoiced"),
    ("draft", "Draft invoice"),
    ("unbilled", "Not invoiced yet"),
]


class BocpReportRevenue(models.Model):
    """Revenue per client, printer and counter: posted and draft invoice
    lines, and the estimate of what is not invoiced yet."""

    _name = "bocp.report.revenue"
    _description = "Printer Rental Revenue"
    _auto = False
    _order = "date desc"
    _depends = {
        "account.move.line": [
            "date",
            "company_id",
            "bocp_rental_id",
            "bocp_kind",
            "bocp_counter_type_id",
            "parent_state",
            "display_type",
            "bocp_pages",
            "balance",
        ],
        "bocp.reading.line": ["pages", "amount", "invoice_line_id", "date"],
        "bocp.intervention.line": ["amount", "invoice_line_id", "is_billable", "state"],
        "bocp.rental": ["partner_id", "printer_id"],
    }

    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one("res.partner", string="Client", readonly=True)
    rental_id = fields.Many2one("bocp.rental", string="Dossier", readonly=True)
    printer_id = fields.Many2one("bocp.printer", readonly=True)
    printer_type_id = fields.Many2one("bocp.printer.type", readonly=True)
    counter_type_id = fields.Many2one(
        "bocp.counter.type", string="Counter", readonly=True
    )
    kind = fields.Selection(BOCP_KINDS, string="Charge", readonly=True)
    status = fields.Selection(REVENUE_STATUSES, readonly=True)
    pages = Integer64(readonly=True, aggregator="sum")
    amount = fields.Monetary(string="Untaxed Amount", readonly=True, aggregator="sum")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %s AS (
                    SELECT aml.id * 3 AS id, aml.date, aml.company_id,
                           r.partner_id, r.id AS rental_id, r.printer_id,
                           p.printer_type_id, aml.bocp_counter_type_id AS counter_type_id,
                           aml.bocp_kind AS kind,
                           CASE WHEN aml.parent_state = 'posted' THEN 'invoiced'
                                ELSE 'draft' END AS status,
                           (sign(-aml.balance) * aml.bocp_pages)::bigint AS pages,
                           -aml.balance AS amount
                      FROM account_move_line aml
                      JOIN bocp_rental r ON r.id = aml.bocp_rental_id
                      JOIN bocp_printer p ON p.id = r.printer_id
                     WHERE aml.parent_state IN ('draft', 'posted')
                       AND aml.display_type = 'product'
                 UNION ALL
                    SELECT l.id * 3 + 1, l.date, l.company_id, l.partner_id,
                           l.rental_id, l.printer_id, l.printer_type_id,
                           l.counter_type_id, 'pages', 'unbilled', l.pages, l.amount
                      FROM bocp_reading_line l
                     WHERE l.invoice_line_id IS NULL AND l.source != 'handover'
                 UNION ALL
                    SELECT i.id * 3 + 2, i.date, i.company_id, i.partner_id,
                           i.rental_id, i.printer_id, p.printer_type_id, NULL,
                           'intervention', 'unbilled', 0, i.amount
                      FROM bocp_intervention_line i
                      JOIN bocp_printer p ON p.id = i.printer_id
                     WHERE i.invoice_line_id IS NULL AND i.is_billable
                       AND i.state = 'done'
                )
                """,
                SQL.identifier(self._table),
            )
        )
