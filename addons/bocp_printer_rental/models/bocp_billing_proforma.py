from odoo import Command, api, fields, models


class BocpBilling(models.AbstractModel):
    """Proformas: the same charges as an invoice, numbered in the proforma
    series and reserving their readings until converted or cancelled."""

    _inherit = "bocp.billing"

    # ------------------------------------------------------------------
    # Proformas
    # ------------------------------------------------------------------

    @api.model
    def _prepare_proforma_line_vals(self, charge, taxes, sequence):
        """The invoice line's values: a proforma line carries the same fields,
        named without the ``bocp_`` prefix of the account.move.line extension."""
        vals = {
            name.removeprefix("bocp_"): value
            for name, value in self._prepare_move_line_vals(charge, taxes).items()
        }
        vals["sequence"] = sequence
        return vals

    @api.model
    def _prepare_proforma_vals(self, partner, company, day, charges, cache):
        fiscal_position = (
            self.env["account.fiscal.position"]
            .with_company(company)
            ._get_fiscal_position(partner)
        )
        lines = []
        for index, charge in enumerate(charges):
            taxes = self.env["account.tax"]
            if charge.kind != "note":
                taxes = self._taxes(charge.product, company, fiscal_position, cache)
            lines.append(
                Command.create(self._prepare_proforma_line_vals(charge, taxes, index))
            )
        sequence = company.bocp_proforma_sequence_id or self.env.ref(
            "bocp_printer_rental.seq_bocp_proforma"
        )
        return {
            "name": sequence.next_by_id(),
            "partner_id": partner.id,
            "company_id": company.id,
            "currency_id": company.currency_id.id,
            "date": fields.Date.context_today(self),
            "period_end": day,
            "fiscal_position_id": fiscal_position.id,
            "payment_term_id": company.bocp_payment_term_id.id,
            "work_point_id": company.bocp_warehouse_id.id,
            "issuer_name": company.bocp_issuer_name,
            "note": company.bocp_invoice_note,
            "line_ids": lines,
        }

    @api.model
    def _create_proformas(self, partners, day=None):
        """One proforma per client: same content as the invoice would have,
        numbered in the proforma series; its items are reserved."""
        company = self.env.company
        day = day or fields.Date.context_today(self)
        _rentals, charges_by_partner = self._locked_charges(partners, company, day)
        cache, vals_list, charge_lists = {}, [], []
        for partner, charges in charges_by_partner.items():
            vals_list.append(
                self._prepare_proforma_vals(partner, company, day, charges, cache)
            )
            charge_lists.append(charges)
        proformas = self.env["bocp.proforma"].create(vals_list)
        self._link_items(
            [charge for charges in charge_lists for charge in charges],
            [line for p in proformas for line in p.line_ids.sorted("sequence")],
            "proforma_line_id",
        )
        return proformas

    @api.model
    def _prepare_invoice_vals_from_proforma(self, proforma, journal, day):
        lines = []
        for line in proforma.line_ids.sorted("sequence"):
            vals = {
                "name": line.name,
                "bocp_rental_id": line.rental_id.id,
                "bocp_kind": line.kind,
                "bocp_pages": line.pages,
                "bocp_allowance": line.allowance,
                "bocp_allowance_used": line.allowance_used,
                "bocp_counter_type_id": line.counter_type_id.id,
                "bocp_period_start": line.period_start,
                "bocp_period_end": line.period_end,
            }
            if line.display_type:
                vals["display_type"] = line.display_type
            else:
                vals.update(
                    {
                        "product_id": line.product_id.id,
                        "quantity": line.quantity,
                        "price_unit": line.price_unit,
                        "tax_ids": [Command.set(line.tax_ids.ids)],
                    }
                )
            lines.append(Command.create(vals))
        return {
            "move_type": "out_invoice",
            "partner_id": proforma.partner_id.id,
            "company_id": proforma.company_id.id,
            "journal_id": journal.id,
            "currency_id": proforma.currency_id.id,
            "invoice_date": day,
            "fiscal_position_id": proforma.fiscal_position_id.id,
            "invoice_payment_term_id": proforma.payment_term_id.id,
            "narration": proforma.note,
            "bocp_work_point_id": proforma.work_point_id.id,
            "bocp_issuer_name": proforma.issuer_name,
            "bocp_period_end": proforma.period_end,
            "bocp_proforma_id": proforma.id,
            "invoice_origin": proforma.name,
            "invoice_line_ids": lines,
        }

    @api.model
    def _convert_proforma(self, proforma, journal=None, day=None):
        """The fiscal invoice of a proforma; its items move to the invoice."""
        company = proforma.company_id
        journal = journal or self._default_journal(company)
        self._check_journal(journal, company)
        self._lock_rentals(proforma.line_ids.rental_id)
        day = day or fields.Date.context_today(self)
        move = self.env["account.move"].create(
            self._prepare_invoice_vals_from_proforma(proforma, journal, day)
        )
        for line, move_line in zip(
            proforma.line_ids.sorted("sequence"),
            move.invoice_line_ids.sorted("id"),
            strict=True,
        ):
            for items in (line.reading_line_ids, line.intervention_line_ids):
                items.write(
                    {"invoice_line_id": move_line.id, "proforma_line_id": False}
                )
        proforma.write({"state": "converted", "invoice_id": move.id})
        proforma.line_ids.rental_id.last_invoice_date = day
        if company.bocp_auto_post:
            move.action_post()
        return move
