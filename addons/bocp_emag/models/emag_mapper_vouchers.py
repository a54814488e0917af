"""eMAG vouchers by who pays them.

A voucher the seller funds (``offered_by`` "seller", the value live clients
test) is a discount: a negative line per VAT rate on the invoice.  One eMAG
funds (``offered_by`` "eMAG"; gift cards too) does not lower the seller's
invoice nor its VAT: eMAG pays the seller the full price (RO-VOUCHER), so the
invoice keeps it and the eMAG part becomes a receivable from eMAG.  The
customer pays after both.  A voucher whose funder is missing or unknown stops
the order for a person: the connector never guesses.
"""

from collections import defaultdict
from decimal import Decimal

from odoo import api, models

from ..tools import EMAG, NO_TAX, REVERSE_CHARGE, SELLER, OrderOnHold, dec, flag, money

FUNDERS = {"seller": SELLER, "emag": EMAG}


class BocpEmagOrderMapper(models.AbstractModel):
    _inherit = "bocp.emag.order.mapper"

    @api.model
    def _funder(self, value):
        return FUNDERS.get(str(value or "").strip().lower())

    @api.model
    def _voucher_splits(self, data, with_shipping=True):
        """[(voucher id, offered_by, kind, gross)] of every voucher split.

        ``kind`` is the VAT rate of the part, ``REVERSE_CHARGE`` on a
        reverse-charge line or ``NO_TAX`` on an SGR deposit.  Shipping and
        deposit splits without ``offered_by`` (DOC449 lists it on product
        splits only) take the funder of the voucher's product splits.
        """
        splits = []
        for line in data.get("products") or []:
            reverse = flag(line.get("reversible_vat_charging"))
            for split in line.get("product_voucher_split") or []:
                kind = (
                    REVERSE_CHARGE
                    if reverse
                    else dec(split.get("vat", line.get("vat")))
                )
                splits.append((split, kind))
            for item in line.get("recycle_warranties") or []:
                for split in item.get("recycle_warranty_voucher_split") or []:
                    splits.append((split, NO_TAX))
        if with_shipping:
            for split in data.get("shipping_tax_voucher_split") or []:
                rate = split.get("vat")
                splits.append((split, dec(rate) if rate not in (None, "") else None))
        funders = defaultdict(set)
        for split, _kind in splits:
            if split.get("offered_by") not in (None, ""):
                funders[str(split.get("voucher_id"))].add(split["offered_by"])
        result = []
        for split, kind in splits:
            vid = str(split.get("voucher_id"))
            offered = split.get("offered_by")
            if offered in (None, "") and len(funders[vid]) == 1:
                offered = next(iter(funders[vid]))
            gross = dec(split.get("value")) + dec(split.get("vat_value"))
            result.append((vid, offered, kind, gross))
        return result

    @api.model
    def _voucher_parts(self, data, with_shipping=True, strict=True):
        """[(voucher, funder, kind, gross)]: one entry per voucher, funder and
        kind, the parts of a voucher adding up to its own total exactly.

        The voucher's total (``sale_price + sale_price_vat``) is what the
        customer saves; its splits tell how it spreads over funders and VAT
        rates; the rounding difference goes to the largest part.  ``strict``:
        an unknown funder raises :class:`OrderOnHold`; otherwise the part is
        left out (for the amounts shown before the import).
        """
        parts = defaultdict(lambda: defaultdict(Decimal))
        for vid, offered, kind, gross in self._voucher_splits(data, with_shipping):
            parts[vid][(offered, kind)] += gross
        result = []
        for voucher in data.get("vouchers") or []:
            if int(voucher.get("status", 1) or 0) != 1:
                continue
            total = money(
                dec(voucher.get("sale_price")) + dec(voucher.get("sale_price_vat"))
            )
            vid = str(voucher.get("voucher_id") or voucher.get("id"))
            found = {
                (offered, dec(voucher.get("vat")) if kind is None else kind): money(
                    amount
                )
                for (offered, kind), amount in parts.get(vid, {}).items()
            }
            found = {key: amount for key, amount in found.items() if amount}
            if not found and total:
                found = {(voucher.get("offered_by"), dec(voucher.get("vat"))): total}
            if not found:
                continue
            if with_shipping or vid not in self._shipping_voucher_ids(data):
                diff = total - sum(found.values())
                if diff:
                    biggest = max(found, key=lambda key: abs(found[key]))
                    found[biggest] += diff
            for (offered, kind), gross in sorted(found.items(), key=str):
                funder = self._funder(offered)
                if funder is None and strict:
                    raise OrderOnHold(
                        self._unknown_funder_message(voucher, offered, gross)
                    )
                if funder is not None:
                    result.append((voucher, funder, kind, gross))
        return result

    @api.model
    def _shipping_voucher_ids(self, data):
        return {
            str(split.get("voucher_id"))
            for split in data.get("shipping_tax_voucher_split") or []
        }

    @api.model
    def _unknown_funder_message(self, voucher, offered, gross):
        return self.env._(
            "Voucher “%(name)s” (%(amount)s) does not say who pays it (offered_by: "
            "“%(offered)s”; eMAG or seller expected). A seller voucher lowers the "
            "invoice and its VAT, an eMAG voucher does not: check it in eMAG "
            "Marketplace, then issue the invoice by hand.",
            name=voucher.get("voucher_name") or voucher.get("voucher_id"),
            amount=gross,
            offered=offered or "-",
        )

    @api.model
    def _emag_funded_total(self, account, data, strict=False):
        """What eMAG pays the seller for its vouchers on this order (positive)."""
        with_shipping = self._invoices_shipping(account, data)
        return -sum(
            (
                gross
                for _v, funder, _k, gross in self._voucher_parts(
                    data, with_shipping, strict=strict
                )
                if funder == EMAG
            ),
            Decimal(0),
        )

    @api.model
    def _prepare_voucher_line_vals(self, account, voucher, kind, gross, tax):
        name = voucher.get("voucher_name") or str(voucher.get("voucher_id"))
        if kind in (REVERSE_CHARGE, NO_TAX):
            label = self.env._("eMAG voucher: %(name)s", name=name)
            key = f"v:{voucher.get('voucher_id')}:{kind}"
        else:
            label = self.env._(
                "eMAG voucher: %(name)s (VAT %(rate)s%%)",
                name=name,
                rate=float(kind * 100),
            )
            key = f"v:{voucher.get('voucher_id')}:{kind.normalize()}"
        return {
            "product_id": account.voucher_product_id.id,
            "name": label,
            "product_uom_qty": 1,
            "price_unit": float(gross),
            "tax_id": [(6, 0, tax.ids)],
            "bocp_emag_line_key": key,
        }
