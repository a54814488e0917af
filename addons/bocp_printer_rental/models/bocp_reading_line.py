import math
from collections import Counter

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, formatLang

from odoo.addons.bocp_number.fields import Integer64

DAYS_PER_MONTH = 30

# Fields whose change alters the pages (or the price) of an invoiced line.
BILLING_FIELDS = {
    "value",
    "counter_type_id",
    "is_reset",
    "reset_final_value",
    "reset_start_value",
    "price_unit",
}


class BocpReadingLine(models.Model):
    """Index of one counter in a reading, with the pages since the previous
    reading of the same printer and counter."""

    _name = "bocp.reading.line"
    _description = "Counter Reading Line"
    _order = "date desc, reading_id desc, counter_type_id"

    reading_id = fields.Many2one(
        "bocp.reading", required=True, ondelete="cascade", index=True
    )
    rental_id = fields.Many2one(
        related="reading_id.rental_id", store=True, index=True, string="Dossier"
    )
    printer_id = fields.Many2one(
        related="reading_id.printer_id", store=True, string="Printer"
    )
    printer_type_id = fields.Many2one(
        related="printer_id.printer_type_id", store=True, string="Printer Type"
    )
    partner_id = fields.Many2one(
        related="reading_id.partner_id", store=True, index=True, string="Client"
    )
    company_id = fields.Many2one(related="reading_id.company_id", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(related="reading_id.date", store=True)
    source = fields.Selection(related="reading_id.source", store=True)
    counter_type_id = fields.Many2one(
        "bocp.counter.type", string="Counter", required=True
    )
    value = Integer64(
        string="Index",
        required=True,
        number_kind="counter_index",
        number_row="counter_type_id",
    )
    previous_line_id = fields.Many2one(
        "bocp.reading.line",
        string="Previous Reading",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
    )
    previous_value = Integer64(
        related="previous_line_id.value", string="Previous Index"
    )
    previous_date = fields.Date(related="previous_line_id.date", string="Previous Date")
    is_reset = fields.Boolean(
        string="Counter Reset",
        help="The counter was reset or replaced since the previous reading: the "
        "index may be lower and the pages start from the new counter's base.",
    )
    reset_reason = fields.Char()
    reset_final_value = Integer64(
        string="Old Counter Final Index",
        number_kind="counter_index",
        number_row="counter_type_id",
        help="Last index of the old counter before the reset, if known: the pages "
        "between the previous reading and it are counted too.",
    )
    reset_start_value = Integer64(
        string="New Counter Start Index",
        number_kind="counter_index",
        number_row="counter_type_id",
        help="Index of the new counter right after the reset (usually 0).",
    )
    pages = Integer64(compute="_compute_pages", store=True, aggregator="sum")
    pages_confirmed = fields.Boolean(
        string="Unusual Pages Confirmed",
        copy=False,
        help="The pages since the previous reading are more than the printer type "
        "can print in that time, and the index was checked: the confirmation is "
        "logged on the dossier.",
    )
    price_unit = fields.Float(
        string="Price per Page",
        digits="Price per Page",
        help="Agreed price of the dossier for this counter.",
    )
    amount = fields.Monetary(compute="_compute_amount", store=True, aggregator="sum")
    allowance_used = Integer64(
        string="Included Pages Used",
        readonly=True,
        copy=False,
        help="Pages of this reading covered by the included pages of its "
        "period, as invoiced (or put on a proforma).",
    )
    billed_pages = Integer64(compute="_compute_billed_pages")
    invoice_line_id = fields.Many2one(
        "account.move.line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    proforma_line_id = fields.Many2one(
        "bocp.proforma.line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    is_invoiced = fields.Boolean(
        string="Invoiced", compute="_compute_is_invoiced", search="_search_is_invoiced"
    )

    _sql_constraints = [
        (
            "reading_counter_unique",
            "unique(reading_id, counter_type_id)",
            "A reading has only one index per counter.",
        ),
        (
            "value_positive",
            "CHECK(value >= 0 AND reset_start_value >= 0 AND reset_final_value >= 0)",
            "A counter index cannot be negative.",
        ),
        # Each index follows exactly one earlier index: two readings saved at
        # the same moment cannot both count the pages since the same index.
        (
            "previous_line_unique",
            "unique(previous_line_id)",
            "Another reading of this printer was saved at the same moment; "
            "reload the printer and enter the reading again.",
        ),
    ]

    def init(self):
        # Previous/next reading of a printer counter: one index scan.
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS bocp_reading_line_chain_idx "
                "ON bocp_reading_line (printer_id, counter_type_id, date DESC, id DESC)"
            )
        )
        # What is left to invoice stays small whatever the history size.
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS bocp_reading_line_unbilled_idx "
                "ON bocp_reading_line (rental_id) WHERE invoice_line_id IS NULL"
            )
        )

    @api.depends(
        "value",
        "previous_line_id.value",
        "is_reset",
        "reset_final_value",
        "reset_start_value",
        "source",
    )
    def _compute_pages(self):
        for line in self:
            previous = line.previous_line_id
            if line.source == "handover" or not previous:
                line.pages = 0
            elif line.is_reset:
                before = max(line.reset_final_value - previous.value, 0)
                line.pages = before + max(line.value - line.reset_start_value, 0)
            else:
                line.pages = line.value - previous.value

    @api.depends("pages", "price_unit")
    def _compute_amount(self):
        for line in self:
            line.amount = line.pages * line.price_unit

    @api.depends("pages", "allowance_used", "invoice_line_id", "proforma_line_id")
    def _compute_billed_pages(self):
        for line in self:
            billed = line.invoice_line_id or line.proforma_line_id
            line.billed_pages = line.pages - (line.allowance_used if billed else 0)

    @api.depends("invoice_line_id")
    def _compute_is_invoiced(self):
        for line in self:
            line.is_invoiced = bool(line.invoice_line_id)

    def _search_is_invoiced(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on 'Invoiced'."))
        invoiced = (operator == "=") == value
        return [("invoice_line_id", "!=" if invoiced else "=", False)]

    @api.depends("counter_type_id", "value")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.counter_type_id.name}: {line.value}"

    # ------------------------------------------------------------------
    # Chain of readings
    # ------------------------------------------------------------------

    @api.model
    def _last_values(self, printer):
        """{counter: (value, date)} of the last reading of each counter."""
        if not printer:
            return {}
        self.flush_model(["printer_id", "counter_type_id", "date", "value"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT DISTINCT ON (counter_type_id) counter_type_id, value, date
                  FROM bocp_reading_line
                 WHERE printer_id = %s
              ORDER BY counter_type_id, date DESC, id DESC
                """,
                printer.id,
            )
        )
        Counter_ = self.env["bocp.counter.type"]
        return {Counter_.browse(row[0]): (row[1], row[2]) for row in rows}

    def _find_previous(self, keys):
        """For (printer_id, counter_type_id, date) keys, return per key the id
        of the previous line and whether a later line already exists."""
        self.flush_model(["printer_id", "counter_type_id", "date"])
        printers, counters, dates = zip(*keys, strict=True)
        rows = self.env.execute_query(
            SQL(
                """
                SELECT k.idx, prev.id, nxt.date
                  FROM unnest(%s::int[], %s::int[], %s::date[])
                       WITH ORDINALITY AS k(printer_id, counter_type_id, date, idx)
             LEFT JOIN LATERAL (
                        SELECT l.id FROM bocp_reading_line l
                         WHERE l.printer_id = k.printer_id
                           AND l.counter_type_id = k.counter_type_id
                           AND l.date <= k.date
                      ORDER BY l.date DESC, l.id DESC LIMIT 1) prev ON TRUE
             LEFT JOIN LATERAL (
                        SELECT l.date FROM bocp_reading_line l
                         WHERE l.printer_id = k.printer_id
                           AND l.counter_type_id = k.counter_type_id
                           AND l.date > k.date
                      ORDER BY l.date DESC LIMIT 1) nxt ON TRUE
              ORDER BY k.idx
                """,
                list(printers),
                list(counters),
                list(dates),
            )
        )
        return [(prev_id, next_date) for _idx, prev_id, next_date in rows]

    @api.model_create_multi
    def create(self, vals_list):
        readings = self.env["bocp.reading"].browse(
            [vals["reading_id"] for vals in vals_list]
        )
        keys = []
        for vals, reading in zip(vals_list, readings, strict=True):
            keys.append((reading.printer_id.id, vals["counter_type_id"], reading.date))
        if max(Counter((k[0], k[1]) for k in keys).values()) > 1:
            # Several readings of one counter in a batch: chain them in order.
            order = sorted(range(len(vals_list)), key=lambda i: keys[i][2])
            lines = self.browse()
            for index in order:
                lines |= self.create([vals_list[index]])
            return lines
        for vals, reading, (previous_id, next_date) in zip(
            vals_list, readings, self._find_previous(keys), strict=True
        ):
            if next_date:
                raise UserError(
                    self.env._(
                        "Printer %(printer)s already has a reading on %(date)s, "
                        "later than %(new)s: readings are entered in date order.",
                        printer=reading.printer_id.display_name,
                        date=next_date,
                        new=reading.date,
                    )
                )
            vals["previous_line_id"] = previous_id
            if "price_unit" not in vals:
                vals["price_unit"] = reading.rental_id._get_price(
                    vals["counter_type_id"]
                )
        lines = super().create(vals_list)
        lines._check_plausible()
        return lines

    def write(self, vals):
        changed = BILLING_FIELDS & set(vals)
        if changed:
            # a new index also changes the pages of the next reading
            self._check_billing_editable(with_next=bool(changed - {"price_unit"}))
        result = super().write(vals)
        if (changed - {"price_unit"}) or "pages_confirmed" in vals:
            self._check_plausible()
        return result

    def _next_lines(self):
        return self.search([("previous_line_id", "in", self.ids)], order="id")

    def _check_billing_editable(self, with_next=True):
        lines = (self | self._next_lines()) if with_next else self
        if lines.filtered(lambda line: line.invoice_line_id or line.proforma_line_id):
            raise UserError(
                self.env._(
                    "This counter index has been invoiced or put on a proforma (or "
                    "the next one has): it cannot be changed any more."
                )
            )

    def _check_is_last(self):
        later = self._next_lines() - self
        if later:
            raise UserError(
                self.env._(
                    "Only the last reading of a printer can be deleted; a later "
                    "reading exists on %(date)s.",
                    date=later[0].date,
                )
            )

    @api.constrains(
        "value", "previous_line_id", "is_reset", "reset_reason", "reset_start_value"
    )
    def _check_value(self):
        for line in self | self._next_lines():
            previous = line.previous_line_id
            if line.is_reset:
                if not (line.reset_reason or "").strip():
                    raise ValidationError(
                        self.env._(
                            "Give the reason of the reset of counter %(counter)s.",
                            counter=line.counter_type_id.name,
                        )
                    )
                if line.value < line.reset_start_value:
                    raise ValidationError(
                        self.env._(
                            "The index of counter %(counter)s (%(value)s) is lower "
                            "than the start index of the new counter (%(start)s).",
                            counter=line.counter_type_id.name,
                            value=line.value,
                            start=line.reset_start_value,
                        )
                    )
            elif previous and line.value < previous.value:
                raise ValidationError(
                    self.env._(
                        "The %(counter)s index of printer %(printer)s (%(value)s) is "
                        "lower than the previous reading (%(previous)s on %(date)s). "
                        "If the counter was reset or replaced, tick Counter Reset "
                        "and give the reason.",
                        counter=line.counter_type_id.name,
                        printer=line.printer_id.display_name,
                        value=line.value,
                        previous=previous.value,
                        date=previous.date,
                    )
                )

    # ------------------------------------------------------------------
    # Plausibility: a typo of a few digits must not bill millions of pages
    # ------------------------------------------------------------------

    def _elapsed_days(self):
        self.ensure_one()
        return max((self.date - self.previous_line_id.date).days, 1)

    def _pages_allowed(self):
        """Pages the printer type can print since the previous reading
        (its monthly capacity, pro rata of the days, at least one day's)."""
        self.ensure_one()
        capacity = self.printer_type_id.monthly_capacity
        return math.ceil(capacity * self._elapsed_days() / DAYS_PER_MONTH)

    def _is_implausible(self):
        self.ensure_one()
        return (
            bool(self.previous_line_id)
            and self.source != "handover"
            and bool(self.printer_type_id.monthly_capacity)
            and self.pages > self._pages_allowed()
        )

    def _check_plausible(self):
        """Refuse unconfirmed implausible pages; log the confirmed ones on the
        dossier. The next readings count from these indexes: checked too."""
        implausible = (self | self._next_lines()).filtered(
            lambda line: line._is_implausible()
        )
        unconfirmed = implausible.filtered(lambda line: not line.pages_confirmed)
        if unconfirmed:
            raise ValidationError(unconfirmed[0]._implausible_message())
        for line in implausible & self:
            # sudo: a technician entering an intervention's reading may not
            # post on the dossier; the confirmation must be logged anyway
            line.rental_id.sudo().message_post(body=line._confirmed_message())

    def _plausibility_values(self):
        env = self.env
        return {
            "counter": self.counter_type_id.name,
            "printer": self.printer_id.display_name,
            "pages": formatLang(env, self.pages, digits=0),
            "days": self._elapsed_days(),
            "date": self.previous_line_id.date,
            "capacity": formatLang(
                env, self.printer_type_id.monthly_capacity, digits=0
            ),
            "allowed": formatLang(env, self._pages_allowed(), digits=0),
            "type": self.printer_type_id.display_name,
            "value": formatLang(env, self.value, digits=0),
        }

    def _implausible_message(self):
        return self.env._(
            "Counter %(counter)s of printer %(printer)s: index %(value)s makes "
            "%(pages)s pages in %(days)s days since the reading of %(date)s, more "
            "than printer type %(type)s can print (%(capacity)s pages a month, "
            "%(allowed)s in that time). Check the index; if it is right, tick "
            "'Confirm Unusual Pages'.",
            **self._plausibility_values(),
        )

    def _confirmed_message(self):
        return self.env._(
            "Unusual reading confirmed by %(user)s: counter %(counter)s, index "
            "%(value)s, %(pages)s pages in %(days)s days, above the capacity of "
            "printer type %(type)s (%(capacity)s pages a month).",
            user=self.env.user.name,
            **self._plausibility_values(),
        )
