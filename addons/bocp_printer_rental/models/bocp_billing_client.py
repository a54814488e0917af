from odoo import api, fields, models, tools
from odoo.tools import SQL

from odoo.addons.bocp_number.fields import Integer64


class BocpBillingClient(models.Model):
    """The billing screen ("Facturare"): one line per client with something
    to invoice: unbilled pages, billable interventions, fees due."""

    _name = "bocp.billing.client"
    _description = "Rental Billing: Client to Invoice"
    _auto = False
    _order = "partner_name"
    _depends = {
        "bocp.reading.line": [
            "pages",
            "amount",
            "invoice_line_id",
            "proforma_line_id",
            "source",
        ],
        "bocp.intervention.line": [
            "amount",
            "invoice_line_id",
            "proforma_line_id",
            "is_billable",
            "state",
        ],
        "bocp.rental": [
            "state",
            "fixed_fee",
            "date_start",
            "date_end",
            "billing_period",
        ],
        "account.move.line": [
            "bocp_kind",
            "bocp_period_start",
            "bocp_period_end",
            "parent_state",
            "move_id",
        ],
        "account.move": ["bocp_items_released", "move_type"],
        "bocp.proforma": ["state"],
        "bocp.proforma.line": ["kind", "period_start", "period_end"],
    }

    partner_id = fields.Many2one("res.partner", string="Client", readonly=True)
    partner_name = fields.Char(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    rental_count = fields.Integer(string="Dossiers", readonly=True)
    pages_unbilled = Integer64(string="Unbilled Pages", readonly=True)
    pages_amount = fields.Monetary(
        string="Pages at Agreed Prices",
        readonly=True,
        help="Unbilled pages × agreed price, before the included pages.",
    )
    intervention_amount = fields.Monetary(string="Interventions", readonly=True)
    pages_summary = fields.Char(
        string="Unbilled Pages per Counter", compute="_compute_estimate"
    )
    estimated_total = fields.Monetary(
        compute="_compute_estimate",
        help="Untaxed total of the invoice issued today: pages above the included "
        "pages, interventions, fixed fees and minimums.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %s AS (
                WITH pending AS (
                    SELECT l.company_id, l.partner_id, l.rental_id,
                           l.pages, l.amount, 0.0 AS intervention_amount
                      FROM bocp_reading_line l
                     WHERE l.invoice_line_id IS NULL
                       AND l.proforma_line_id IS NULL
                       AND l.source != 'handover'
                       AND l.pages > 0
                 UNION ALL
                    SELECT i.company_id, i.partner_id, i.rental_id, 0, 0, i.amount
                      FROM bocp_intervention_line i
                     WHERE i.invoice_line_id IS NULL
                       AND i.proforma_line_id IS NULL
                       AND i.is_billable
                       AND i.state = 'done'
                 UNION ALL
                    -- dossiers with a fixed fee of a period (begun by today)
                    -- that no live invoice line nor open proforma covers
                    SELECT r.company_id, r.partner_id, r.id, 0, 0, 0
                      FROM bocp_rental r
                     CROSS JOIN LATERAL generate_series(
                             make_date(
                                 extract(year FROM r.date_start)::int,
                                 ((extract(month FROM r.date_start)::int - 1)
                                   / r.billing_period::int) * r.billing_period::int + 1,
                                 1),
                             LEAST(CURRENT_DATE, COALESCE(r.date_end, CURRENT_DATE)),
                             make_interval(months => r.billing_period::int)
                           ) AS period(start)
                     WHERE r.state IN ('active', 'closed')
                       AND r.fixed_fee > 0
                       AND NOT EXISTS (
                             SELECT 1 FROM account_move_line aml
                               JOIN account_move move ON move.id = aml.move_id
                              WHERE aml.bocp_rental_id = r.id
                                AND aml.bocp_kind = 'fee'
                                AND aml.parent_state != 'cancel'
                                AND move.move_type = 'out_invoice'
                                AND move.bocp_items_released IS NOT TRUE
                                AND period.start::date BETWEEN aml.bocp_period_start
                                                           AND aml.bocp_period_end)
                       AND NOT EXISTS (
                             SELECT 1 FROM bocp_proforma_line pl
                               JOIN bocp_proforma p ON p.id = pl.proforma_id
                              WHERE pl.rental_id = r.id AND p.state = 'open'
                                AND pl.kind = 'fee'
                                AND period.start::date BETWEEN pl.period_start
                                                           AND pl.period_end)
                )
                SELECT min(pending.rental_id) AS id,
                       pending.company_id,
                       pending.partner_id,
                       partner.name AS partner_name,
                       count(DISTINCT pending.rental_id) AS rental_count,
                       sum(pending.pages) AS pages_unbilled,
                       sum(pending.amount) AS pages_amount,
                       sum(pending.intervention_amount) AS intervention_amount
                  FROM pending
                  JOIN res_partner partner ON partner.id = pending.partner_id
              GROUP BY pending.company_id, pending.partner_id, partner.name
                )
                """,
                SQL.identifier(self._table),
            )
        )

    @api.depends("partner_id", "company_id")
    def _compute_estimate(self):
        today = fields.Date.context_today(self)
        Billing = self.env["bocp.billing"]
        for company in self.company_id:
            records = self.filtered(lambda r, c=company: r.company_id == c)
            estimates = Billing.with_company(company)._estimate(
                records.partner_id, company, today
            )
            for record in records:
                total, pages = estimates.get(record.partner_id, (0.0, {}))
                record.estimated_total = total
                record.pages_summary = " · ".join(
                    f"{counter.name}: {tools.formatLang(self.env, count, digits=0)}"
                    for counter, count in sorted(
                        pages.items(), key=lambda item: item[0].sequence
                    )
                )
        (self - self.filtered("company_id")).update(
            {"estimated_total": 0.0, "pages_summary": ""}
        )

    def _open_wizard(self, mode):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "bocp_printer_rental.bocp_billing_wizard_action"
        )
        action["context"] = {
            "default_partner_ids": self.partner_id.ids,
            "default_mode": mode,
        }
        return action

    def action_invoice(self):
        """ "Emite factură": for this client, or every selected client."""
        return self._open_wizard("invoice")

    def action_proforma(self):
        """ "Proformă" for the selected clients."""
        return self._open_wizard("proforma")
