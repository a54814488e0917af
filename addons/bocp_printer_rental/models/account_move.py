from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date


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
        "to billing (the invoice was cancelled, entirely credited or replaced).",
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

    def _bocp_annex_allowance_lines(self):
        """The page lines with included pages: the allowance of each period."""
        return (
            self.sudo()
            .invoice_line_ids.filtered(
                lambda line: line.bocp_kind in ("pages", "note") and line.bocp_allowance
            )
            .sorted(
                lambda line: (
                    line.bocp_rental_id.printer_id.code or "",
                    line.bocp_counter_type_id.sequence,
                    line.bocp_period_start or fields.Date.today(),
                    line.id,
                )
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
            posted._bocp_apply_rental_credit_notes()
        return posted

    def _bocp_apply_rental_credit_notes(self):
        """A rental invoice entirely reversed by credit notes bills nothing
        any more: its pages, interventions and periods go back to billing.
        A partial credit note credits money, not pages: the pages stay
        invoiced, so its lines count no pages in the reports."""
        refunds = self.filtered(
            lambda move: move.move_type == "out_refund" and move.bocp_is_rental
        )
        if not refunds:
            return
        refunds.reversed_entry_id.filtered(
            lambda invoice: invoice.bocp_is_rental and not invoice.bocp_items_released
        )._bocp_entirely_credited()._bocp_release_items()
        partial = refunds.filtered(
            lambda refund: not refund.reversed_entry_id.bocp_items_released
        )
        partial.line_ids.filtered("bocp_pages").bocp_pages = 0

    def _bocp_entirely_credited(self):
        """The invoices whose posted credit notes add up to their total,
        whether the credit note was matched with the invoice or, the invoice
        being paid already, left as a credit for the client."""
        credited = dict(
            self.env["account.move"]._read_group(
                [
                    ("reversed_entry_id", "in", self.ids),
                    ("move_type", "=", "out_refund"),
                    ("state", "=", "posted"),
                ],
                ["reversed_entry_id"],
                ["amount_total:sum"],
            )
        )
        return self.filtered(
            lambda invoice: invoice.currency_id.compare_amounts(
                credited.get(invoice, 0.0), invoice.amount_total
            )
            >= 0
        )

    def _bocp_released_error(self):
        """Why this move must not come back (reset, reverse, unreconcile),
        or None: it gave its rental items back to billing, or it is the
        credit note that did."""
        self.ensure_one()
        cancelled_before = self.state == "cancel" and self.move_type == "out_invoice"
        if self.bocp_items_released or (cancelled_before and self.bocp_is_rental):
            return self.env._(
                "Rental invoice %(name)s has given its readings and interventions "
                "back to billing (it was cancelled, entirely credited or replaced); "
                "issue a new invoice from the Billing screen instead.",
                name=self.display_name,
            )
        if self.bocp_is_rental and self.reversed_entry_id.bocp_items_released:
            return self.env._(
                "Credit note %(name)s gave the readings and interventions of "
                "%(invoice)s back to billing; it cannot be reset, reversed or "
                "unreconciled. Issue a new invoice from the Billing screen if they "
                "must be billed again.",
                name=self.display_name,
                invoice=self.reversed_entry_id.display_name,
            )
        return None

    def _bocp_check_not_released(self):
        for move in self:
            error = move._bocp_released_error()
            if error:
                raise UserError(error)

    def button_draft(self):
        self._bocp_check_not_released()
        return super().button_draft()

    def _reverse_moves(self, default_values_list=None, cancel=False):
        self._bocp_check_not_released()
        return super()._reverse_moves(default_values_list, cancel=cancel)

    def _detach_attachments(self):
        """The counter annex saved when the invoice was printed no longer
        describes it once it is reset to draft: rename it so the next print
        makes a new one (the old stays on the invoice, as Odoo does with its
        own PDF)."""
        super()._detach_attachments()
        names = {
            f"{move._bocp_annex_name()}.pdf"
            for move in self
            if move.name and move.name != "/"
        }
        if not names:
            return
        annexes = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "account.move"),
                    ("res_id", "in", self.ids),
                    ("res_field", "=", False),
                    ("name", "in", list(names)),
                ]
            )
        )
        today = format_date(self.env, fields.Date.context_today(self))
        for annex in annexes:
            annex.name = self.env._(
                "%(name)s (superseded on %(date)s).pdf",
                name=annex.name.removesuffix(".pdf"),
                date=today,
            )

    def _bocp_annex_name(self):
        """Name of the counter annex file (without extension), the same for
        a print and for the copy kept on a posted invoice."""
        self.ensure_one()
        number = (self.name or "").replace("/", "-")
        return f"Annex {number}"

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
