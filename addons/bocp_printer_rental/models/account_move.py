from odoo import api, fields, models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    _inherit = "account.move"

    bocp_work_point_id = fields.Many2one(
        "stock.warehouse",
        string="Work Point",
        copy=False,
        help="Work point (punct de lucru) printed on the rental invoice.",
    )
    bocp_issuer_name = fields.Char(string="Issued By", copy=False)
    bocp_period_end = fields.Date(
        string="Rental Billed Up To",
        copy=False,
        help="The readings and interventions up to this date are on the invoice.",
    )
    bocp_proforma_id = fields.Many2one(
        "bocp.proforma", string="Proforma", copy=False, readonly=True
    )
    bocp_is_rental = fields.Boolean(
        string="Rental Invoice", compute="_compute_bocp_is_rental"
    )

    @api.depends("line_ids.bocp_rental_id")
    def _compute_bocp_is_rental(self):
        for move in self:
            move.bocp_is_rental = bool(move.line_ids.bocp_rental_id)

    def _bocp_release_items(self):
        """Readings and interventions of these invoices become billable again.

        In sudo: whoever may cancel an invoice (an accountant without rental
        rights) frees what it billed."""
        lines = self.sudo().line_ids
        lines.bocp_reading_line_ids.invoice_line_id = False
        lines.bocp_intervention_line_ids.invoice_line_id = False

    def _bocp_annex_reading_lines(self):
        """The readings behind this invoice, in the annex's order. In sudo:
        whoever may print the invoice may print its annex."""
        return self.sudo().line_ids.bocp_reading_line_ids.sorted(
            lambda line: (
                line.printer_id.code,
                line.counter_type_id.sequence,
                line.date,
                line.id,
            )
        )

    def _bocp_annex_intervention_lines(self):
        return self.sudo().line_ids.bocp_intervention_line_ids.sorted(
            lambda line: (line.date, line.id)
        )

    def write(self, vals):
        if vals.get("state") == "cancel":
            self._bocp_release_items()
        return super().write(vals)

    def button_draft(self):
        if any(m.state == "cancel" and m.bocp_is_rental for m in self):
            raise UserError(
                self.env._(
                    "This cancelled rental invoice has given its readings and "
                    "interventions back to billing; issue a new invoice from the "
                    "Billing screen instead of resetting it."
                )
            )
        return super().button_draft()

    def action_bocp_print_annex(self):
        self.ensure_one()
        return self.env.ref(
            "bocp_printer_rental.action_report_bocp_invoice_annex"
        ).report_action(self)
