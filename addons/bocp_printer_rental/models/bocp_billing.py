from collections import defaultdict
from dataclasses import dataclass, field

import psycopg2.errors
from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare, float_round, formatLang


@dataclass
class Charge:
    """One future invoice (or proforma) line of a dossier."""

    rental: models.Model
    kind: str  # pages, note, fee, minimum, intervention
    product: models.Model
    name: str
    quantity: float = 0.0
    price_unit: float = 0.0
    counter: models.Model = None
    period_start: object = None
    period_end: object = None
    reading_lines: models.Model = None
    intervention_lines: models.Model = None
    extra: dict = field(default_factory=dict)

    @property
    def amount(self):
        return self.quantity * self.price_unit


class BocpBilling(models.AbstractModel):
    """Turns what printers counted and technicians did into invoices and
    proformas: pages × agreed price per counter (after the allowance of the
    period), fixed fees, minimums and billable interventions."""

    _name = "bocp.billing"
    _description = "Printer Rental Billing"

    # ------------------------------------------------------------------
    # Periods
    # ------------------------------------------------------------------

    @api.model
    def _period_months(self, company):
        return int(company.bocp_billing_period or "1")

    @api.model
    def _period_of(self, day, months):
        """(start, end) of the billing period holding `day`; periods are
        calendar months grouped by `months` from January."""
        index = (day.month - 1) // months * months
        start = day.replace(month=index + 1, day=1)
        return start, start + relativedelta(months=months, days=-1)

    @api.model
    def _due_periods(self, rental, billed_until, day):
        """Periods of `rental` due at `day`: (count, first start, last end)."""
        months = self._period_months(rental.company_id)
        first_day = billed_until + relativedelta(days=1) if billed_until else None
        first_day = first_day or rental.date_start
        last_day = min(day, rental.date_end) if rental.date_end else day
        if not first_day or first_day > last_day:
            return 0, None, None
        start, _end = self._period_of(first_day, months)
        _start, end = self._period_of(last_day, months)
        delta = relativedelta(end + relativedelta(days=1), start)
        count = (delta.years * 12 + delta.months) // months
        return count, start, end

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
        reading_lines = self._pending_reading_lines(rentals, day)
        intervention_lines = self._pending_intervention_lines(rentals, day)
        billed_until = self._billed_until(rentals)
        readings_by_rental = defaultdict(lambda: self.env["bocp.reading.line"])
        for line in reading_lines:
            readings_by_rental[line.rental_id] |= line
        interventions_by_rental = defaultdict(
            lambda: self.env["bocp.intervention.line"]
        )
        for line in intervention_lines:
            interventions_by_rental[line.rental_id] |= line
        charges = defaultdict(list)
        for rental in rentals:
            count, start, end = self._due_periods(
                rental, billed_until.get(rental.id), day
            )
            rental_charges = self._rental_page_charges(
                rental, readings_by_rental[rental], count
            )
            rental_charges += self._rental_period_charges(
                rental, rental_charges, count, start, end
            )
            if rental_charges and count:
                for charge in rental_charges:
                    charge.period_start, charge.period_end = start, end
            rental_charges += self._intervention_charges(
                rental, interventions_by_rental[rental]
            )
            if any(charge.kind != "note" for charge in rental_charges):
                charges[rental.partner_id] += rental_charges
        return charges

    def _format_int(self, value):
        return formatLang(self.env, value, digits=0)

    @api.model
    def _split_allowance(self, lines, allowance):
        """Billable pages per price after the allowance, which covers the
        oldest pages first. Returns ([(price, pages, lines)], free lines)."""
        remaining = allowance
        groups = {}
        free = lines.browse()
        for line in lines:
            covered = min(remaining, line.pages)
            remaining -= covered
            billable = line.pages - covered
            if billable <= 0:
                free |= line
                continue
            pages, group_lines = groups.get(line.price_unit, (0, lines.browse()))
            groups[line.price_unit] = (pages + billable, group_lines | line)
        return [
            (price, pages, glines) for price, (pages, glines) in groups.items()
        ], free

    @api.model
    def _page_line_name(self, rental, counter, lines, allowance, pages, price=None):
        printer = rental.printer_id
        first, last = lines[0], lines[-1]
        name = self.env._(
            "%(code)s (S/N %(serial)s) · %(counter)s: %(previous)s → %(current)s, "
            "%(pages)s pages",
            code=printer.code,
            serial=printer.serial_number or "-",
            counter=counter.name,
            previous=self._format_int(first.previous_value),
            current=self._format_int(last.value),
            pages=self._format_int(sum(lines.mapped("pages"))),
        )
        if allowance:
            name += self.env._(
                " (%(allowance)s included, %(billed)s billed)",
                allowance=self._format_int(allowance),
                billed=self._format_int(pages),
            )
        if any(lines.mapped("is_reset")):
            name += self.env._(" (counter reset)")
        if price is not None:
            name += self.env._(" at %(price)s", price=price)
        return name

    @api.model
    def _rental_page_charges(self, rental, reading_lines, periods):
        """One charge per counter and price of the pages above the allowance;
        a note when nothing is billable, so that every reading is accounted."""
        charges = []
        included = {
            line.counter_type_id: line.included_pages for line in rental.line_ids
        }
        by_counter = defaultdict(lambda: reading_lines.browse())
        for line in reading_lines:
            by_counter[line.counter_type_id] |= line
        for counter, lines in by_counter.items():
            allowance = included.get(counter, 0) * periods
            groups, free = self._split_allowance(lines, allowance)
            product = counter.product_id
            if not groups:
                charges.append(
                    Charge(
                        rental=rental,
                        kind="note",
                        product=product.browse(),
                        name=self._page_line_name(rental, counter, lines, allowance, 0),
                        counter=counter,
                        reading_lines=lines,
                    )
                )
                continue
            if not product:
                raise UserError(
                    self.env._(
                        "Counter type %(counter)s has no invoicing product.",
                        counter=counter.name,
                    )
                )
            several = len(groups) > 1
            for index, (price, pages, glines) in enumerate(groups):
                linked = glines | free if index == 0 else glines
                name = self._page_line_name(
                    rental,
                    counter,
                    lines if not several else glines,
                    allowance,
                    pages,
                    price if several else None,
                )
                charges.append(
                    Charge(
                        rental=rental,
                        kind="pages",
                        product=product,
                        counter=counter,
                        reading_lines=linked.sorted(lambda rl: (rl.date, rl.id)),
                        extra={"pages": pages},
                        **self._page_quantity(rental, name, pages, price),
                    )
                )
        return charges

    @api.model
    def _page_quantity(self, rental, name, pages, price):
        """Pages × price per page; when the price has more decimals than the
        invoice lines keep (Product Price precision), one line of the exact
        amount, so that the invoice is right to the ban."""
        digits = self.env["decimal.precision"].precision_get("Product Price")
        rounded = float_round(price, precision_digits=digits)
        if not float_compare(rounded, price, precision_digits=8):
            return {"name": name, "quantity": pages, "price_unit": price}
        amount = rental.company_id.currency_id.round(pages * price)
        name += self.env._(
            " (%(pages)s × %(price)s)", pages=self._format_int(pages), price=price
        )
        return {"name": name, "quantity": 1, "price_unit": amount}

    @api.model
    def _rental_period_charges(self, rental, page_charges, periods, start, end):
        """Fixed fee and minimum of the due periods."""
        if not periods:
            return []
        company = rental.company_id
        dates = {
            "code": rental.printer_id.code,
            "start": fields.Date.to_string(start),
            "end": fields.Date.to_string(end),
        }
        charges = []
        if rental.fixed_fee:
            charges.append(
                Charge(
                    rental=rental,
                    kind="fee",
                    product=self._setting_product(company, "bocp_fee_product_id"),
                    name=self.env._("Fixed fee %(code)s, %(start)s – %(end)s", **dates),
                    quantity=periods,
                    price_unit=rental.fixed_fee,
                )
            )
        minimum = rental.minimum_amount * periods
        pages_amount = sum(c.amount for c in page_charges if c.kind == "pages")
        missing = company.currency_id.round(minimum - pages_amount)
        if rental.minimum_amount and missing > 0:
            charges.append(
                Charge(
                    rental=rental,
                    kind="minimum",
                    product=self._setting_product(company, "bocp_minimum_product_id"),
                    name=self.env._(
                        "Minimum billing %(code)s, %(start)s – %(end)s: "
                        "%(minimum)s minimum, %(pages)s in pages",
                        minimum=formatLang(
                            self.env, minimum, currency_obj=company.currency_id
                        ),
                        pages=formatLang(
                            self.env, pages_amount, currency_obj=company.currency_id
                        ),
                        **dates,
                    ),
                    quantity=1,
                    price_unit=missing,
                )
            )
        return charges

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

    @api.model
    def _setting_product(self, company, field_name):
        defaults = {
            "bocp_fee_product_id": "bocp_printer_rental.product_fixed_fee",
            "bocp_minimum_product_id": "bocp_printer_rental.product_minimum",
        }
        product = company[field_name] or self.env.ref(
            defaults[field_name], raise_if_not_found=False
        )
        if not product:
            raise UserError(
                self.env._(
                    "Set the products for fixed fees and minimums in the Printer "
                    "Rental settings (Billing)."
                )
            )
        return product

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
            "bocp_pages": charge.extra.get("pages", 0),
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
        matching line (`target`: invoice_line_id or proforma_line_id)."""
        for charge, line in zip(charges, lines, strict=True):
            if charge.reading_lines:
                charge.reading_lines[target] = line
            if charge.intervention_lines:
                charge.intervention_lines[target] = line

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
        rentals = self._billable_rentals(partners, company)
        self._lock_rentals(rentals)
        charges_by_partner = self._charges_by_partner(rentals, day)
        if not charges_by_partner:
            raise UserError(
                self.env._(
                    "Nothing to invoice for these clients up to %(day)s.", day=day
                )
            )
        cache, vals_list, charge_lists = {}, [], []
        for partner, charges in charges_by_partner.items():
            vals_list.append(
                self._prepare_invoice_vals(
                    partner, company, journal, day, charges, cache
                )
            )
            charge_lists.append(charges)
        moves = self.env["account.move"].create(vals_list)
        for move, charges in zip(moves, charge_lists, strict=True):
            self._link_items(
                charges, move.invoice_line_ids.sorted("id"), "invoice_line_id"
            )
        rentals.filtered(
            lambda r: r.partner_id in charges_by_partner
        ).last_invoice_date = day
        if post:
            moves.action_post()
        return moves

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
        rentals = self._billable_rentals(partners, company)
        self._lock_rentals(rentals)
        charges_by_partner = self._charges_by_partner(rentals, day)
        if not charges_by_partner:
            raise UserError(
                self.env._(
                    "Nothing to invoice for these clients up to %(day)s.", day=day
                )
            )
        cache, vals_list, charge_lists = {}, [], []
        for partner, charges in charges_by_partner.items():
            vals_list.append(
                self._prepare_proforma_vals(partner, company, day, charges, cache)
            )
            charge_lists.append(charges)
        proformas = self.env["bocp.proforma"].create(vals_list)
        for proforma, charges in zip(proformas, charge_lists, strict=True):
            self._link_items(
                charges, proforma.line_ids.sorted("sequence"), "proforma_line_id"
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
