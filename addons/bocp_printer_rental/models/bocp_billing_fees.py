from dateutil.relativedelta import relativedelta

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date, formatLang

from .bocp_billing_charge import Charge


class BocpBillingFees(models.AbstractModel):
    """Fixed fees and minimums: one per billing period of a dossier,
    whatever happens to the invoices that carry them.

    A period's fixed fee is due from the period's first day (billed in
    advance) until a live invoice line or an open proforma line covers it;
    cancelling, crediting or removing that line makes it due again. A
    period's minimum is due once its pages are known (the period is over,
    or the printer was picked up in it): the difference between the minimum
    and the pages billed for the readings of that period, less what earlier
    minimum lines of the period already charged. Both count a period begun
    as a whole period (only included pages are pro rata)."""

    _name = "bocp.billing.fees"
    _description = "Printer Rental Billing: Fixed Fees and Minimums"

    @api.model
    def _billed_periods(self, rentals):
        """{(rental id, kind): [(start, end, amount)]} of the fee and minimum
        lines of live invoices (not cancelled nor given back) and of open
        proformas."""
        rentals = rentals.filtered(lambda r: r.fixed_fee or r.minimum_amount)
        if not rentals:
            return {}
        self.env["account.move.line"].flush_model(
            [
                "bocp_rental_id",
                "bocp_kind",
                "bocp_period_start",
                "bocp_period_end",
                "price_subtotal",
                "parent_state",
                "move_id",
            ]
        )
        self.env["account.move"].flush_model(["bocp_items_released", "move_type"])
        self.env["bocp.proforma.line"].flush_model(
            ["rental_id", "kind", "period_start", "period_end", "price_subtotal"]
        )
        self.env["bocp.proforma"].flush_model(["state"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT aml.bocp_rental_id, aml.bocp_kind, aml.bocp_period_start,
                       aml.bocp_period_end, aml.price_subtotal
                  FROM account_move_line aml
                  JOIN account_move move ON move.id = aml.move_id
                 WHERE aml.bocp_rental_id = ANY(%(ids)s)
                   AND aml.bocp_kind IN ('fee', 'minimum')
                   AND aml.bocp_period_start IS NOT NULL
                   AND aml.parent_state != 'cancel'
                   AND move.move_type = 'out_invoice'
                   AND move.bocp_items_released IS NOT TRUE
             UNION ALL
                SELECT pl.rental_id, pl.kind, pl.period_start, pl.period_end,
                       pl.price_subtotal
                  FROM bocp_proforma_line pl
                  JOIN bocp_proforma p ON p.id = pl.proforma_id
                 WHERE pl.rental_id = ANY(%(ids)s)
                   AND pl.kind IN ('fee', 'minimum')
                   AND pl.period_start IS NOT NULL
                   AND p.state = 'open'
                """,
                ids=rentals.ids,
            )
        )
        billed = {}
        for rental_id, kind, start, end, amount in rows:
            billed.setdefault((rental_id, kind), []).append((start, end, amount))
        return billed

    # ------------------------------------------------------------------
    # Fixed fees
    # ------------------------------------------------------------------

    @api.model
    def _fee_charges(self, rental, day, billed):
        """One charge per run of consecutive periods whose fee is due."""
        if not rental.fixed_fee:
            return []
        covered = billed.get((rental.id, "fee"), [])
        runs = []
        for start, end in self.env["bocp.billing.period"]._due_periods(rental, day):
            if any(first <= start <= last for first, last, _amount in covered):
                continue
            if runs and runs[-1][1] + relativedelta(days=1) == start:
                runs[-1] = (runs[-1][0], end, runs[-1][2] + 1)
            else:
                runs.append((start, end, 1))
        product = self._setting_product(rental.company_id, "bocp_fee_product_id")
        return [
            Charge(
                rental=rental,
                kind="fee",
                product=product,
                name=self.env._(
                    "Fixed fee %(code)s, %(start)s – %(end)s",
                    **self._dates(rental, start, end),
                ),
                quantity=count,
                price_unit=rental.fixed_fee,
                period_start=start,
                period_end=end,
            )
            for start, end, count in runs
        ]

    # ------------------------------------------------------------------
    # Minimums
    # ------------------------------------------------------------------

    @api.model
    def _minimum_charges(self, rental, day, readings, billed):
        """Minimum charges of the periods whose pages are known.

        :param readings: [(date, billed pages, price per page, is new)] of
            the dossier's readings, invoiced before or now
        """
        if not rental.minimum_amount:
            return []
        groups = self._minimum_groups(rental, day, readings)
        charged = billed.get((rental.id, "minimum"), [])
        pools = [[group] for group in groups if not group["new"]]
        new = [group for group in groups if group["new"]]
        if rental.allowance_pooled and new:
            pools.append(new)
        else:
            pools += [[group] for group in new]
        charges = []
        for pool in sorted(pools, key=lambda p: p[0]["start"]):
            charge = self._minimum_charge(rental, pool, charged)
            if charge:
                charges.append(charge)
        return charges

    @api.model
    def _minimum_groups(self, rental, day, readings):
        """The periods of the readings, each with the periods before it that
        have no reading, when complete at `day`: [{start, end, periods,
        pages amount, new}]."""
        Period = self.env["bocp.billing.period"]
        by_period = {}
        for reading_day, pages, price, is_new in readings:
            period = Period._rental_period_of(rental, reading_day)
            group = by_period.setdefault(period, {"amount": 0.0, "new": False})
            group["amount"] += pages * price
            group["new"] |= is_new
        groups, previous_end = [], None
        for (_start, end), values in sorted(by_period.items()):
            first = (
                previous_end + relativedelta(days=1)
                if previous_end
                else Period._rental_period_of(rental, rental.date_start)[0]
            )
            previous_end = end
            last_day = min(end, rental.date_end) if rental.date_end else end
            if last_day > day:
                continue
            groups.append(
                {
                    "start": first,
                    "end": end,
                    "periods": len(Period._periods(rental, first, end)),
                    **values,
                }
            )
        return groups

    @api.model
    def _minimum_charge(self, rental, pool, charged):
        currency = rental.company_id.currency_id
        start, end = pool[0]["start"], pool[-1]["end"]
        minimum = rental.minimum_amount * sum(group["periods"] for group in pool)
        pages_amount = currency.round(sum(group["amount"] for group in pool))
        before = sum(
            amount for first, _last, amount in charged if start <= first <= end
        )
        missing = currency.round(minimum - pages_amount - before)
        if missing <= 0:
            return None
        return Charge(
            rental=rental,
            kind="minimum",
            product=self._setting_product(rental.company_id, "bocp_minimum_product_id"),
            name=self.env._(
                "Minimum billing %(code)s, %(start)s – %(end)s: "
                "%(minimum)s minimum, %(pages)s in pages",
                minimum=formatLang(self.env, minimum, currency_obj=currency),
                pages=formatLang(self.env, pages_amount, currency_obj=currency),
                **self._dates(rental, start, end),
            ),
            quantity=1,
            price_unit=missing,
            period_start=start,
            period_end=end,
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    @api.model
    def _dates(self, rental, start, end):
        return {
            "code": rental.printer_id.code,
            "start": format_date(self.env, start),
            "end": format_date(self.env, end),
        }

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
