from dateutil.relativedelta import relativedelta

from odoo import api, models
from odoo.tools import float_round


class BocpBillingPeriod(models.AbstractModel):
    """Billing periods of a dossier and the pages each includes.

    Periods are calendar months grouped by the dossier's billing period from
    January (monthly: each month; quarterly: January-March, ...). The pages
    included for a counter are an allowance of each period; a period the
    printer was only partly rented (handed over or picked up in it) gets the
    allowance pro rata by days."""

    _name = "bocp.billing.period"
    _description = "Printer Rental Billing Periods"

    @api.model
    def _months(self, rental):
        return int(rental.billing_period or rental.company_id.bocp_billing_period or 1)

    @api.model
    def _period_of(self, day, months):
        """(start, end) of the period of `months` months holding `day`."""
        index = (day.month - 1) // months * months
        start = day.replace(month=index + 1, day=1)
        return start, start + relativedelta(months=months, days=-1)

    @api.model
    def _rental_period_of(self, rental, day):
        return self._period_of(day, self._months(rental))

    @api.model
    def _periods(self, rental, first_day, last_day):
        """[(start, end)] of the periods from the one holding `first_day` to
        the one holding `last_day` (both included)."""
        periods = []
        if not first_day or not last_day or first_day > last_day:
            return periods
        start, end = self._rental_period_of(rental, first_day)
        months = self._months(rental)
        while start <= last_day:
            periods.append((start, end))
            start = end + relativedelta(days=1)
            end = start + relativedelta(months=months, days=-1)
        return periods

    @api.model
    def _due_periods(self, rental, day):
        """Every period of the rental up to the one holding `day` (or the
        pickup date when earlier)."""
        last_day = min(day, rental.date_end) if rental.date_end else day
        return self._periods(rental, rental.date_start, last_day)

    @api.model
    def _rented_days(self, rental, start, end):
        """(days the printer was at the client in [start, end], days of it)."""
        first = max(start, rental.date_start) if rental.date_start else start
        last = min(end, rental.date_end) if rental.date_end else end
        return max((last - first).days + 1, 0), (end - start).days + 1

    @api.model
    def _allowance(self, rental, included, start, end):
        """Included pages of the period [start, end]: the agreed pages, pro
        rata by days when the printer was rented only part of it (rounded
        half up to whole pages)."""
        rented, days = self._rented_days(rental, start, end)
        if not included or rented >= days:
            return included
        return int(
            float_round(
                included * rented / days, precision_digits=0, rounding_method="HALF-UP"
            )
        )

    @api.model
    def _group_start(self, rental, previous_date):
        """First day of the periods whose pages a reading counts: the day
        after the period of the previous reading, else the first period of
        the rental (readings every two months on a monthly allowance count
        both months)."""
        if previous_date:
            return self._rental_period_of(rental, previous_date)[1] + relativedelta(
                days=1
            )
        return self._rental_period_of(rental, rental.date_start)[0]
