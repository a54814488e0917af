import ast
from collections import defaultdict

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare, float_round, format_date, get_lang

from odoo.addons.base.models.res_lang import intersperse

from .bocp_billing_charge import Charge


class NumberFormats:
    """Numbers and dates written as the client's language does, prepared
    once per batch: Odoo's formatLang and format_date look the language up
    at every call, which costs more than the rest of a page line."""

    def __init__(self, env):
        lang = get_lang(env)
        self.env = env
        self.thousands_sep = lang.thousands_sep or ""
        self.decimal_point = lang.decimal_point
        self.grouping = ast.literal_eval(lang.grouping)
        self.price_digits = env["decimal.precision"].precision_get("Price per Page")
        self.product_digits = env["decimal.precision"].precision_get("Product Price")
        self.dates = {}

    def integer(self, value):
        text = str(abs(int(value)))
        text = intersperse(text, self.grouping, self.thousands_sep)[0]
        return f"-{text}" if value < 0 else text

    def number(self, value, digits):
        whole, _point, decimals = f"{value:.{digits}f}".partition(".")
        whole = intersperse(whole, self.grouping, self.thousands_sep)[0]
        return self.decimal_point.join([whole, decimals]) if decimals else whole

    def price(self, value, currency):
        amount = self.number(value, self.price_digits)
        if currency.position == "before":
            return f"{currency.symbol}\N{NO-BREAK SPACE}{amount}"
        return f"{amount}\N{NO-BREAK SPACE}{currency.symbol}"

    def date(self, day):
        if day not in self.dates:
            self.dates[day] = format_date(self.env, day)
        return self.dates[day]


class BocpBillingPages(models.AbstractModel):
    """Page charges of the readings to invoice.

    The pages included for a counter are an allowance of each billing
    period. A reading belongs to the period holding its date, together with
    the periods before it that have no reading of that counter (readings
    every two months on a monthly allowance count both months' allowance).
    For each such group of periods the billable pages are the pages read in
    it minus what is left of its allowance: what the readings of the group
    already invoiced (or on an open proforma) used is subtracted, so the same
    readings give the same total whatever the number and the order of the
    invoices. A dossier "pooled over the invoice" adds up the allowances of
    all the groups it invoices at once instead."""

    _name = "bocp.billing.pages"
    _description = "Printer Rental Billing: Pages"

    # ------------------------------------------------------------------
    # What the readings of a group already used
    # ------------------------------------------------------------------

    @api.model
    def _pending_groups(self, reading_lines):
        """{(rental, counter, reading period start): [group start, group end,
        lines, included pages per period]} of the readings to invoice (lines
        in date order)."""
        Period = self.env["bocp.billing.period"]
        ids = {}
        ends = {}
        for line in reading_lines:
            start, end = Period._rental_period_of(line.rental_id, line.date)
            key = (line.rental_id, line.counter_type_id, start)
            ids.setdefault(key, []).append(line.id)
            ends[key] = end
        # the group's lines keep the batch's prefetch: one query per field
        # for the whole batch, not per group
        prefetch = reading_lines._prefetch_ids
        included = {
            (line.rental_id, line.counter_type_id): line.included_pages
            for line in reading_lines.rental_id.line_ids
        }
        groups = {
            key: [
                None,
                ends[key],
                reading_lines.browse(line_ids).with_prefetch(prefetch),
                included.get(key[:2], 0),
            ]
            for key, line_ids in ids.items()
        }
        # the previous indexes and dates the descriptions show, in one query
        reading_lines.previous_line_id.fetch(["value", "date"])
        # Only a counter with included pages needs the periods before its
        # reading (to add their allowance); the others start at their period.
        keys = [key for key, group in groups.items() if group[3]]
        previous = self._previous_dates(keys)
        for key, group in groups.items():
            if key in keys:
                group[0] = Period._group_start(key[0], previous.get(key))
            else:
                group[0] = key[2]
        return groups

    @api.model
    def _previous_dates(self, keys):
        """{key: date of the last reading of the dossier's counter before the
        key's period} for (rental, counter, period start) keys."""
        if not keys:
            return {}
        self.env["bocp.reading.line"].flush_model(
            ["rental_id", "counter_type_id", "date", "source"]
        )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT k.idx, (
                    SELECT max(l.date) FROM bocp_reading_line l
                     WHERE l.rental_id = k.rental_id
                       AND l.counter_type_id = k.counter_id
                       AND l.source != 'handover'
                       AND l.date < k.start)
                  FROM unnest(%s::int[], %s::int[], %s::date[])
                       WITH ORDINALITY AS k(rental_id, counter_id, start, idx)
                """,
                [key[0].id for key in keys],
                [key[1].id for key in keys],
                [key[2] for key in keys],
            )
        )
        return {keys[idx - 1]: day for idx, day in rows if day}

    @api.model
    def _linked_lines(self, windows):
        """Readings already invoiced or on an open proforma, from the first
        day of each dossier's window: [(rental id, counter id, date, pages,
        included pages used, price per page)]."""
        if not windows:
            return []
        self.env["bocp.reading.line"].flush_model(
            [
                "rental_id",
                "counter_type_id",
                "date",
                "source",
                "pages",
                "allowance_used",
                "price_unit",
                "invoice_line_id",
                "proforma_line_id",
            ]
        )
        return self.env.execute_query(
            SQL(
                """
                SELECT l.rental_id, l.counter_type_id, l.date, l.pages,
                       COALESCE(l.allowance_used, 0), l.price_unit
                  FROM bocp_reading_line l
                  JOIN unnest(%s::int[], %s::date[]) AS w(rental_id, first_day)
                    ON w.rental_id = l.rental_id
                 WHERE l.date >= w.first_day
                   AND l.source != 'handover'
                   AND (l.invoice_line_id IS NOT NULL
                        OR l.proforma_line_id IS NOT NULL)
                """,
                list(windows),
                list(windows.values()),
            )
        )

    # ------------------------------------------------------------------
    # Charges
    # ------------------------------------------------------------------

    @api.model
    def _page_charges(self, groups, linked):
        """{rental: [Charge]}: per counter and group of periods (or pool), one
        charge per price of the pages above what is left of the allowance,
        or a note when nothing is billable, so that every reading is on the
        invoice."""
        used = defaultdict(list)
        for rental_id, counter_id, day, _pages, line_used, _price in linked:
            used[(rental_id, counter_id)].append((day, line_used))
        by_counter = defaultdict(list)
        for key in sorted(
            groups, key=lambda k: (k[0].id, k[1].sequence, k[1].id, k[2])
        ):
            by_counter[key[:2]].append(key)
        charges = defaultdict(list)
        formats = NumberFormats(self.env)
        for (rental, counter), keys in by_counter.items():
            # without included pages nothing depends on the period: one pool
            pooled = rental.allowance_pooled or not groups[keys[0]][3]
            pools = [keys] if pooled else [[key] for key in keys]
            for pool in pools:
                charges[rental] += self._pool_charges(
                    rental, counter, [groups[key] for key in pool], used, formats
                )
        return charges

    @api.model
    def _pool_charges(self, rental, counter, pool, used, formats):
        """Charges of the pending readings of one counter in `pool` (groups
        [start, end, lines] sharing one allowance)."""
        Period = self.env["bocp.billing.period"]
        included = pool[0][3]
        allowance, detail, already = 0, [], 0
        lines = pool[0][2].browse()
        for start, end, group_lines, _included in pool:
            for period_start, period_end in Period._periods(rental, start, end):
                pages = Period._allowance(rental, included, period_start, period_end)
                allowance += pages
                detail.append((period_start, period_end, pages))
            already += sum(
                value
                for day, value in used.get((rental.id, counter.id), ())
                if start <= day <= end
            )
            lines |= group_lines
        lines = lines.with_prefetch(pool[0][2]._prefetch_ids).sorted(
            lambda line: (line.date, line.id)
        )
        split = self._split_allowance(lines, max(allowance - already, 0))
        context = {
            "rental": rental,
            "counter": counter,
            "included": included,
            "allowance": allowance,
            "detail": detail,
            "period": (pool[0][0], pool[-1][1]),
            "formats": formats,
        }
        return self._charges_of_split(context, lines, *split)

    @api.model
    def _split_allowance(self, lines, allowance):
        """The allowance covers the oldest pages first. Returns
        ({price: (billable pages, lines)}, free lines, {line id: used})."""
        remaining = allowance
        groups = {}
        free = lines.browse()
        used = {}
        for line in lines:
            covered = min(remaining, max(line.pages, 0))
            remaining -= covered
            used[line.id] = covered
            billable = line.pages - covered
            if billable <= 0:
                free |= line
                continue
            pages, group_lines = groups.get(line.price_unit, (0, lines.browse()))
            groups[line.price_unit] = (pages + billable, group_lines | line)
        return groups, free, used

    @api.model
    def _charges_of_split(self, context, lines, groups, free, used):
        rental, counter = context["rental"], context["counter"]
        common = {
            "rental": rental,
            "counter": counter,
            "period_start": context["period"][0],
            "period_end": context["period"][1],
            "allowance": context["allowance"],
        }
        if not groups:
            return [
                Charge(
                    kind="note",
                    product=counter.product_id.browse(),
                    name=self._page_line_name(context, lines, used, 0, None),
                    reading_lines=lines,
                    allowance_used=sum(used.values()),
                    used_by_line=used,
                    **common,
                )
            ]
        product = counter.product_id
        if not product:
            raise UserError(
                self.env._(
                    "Counter type %(counter)s has no invoicing product.",
                    counter=counter.name,
                )
            )
        several = len(groups) > 1
        charges = []
        for index, (price, (pages, group_lines)) in enumerate(groups.items()):
            linked = (group_lines | free) if index == 0 else group_lines
            line_used = {line.id: used[line.id] for line in linked}
            name = self._page_line_name(
                context,
                group_lines if several else lines,
                line_used if several else used,
                pages,
                price,
            )
            charges.append(
                Charge(
                    kind="pages",
                    product=product,
                    reading_lines=linked.sorted(lambda rl: (rl.date, rl.id)),
                    pages=pages,
                    allowance_used=sum(line_used.values()),
                    used_by_line=line_used,
                    **common,
                    **self._page_quantity(context, name, pages, price),
                )
            )
        return charges

    # ------------------------------------------------------------------
    # Description
    # ------------------------------------------------------------------

    @api.model
    def _page_line_name(self, context, lines, used, billed, price):
        """Everything the client checks on a page line: printer code and
        serial, counter, previous and current index with their dates, pages,
        included pages used, billed pages and the price per page."""
        rental, counter = context["rental"], context["counter"]
        formats = context["formats"]
        printer = rental.printer_id
        first, last = lines[0], lines[-1]
        name = self.env._(
            "%(code)s (S/N %(serial)s) · %(counter)s: %(previous)s → %(current)s "
            "(%(previous_date)s → %(current_date)s), %(pages)s pages",
            code=printer.code,
            serial=printer.serial_number or "-",
            counter=counter.name,
            previous=formats.integer(first.previous_value),
            current=formats.integer(last.value),
            previous_date=formats.date(first.previous_date),
            current_date=formats.date(last.date),
            pages=formats.integer(sum(lines.mapped("pages"))),
        )
        if any(lines.mapped("is_reset")):
            name += self.env._(" (counter reset)")
        if context["included"]:
            name += self.env._(
                "; %(used)s of %(allowance)s included pages used (%(detail)s)",
                used=formats.integer(sum(used.values())),
                allowance=formats.integer(context["allowance"]),
                detail=self._allowance_detail(context),
            )
        if price is None:
            return name + self.env._("; nothing billed")
        return name + self.env._(
            "; %(billed)s pages billed at %(price)s per page",
            billed=formats.integer(billed),
            price=formats.price(price, rental.company_id.currency_id),
        )

    @api.model
    def _allowance_detail(self, context):
        """ "1,000 in 01/02/2025 – 28/02/2025" per period, with the days of a
        period the printer was rented only in part."""
        rental, included = context["rental"], context["included"]
        formats = context["formats"]
        Period = self.env["bocp.billing.period"]
        parts = []
        for start, end, pages in context["detail"]:
            dates = {
                "pages": formats.integer(pages),
                "start": formats.date(start),
                "end": formats.date(end),
            }
            rented, days = Period._rented_days(rental, start, end)
            if rented < days:
                parts.append(
                    self.env._(
                        "%(pages)s in %(start)s – %(end)s, pro rata %(rented)s of "
                        "%(days)s days of %(included)s included per period",
                        rented=rented,
                        days=days,
                        included=formats.integer(included),
                        **dates,
                    )
                )
            else:
                parts.append(self.env._("%(pages)s in %(start)s – %(end)s", **dates))
        text = " + ".join(parts)
        if rental.allowance_pooled and len(parts) > 1:
            text = self.env._("pooled over the invoice: %(periods)s", periods=text)
        return text

    @api.model
    def _page_quantity(self, context, name, pages, price):
        """Pages × price per page; when the price has more decimals than the
        invoice lines keep (Product Price precision), one line of the exact
        amount, so that the invoice is right to the ban."""
        formats = context["formats"]
        rounded = float_round(price, precision_digits=formats.product_digits)
        if not float_compare(rounded, price, precision_digits=8):
            return {"name": name, "quantity": pages, "price_unit": price}
        amount = context["rental"].company_id.currency_id.round(pages * price)
        name += self.env._(
            " (%(pages)s × %(price)s)", pages=formats.integer(pages), price=price
        )
        return {"name": name, "quantity": 1, "price_unit": amount}
