"""SGR deposits (sistemul garanție-returnare) of eMAG order lines.

``products[].recycle_warranties[]`` (DOC449 4.4.6): ``quantity``,
``sale_price`` without VAT, ``vat_rate`` (0 in the doc's example),
``product_name`` ("Taxa SGR metal").  The deposit is not a supply (Codul
fiscal, OUG 78/2024: outside the scope of VAT): one line per item on the
deposit product at 0% (l10n_ro's non-taxable tax: e-Factura wants a tax on
every line), and part of what the customer pays (COD).
``quantity`` is read as the number of containers of the whole line -- the
doc's example is 6, a six-pack -- UNCONFIRMED on a real order.
"""

from decimal import Decimal

from odoo import api, models

from ..tools import NO_TAX, dec, money


class BocpEmagOrderMapper(models.AbstractModel):
    _inherit = "bocp.emag.order.mapper"

    @api.model
    def _deposit_items(self, data):
        """[(order line, deposit item)] of the active lines."""
        return [
            (line, item)
            for line in data.get("products") or []
            if int(line.get("status", 1) or 0) == 1
            for item in line.get("recycle_warranties") or []
            if int(item.get("quantity") or 0)
        ]

    @api.model
    def _deposit_unit(self, item):
        return money(dec(item.get("sale_price")) * (1 + dec(item.get("vat_rate"))))

    @api.model
    def _deposits_total(self, data):
        return sum(
            (
                self._deposit_unit(item) * int(item.get("quantity") or 0)
                for _line, item in self._deposit_items(data)
            ),
            Decimal(0),
        )

    @api.model
    def _deposit_kind(self, item):
        rate = dec(item.get("vat_rate"))
        return rate if rate else NO_TAX

    @api.model
    def _prepare_deposit_line_vals(self, account, line, item, index, tax):
        name = item.get("product_name") or account.deposit_product_id.name
        return {
            "product_id": account.deposit_product_id.id,
            "name": self.env._(
                "%(deposit)s (%(product)s)",
                deposit=name,
                product=line.get("name") or "",
            ),
            "product_uom_qty": int(item.get("quantity") or 0),
            "price_unit": float(self._deposit_unit(item)),
            "tax_id": [(6, 0, tax.ids)],
            "bocp_emag_line_key": "d:{}:{}".format(line.get("id"), index),
        }
