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
    bocp_items_released = fields.Boolean(
        string="Rental Items Given Back",
        copy=False,
        readonly=True,
        help="The readings, interventions and periods of this invoice went back "
        "to billing (the invoice was cancelled or entirely credited).",
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
        self.filtered(
            lambda move: move.move_type == "out_invoice" and move.bocp_is_rental
        ).bocp_items_released = True

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

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        if not self.env.context.get("bocp_keep_rental_items"):
            posted._bocp_release_reversed_invoices()
        return posted

    def _bocp_release_reversed_invoices(self):
        """A rental invoice entirely reversed by credit notes bills nothing
        any more: its pages, interventions and periods go back to billing.
        A partial credit note leaves them invoiced (the invoice still stands)."""
        reversed_invoices = self.filtered(
            lambda move: move.move_type == "out_refund"
        ).reversed_entry_id.filtered(
            lambda invoice: invoice.bocp_is_rental
            and not invoice.bocp_items_released
            and invoice.payment_state == "reversed"
        )
        reversed_invoices._bocp_release_items()

    def button_draft(self):
        for move in self:
            if move.bocp_items_released:
                raise UserError(
                    self.env._(
                        "Rental invoice %(name)s has given its readings and "
                        "interventions back to billing (it was cancelled or entirely "
                        "credited); issue a new invoice from the Billing screen instead "
                        "of resetting it.",
                        name=move.display_name,
                    )
                )
            if move.reversed_entry_id.bocp_items_released and move.bocp_is_rental:
                raise UserError(
                    self.env._(
                        "Credit note %(name)s gave the readings and interventions of "
                        "%(invoice)s back to billing; it cannot be reset to draft. "
                        "Issue a new invoice from the Billing screen if they must be "
                        "billed again.",
                        name=move.display_name,
                        invoice=move.reversed_entry_id.display_name,
                    )
                )
        return super().button_draft()

    def _bocp_take_over_items(self):
        """Invoices made by "Reverse and create invoice" take over the readings
        and interventions of the lines they copy, so they are billed once."""
        lines = self.sudo().line_ids.filtered("bocp_origin_line_id")
        for line in lines:
            origin = line.bocp_origin_line_id
            origin.bocp_reading_line_ids.invoice_line_id = line
            origin.bocp_intervention_line_ids.invoice_line_id = line
        # the replaced invoice bills nothing any more and must not come back
        lines.bocp_origin_line_id.move_id.bocp_items_released = True

    def action_bocp_print_annex(self):
        self.ensure_one()
        return self.env.ref(
            "bocp_printer_rental.action_report_bocp_invoice_annex"
        ).report_action(self)
