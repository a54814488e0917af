"""The currency of an eMAG order and the pricelist its sale is booked with.

eMAG sends ``currency`` on the order (SELLF decodes it, 2026) and on every
line; older answers carry only the lines'.  When neither says, the platform's
currency on the order's date: Bulgaria sells in EUR since 2026-01-01, BGN
before.  A currency the company cannot book stops the order for a person.
"""

from odoo import api, models

from ..tools import OrderOnHold
from .emag_account import PLATFORMS, PLATFORMS_BEFORE


class BocpEmagOrderMapper(models.AbstractModel):
    _inherit = "bocp.emag.order.mapper"

    @api.model
    def _currency_code(self, account, data):
        code = data.get("currency") or next(
            (
                li.get("currency")
                for li in data.get("products") or []
                if li.get("currency")
            ),
            None,
        )
        if code:
            return str(code).strip().upper()
        platform = account.platform or "ro"
        before = PLATFORMS_BEFORE.get(platform)
        if before and str(data.get("date") or "")[:10] < before[0]:
            return before[1]
        return PLATFORMS[platform][1]

    @api.model
    def _currency(self, account, data):
        """The res.currency of the order (maybe inactive), or an empty record."""
        return (
            self.env["res.currency"]
            .with_context(active_test=False)
            .search([("name", "=", self._currency_code(account, data))], limit=1)
        )

    @api.model
    def _check_line_currencies(self, data, code):
        other = {
            str(li.get("currency")).upper()
            for li in data.get("products") or []
            if li.get("currency")
        } - {code}
        if other:
            raise OrderOnHold(
                self.env._(
                    "The eMAG order is in %(order)s but some of its lines are in "
                    "%(lines)s: issue its invoice by hand.",
                    order=code,
                    lines=", ".join(sorted(other)),
                )
            )

    @api.model
    def _pricelist_for(self, account, data):
        """The pricelist (maybe empty) the sale of this order is booked with."""
        code = self._currency_code(account, data)
        self._check_line_currencies(data, code)
        currency = self._currency(account, data)
        company = account.company_id
        if not currency.active:
            raise OrderOnHold(
                self.env._(
                    "The eMAG order is in %(currency)s, a currency %(company)s does "
                    "not use: activate it in Accounting > Configuration > Currencies "
                    "(with its exchange rate) and give the eMAG account a pricelist "
                    "in %(currency)s, then retry the import.",
                    currency=code,
                    company=company.name,
                )
            )
        pricelist = account.pricelist_id
        if pricelist.currency_id == currency or (
            not pricelist and currency == company.currency_id
        ):
            return pricelist
        pricelist = self.env["product.pricelist"].search(
            [
                ("currency_id", "=", currency.id),
                ("company_id", "in", [company.id, False]),
            ],
            order="company_id, sequence, id",
            limit=1,
        )
        if not pricelist:
            raise OrderOnHold(
                self.env._(
                    "The eMAG order is in %(currency)s but no pricelist of "
                    "%(company)s is: create one in %(currency)s (Sales > Products > "
                    "Pricelists) or choose one on the eMAG account.",
                    currency=code,
                    company=company.name,
                )
            )
        return pricelist
