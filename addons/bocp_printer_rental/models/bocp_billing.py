from collections import defaultdict

import psycopg2.errors

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .bocp_billing_charge import Charge


class BocpBilling(models.AbstractModel):
    """Turns what printers counted and technicians did into invoices and
    proformas: pages × agreed price per counter after the included pages of
    each period (bocp.billing.pages), fixed fees and minimums per period
    (bocp.billing.fees) and billable interventions. The entry points
    (_create_invoices, _create_proformas, _convert_proforma) take a batch of
    clients and make one document per client."""

    _name = "bocp.billing"
    _description = "Printer Rental Billing"

    # ------------------------------------------------------------------
    # What is billed already
    # ------------------------------------------------------------------

    @api.model
    def _billed_until(self, rentals):
        """Last day billed per dossier: the end of the last period on its
        invoice lines (not cancelled) and on its open proformas."""
        if not rentals:
            return {}
        self.env["account.move.line"].flush_model(
            ["bocp_rental_id", "bocp_period_end", "parent_state", "move_id"]
        )
        self.env["account.move"].flush_model(["bocp_items_released"])
        self.env["bocp.proforma.line"].flush_model(["rental_id", "period_end"])
        self.env["bocp.proforma"].flush_model(["state"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT rental_id, max(period_end) FROM (
                    SELECT aml.bocp_rental_id AS rental_id,
                           aml.bocp_period_end AS period_end
                      FROM account_move_line aml
                      JOIN account_move move ON move.id = aml.move_id
                     WHERE aml.bocp_rental_id = ANY(%(ids)s)
                       AND aml.bocp_period_end IS NOT NULL
                       AND aml.parent_state != 'cancel'
                       AND move.bocp_items_released IS NOT TRUE
                 UNION ALL
                    SELECT pl.rental_id, pl.period_end
                      FROM bocp_proforma_line pl
                      JOIN bocp_proforma p ON p.id = pl.proforma_id
                     WHERE pl.rental_id = ANY(%(ids)s)
                       AND pl.period_end IS NOT NULL
                       AND p.state = 'open'
                ) periods
                GROUP BY rental_id
                """,
                ids=rentals.ids,
            )
        )
        return dict(rows)

    # ------------------------------------------------------------------
    # What is pending
    # ------------------------------------------------------------------

    @api.model
    def _pending_reading_lines(self, rentals, day):
        return self.env["bocp.reading.line"].search(
            [
                ("rental_id", "in", rentals.ids),
                ("invoice_line_id", "=", False),
                ("proforma_line_id", "=", False),
                ("source", "!=", "handover"),
                ("date", "<=", day),
            ],
            order="date, id",
        )

    @api.model
    def _pending_intervention_lines(self, rentals, day):
        return self.env["bocp.intervention.line"].search(
            [
                ("rental_id", "in", rentals.ids),
                ("invoice_line_id", "=", False),
                ("proforma_line_id", "=", False),
                ("is_billable", "=", True),
                ("state", "=", "done"),
                ("date", "<=", day),
            ],
            order="date, id",
        )

    @api.model
    def _billable_rentals(self, partners, company):
        # partners: a recordset, or ids when called from data files
        partners = self.env["res.partner"].browse(getattr(partners, "ids", partners))
        return self.env["bocp.rental"].search(
            [
                ("partner_id", "in", partners.ids),
                ("company_id", "=", company.id),
                ("state", "in", ("active", "closed")),
            ],
            order="id",
        )

    # ------------------------------------------------------------------
    # Charges
    # ------------------------------------------------------------------

    @api.model
    def _charges_by_partner(self, rentals, day):
        """_collect_charges() with the descriptions in each client's language."""
        result = {}
        for lang in set(rentals.partner_id.mapped("lang")):
            subset = rentals.filtered(lambda r, lang=lang: r.partner_id.lang == lang)
            billing = self.with_context(lang=lang or self.env.lang)
            result.update(billing._collect_charges(subset, day))
        return result

    @api.model
    def _collect_charges(self, rentals, day):
        """{partner: [Charge]} of everything billable at `day` (inclusive)."""
        Pages = self.env["bocp.billing.pages"]
        Fees = self.env["bocp.billing.fees"]
        groups = Pages._pending_groups(self._pending_reading_lines(rentals, day))
        linked = Pages._linked_lines(self._history_windows(rentals, groups))
        page_charges = Pages._page_charges(groups, linked)
        billed = Fees._billed_periods(rentals)
        interventions = defaultdict(lambda: self.env["bocp.intervention.line"])
        for line in self._pending_intervention_lines(rentals, day):
            interventions[line.rental_id] |= line
        charges = defaultdict(list)
        for rental in rentals:
            rental_charges = page_charges.get(rental, [])
            rental_charges += Fees._fee_charges(rental, day, billed)
            if rental.minimum_amount:
                readings = self._minimum_readings(rental, linked, rental_charges)
                rental_charges += Fees._minimum_charges(rental, day, readings, billed)
            rental_charges += self._intervention_charges(rental, interventions[rental])
            if any(charge.kind != "note" for charge in rental_charges):
                charges[rental.partner_id] += rental_charges
        return charges

    @api.model
    def _history_windows(self, rentals, groups):
        """{rental id: first day} of the invoiced readings the charges need:
        those of the periods being invoiced, and the whole rental for the
        minimums."""
        windows = {}
        for (rental, _counter, _period), group in groups.items():
            if group[3]:
                windows[rental.id] = min(windows.get(rental.id, group[0]), group[0])
        for rental in rentals.filtered(lambda r: r.minimum_amount and r.date_start):
            windows[rental.id] = rental.date_start
        return windows

    @api.model
    def _minimum_readings(self, rental, linked, charges):
        """[(date, billed pages, price, is new)] of the dossier's readings:
        invoiced before, and billed by `charges` now."""
        readings = [
            (day, pages - used, price, False)
            for rental_id, _counter, day, pages, used, price in linked
            if rental_id == rental.id
        ]
        for charge in charges:
            for line in charge.reading_lines or []:
                used = charge.used_by_line.get(line.id, 0)
                readings.append((line.date, line.pages - used, line.price_unit, True))
        return readings

    @api.model
    def _intervention_charges(self, rental, lines):
        return [
            Charge(
                rental=rental,
                kind="intervention",
                product=line.product_id,
                name=self.env._(
                    "%(intervention)s of %(date)s, %(code)s: %(operation)s",
                    intervention=line.intervention_id.name,
                    date=fields.Date.to_string(line.date),
                    code=rental.printer_id.code,
                    operation=line.name or line.product_id.display_name,
                ),
                quantity=line.quantity,
                price_unit=line.price_unit,
                intervention_lines=line,
            )
            for line in lines
        ]

    # ------------------------------------------------------------------
    # Estimates (billing screen)
    # ------------------------------------------------------------------

    @api.model
    def _estimate(self, partners, company, day):
        """{partner: (untaxed total, {counter: pages})} billable at `day`."""
        rentals = self._billable_rentals(partners, company)
        result = {}
        for partner, charges in self._charges_by_partner(rentals, day).items():
            pages = defaultdict(int)
            for charge in charges:
                if charge.kind in ("pages", "note"):
                    pages[charge.counter] += sum(charge.reading_lines.mapped("pages"))
            total = sum(company.currency_id.round(c.amount) for c in charges)
            result[partner] = (total, dict(pages))
        return result

    # ------------------------------------------------------------------
    # Locking
    # ------------------------------------------------------------------

    @api.model
    def _lock_rentals(self, rentals):
        """Row locks on the dossiers being billed: a second user billing the
        same client now gets a clear error instead of a second invoice."""
        if not rentals:
            return
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM bocp_rental WHERE id = ANY(%s) "
                        "FOR NO KEY UPDATE NOWAIT",
                        rentals.ids,
                    ),
                    log_exceptions=False,
                )
        except psycopg2.errors.LockNotAvailable as error:
            raise UserError(
                self.env._(
                    "Another user is invoicing these clients right now. Try again "
                    "in a moment."
                )
            ) from error

    # ------------------------------------------------------------------
    # Invoices
    # ------------------------------------------------------------------

    @api.model
    def _default_journal(self, company):
        return company.bocp_journal_id or self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
        )

    @api.model
    def _check_journal(self, journal, company):
        if not journal or journal.type != "sale" or journal.company_id != company:
            raise UserError(
                self.env._(
                    "Choose a sales journal (invoice series) of company %(company)s.",
                    company=company.name,
                )
            )

    @api.model
    def _taxes(self, product, company, fiscal_position, cache):
        key = (product.id, fiscal_position.id)
        if key not in cache:
            domain = self.env["account.tax"]._check_company_domain(company)
            taxes = product.taxes_id.filtered_domain(domain)
            taxes = taxes._filter_taxes_by_company(company)
            cache[key] = fiscal_position.map_tax(taxes) if fiscal_position else taxes
        return cache[key]

    @api.model
    def _prepare_move_line_vals(self, charge, taxes):
        vals = {
            "name": charge.name,
            "bocp_rental_id": charge.rental.id,
            "bocp_kind": charge.kind,
            "bocp_pages": charge.pages,
            "bocp_allowance": charge.allowance,
            "bocp_allowance_used": charge.allowance_used,
            "bocp_counter_type_id": charge.counter.id if charge.counter else False,
            "bocp_period_start": charge.period_start,
            "bocp_period_end": charge.period_end,
        }
        if charge.kind == "note":
            vals["display_type"] = "line_note"
            return vals
        vals.update(
            {
                "product_id": charge.product.id,
                "quantity": charge.quantity,
                "price_unit": charge.price_unit,
                "tax_ids": [Command.set(taxes.ids)],
            }
        )
        return vals

    @api.model
    def _invoice_defaults(self, company):
        return {
            "invoice_payment_term_id": company.bocp_payment_term_id.id,
            "narration": company.bocp_invoice_note,
            "bocp_work_point_id": company.bocp_warehouse_id.id,
            "bocp_issuer_name": company.bocp_issuer_name,
        }

    @api.model
    def _prepare_invoice_vals(self, partner, company, journal, day, charges, cache):
        fiscal_position = (
            self.env["account.fiscal.position"]
            .with_company(company)
            ._get_fiscal_position(partner)
        )
        lines = []
        for charge in charges:
            taxes = self.env["account.tax"]
            if charge.kind != "note":
                taxes = self._taxes(charge.product, company, fiscal_position, cache)
            lines.append(Command.create(self._prepare_move_line_vals(charge, taxes)))
        origins = dict.fromkeys(charge.rental.name for charge in charges)
        vals = {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "company_id": company.id,
            "journal_id": journal.id,
            "currency_id": company.currency_id.id,
            "invoice_date": day,
            "fiscal_position_id": fiscal_position.id,
            "invoice_origin": ", ".join(origins),
            "bocp_period_end": day,
            "invoice_line_ids": lines,
        }
        vals.update(self._invoice_defaults(company))
        return vals

    @api.model
    def _link_items(self, charges, lines, target):
        """Mark the readings and interventions of each charge as billed by the
        matching line (`target`: invoice_line_id or proforma_line_id), with the
        included pages each reading uses; one UPDATE per table for the whole
        batch."""
        readings, operations = [], []
        for charge, line in zip(charges, lines, strict=True):
            for reading in charge.reading_lines or ():
                used = charge.used_by_line.get(reading.id, 0)
                readings.append((reading.id, line.id, used))
            for operation in charge.intervention_lines or ():
                operations.append((operation.id, line.id))
        ReadingLine = self.env["bocp.reading.line"]
        Operation = self.env["bocp.intervention.line"]
        ReadingLine.browse([row[0] for row in readings]).check_access("write")
        Operation.browse([row[0] for row in operations]).check_access("write")
        column = SQL.identifier(target)
        if readings:
            ids, line_ids, used = zip(*readings, strict=True)
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE bocp_reading_line l
                       SET %(column)s = v.line_id, allowance_used = v.used,
                           write_uid = %(uid)s, write_date = now() AT TIME ZONE 'UTC'
                      FROM unnest(%(ids)s::int[], %(line_ids)s::int[], %(used)s::bigint[])
                           AS v(id, line_id, used)
                     WHERE l.id = v.id
                    """,
                    column=column,
                    uid=self.env.uid,
                    ids=list(ids),
                    line_ids=list(line_ids),
                    used=list(used),
                )
            )
        if operations:
            ids, line_ids = zip(*operations, strict=True)
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE bocp_intervention_line i
                       SET %(column)s = v.line_id,
                           write_uid = %(uid)s, write_date = now() AT TIME ZONE 'UTC'
                      FROM unnest(%(ids)s::int[], %(line_ids)s::int[])
                           AS v(id, line_id)
                     WHERE i.id = v.id
                    """,
                    column=column,
                    uid=self.env.uid,
                    ids=list(ids),
                    line_ids=list(line_ids),
                )
            )
        self._invalidate_links()

    @api.model
    def _invalidate_links(self):
        """The cache forgets the links written in SQL (and their inverses)."""
        self.env["bocp.reading.line"].invalidate_model(
            ["invoice_line_id", "proforma_line_id", "allowance_used", "is_invoiced"]
        )
        self.env["bocp.intervention.line"].invalidate_model(
            ["invoice_line_id", "proforma_line_id", "is_invoiced"]
        )
        self.env["account.move.line"].invalidate_model(
            ["bocp_reading_line_ids", "bocp_intervention_line_ids"]
        )
        self.env["bocp.proforma.line"].invalidate_model(
            ["reading_line_ids", "intervention_line_ids"]
        )

    @api.model
    def _locked_charges(self, partners, company, day):
        """(dossiers, {partner: [Charge]}) of these clients at `day`, their
        dossiers locked; a clear error when there is nothing to bill."""
        rentals = self._billable_rentals(partners, company)
        self._lock_rentals(rentals)
        charges_by_partner = self._charges_by_partner(rentals, day)
        if not charges_by_partner:
            raise UserError(
                self.env._(
                    "Nothing to invoice for these clients up to %(day)s.", day=day
                )
            )
        return rentals, charges_by_partner

    @api.model
    def _create_invoices(self, partners, day=None, journal=None, post=None):
        """One customer invoice per client with everything billable at `day`.

        Dossiers are locked first, so that two users invoicing the same client
        at the same time produce one invoice. Returns the invoices."""
        company = self.env.company
        day = day or fields.Date.context_today(self)
        journal = journal or self._default_journal(company)
        self._check_journal(journal, company)
        post = company.bocp_auto_post if post is None else post
        rentals, charges_by_partner = self._locked_charges(partners, company, day)
        cache, vals_list, charge_lists = {}, [], []
        for partner, charges in charges_by_partner.items():
            vals_list.append(
                self._prepare_invoice_vals(
                    partner, company, journal, day, charges, cache
                )
            )
            charge_lists.append(charges)
        moves = self.env["account.move"].create(vals_list)
        self._link_items(
            [charge for charges in charge_lists for charge in charges],
            [line for move in moves for line in move.invoice_line_ids.sorted("id")],
            "invoice_line_id",
        )
        rentals.filtered(
            lambda r: r.partner_id in charges_by_partner
        ).last_invoice_date = day
        if post:
            moves.action_post()
        return moves
