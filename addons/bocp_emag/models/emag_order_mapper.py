"""From an eMAG order (JSON) to Odoo values: lines, dates, locker.

Money follows eMAG exactly: a line's gross unit price is
``round(sale_price * (1 + vat), 2)`` and the customer pays that times the
quantity, plus the SGR deposits, ``shipping_tax`` (VAT included) and the
vouchers.  Odoo lines therefore carry the gross unit price with a
*price-included* tax of the line's rate, so the sale order total is eMAG's to
the ban -- less what eMAG itself pays (its vouchers, see
``emag_mapper_vouchers``) and the locker fee when eMAG invoices it.
"""

import re
from datetime import datetime
from decimal import Decimal

import pytz

from odoo import api, models
from odoo.exceptions import UserError

from ..tools import REVERSE_CHARGE, SELLER, dec, flag, money

LOCKER_RE = re.compile(r"\[\s*(easybox|locker|pickup)[^\]]*\]", re.IGNORECASE)


class BocpEmagOrderMapper(models.AbstractModel):
    _name = "bocp.emag.order.mapper"
    _description = "eMAG Order Mapping"

    # ------------------------------------------------------------- money --

    @api.model
    def _is_reverse_charge(self, line):
        return flag(line.get("reversible_vat_charging"))

    @api.model
    def _line_gross_unit(self, line):
        """round(sale_price x (1 + vat), 2); a reverse-charge line has no VAT
        (the buyer accounts for it): its price is the price without VAT."""
        vat = 0 if self._is_reverse_charge(line) else dec(line.get("vat"))
        return money(dec(line.get("sale_price")) * (1 + vat))

    @api.model
    def _active_lines(self, data):
        return [
            line
            for line in data.get("products") or []
            if int(line.get("status", 1) or 0) == 1
        ]

    @api.model
    def _invoices_shipping(self, account, data):
        """False when eMAG runs (and invoices) the locker delivery of a pickup
        order: the seller then invoices and collects no shipping."""
        if not money(data.get("shipping_tax")):
            return False
        return not (
            account.locker_fee_by_emag and data.get("delivery_mode") == "pickup"
        )

    @api.model
    def _order_total(self, data):
        """What the customer pays, as eMAG computes it (every voucher off)."""
        total = sum(
            (
                self._line_gross_unit(line) * int(line.get("quantity") or 0)
                for line in self._active_lines(data)
            ),
            Decimal(0),
        )
        total += self._deposits_total(data)
        total += money(data.get("shipping_tax"))
        for voucher in data.get("vouchers") or []:
            if int(voucher.get("status", 1) or 0) == 1:
                total += money(
                    dec(voucher.get("sale_price")) + dec(voucher.get("sale_price_vat"))
                )
        return money(total)

    # -------------------------------------------------------------- lines --

    @api.model
    def _resolve_products(self, account, datas):
        """{eMAG product_id (str): product} for every line of the batch.

        By offer (seller product id), then internal reference = part number;
        missing products are created when the account allows it.
        """
        lines = [line for d in datas for line in d.get("products") or []]
        ids = {str(line.get("product_id")) for line in lines}
        Offer = self.env["bocp.emag.offer"].sudo()
        offers = Offer.search(
            [
                ("account_id", "=", account.id),
                ("emag_id", "in", [int(i) for i in ids if i.isdigit()]),
            ]
        )
        found = {str(o.emag_id): o.product_id for o in offers if o.product_id}
        missing = [line for line in lines if str(line.get("product_id")) not in found]
        pns = {
            (line.get("ext_part_number") or line.get("part_number") or "").strip()
            for line in missing
        } - {""}
        Product = self.env["product.product"].sudo().with_company(account.company_id)
        by_pn = {
            p.default_code: p
            for p in Product.search(
                [
                    ("default_code", "in", list(pns)),
                    ("company_id", "in", [account.company_id.id, False]),
                ]
            )
        }
        to_create = {}
        for line in missing:
            pid = str(line.get("product_id"))
            pn = (line.get("ext_part_number") or line.get("part_number") or "").strip()
            if pn in by_pn:
                found[pid] = by_pn[pn]
            elif account.create_missing_products and pid not in to_create:
                to_create[pid] = {
                    "name": line.get("name") or pn or pid,
                    "default_code": pn or False,
                    "type": "consu",
                    "is_storable": True,
                    "list_price": float(dec(line.get("sale_price"))),
                    "company_id": False,
                }
        if to_create:
            products = Product.create(list(to_create.values()))
            found.update(zip(to_create, products, strict=True))
        return found

    @api.model
    def _prepare_product_line_vals(self, account, line, product, tax):
        qty = (
            int(line.get("quantity") or 0)
            if int(line.get("status", 1) or 0) == 1
            else 0
        )
        return {
            "product_id": product.id,
            "name": line.get("name") or product.display_name,
            "product_uom_qty": qty,
            "price_unit": float(self._line_gross_unit(line)),
            "tax_id": [(6, 0, tax.ids)],
            "bocp_emag_line_key": "p:{}".format(line.get("id")),
        }

    @api.model
    def _shipping_rate(self, account, data):
        taxes = account.shipping_product_id.taxes_id.filtered(
            lambda t: t.company_id == account.company_id and t.amount_type == "percent"
        )
        if taxes:
            return dec(taxes[0].amount) / 100
        rates = [dec(line.get("vat")) for line in self._active_lines(data)]
        return max(rates) if rates else Decimal(0)

    @api.model
    def _prepare_shipping_line_vals(self, account, data, tax):
        return {
            "product_id": account.shipping_product_id.id,
            "name": self.env._("eMAG shipping"),
            "product_uom_qty": 1,
            "price_unit": float(money(data.get("shipping_tax"))),
            "tax_id": [(6, 0, tax.ids)],
            "bocp_emag_line_key": "s",
        }

    @api.model
    def _prepare_lines(self, account, data, products, tax_cache):
        """The (0, 0, vals) commands of the sale order lines of one order:
        products, their SGR deposits, shipping, the seller's vouchers."""
        company = account.company_id
        commands = []
        for line in self._active_lines(data):
            product = products.get(str(line.get("product_id")))
            if not product:
                raise UserError(
                    self.env._(
                        "No product matches the eMAG line “%(name)s” (part number "
                        "%(pn)s). Synchronize the products or allow creating them.",
                        name=line.get("name"),
                        pn=line.get("part_number"),
                    )
                )
            kind = REVERSE_CHARGE if self._is_reverse_charge(line) else line.get("vat")
            tax = self._tax_for(company, kind, tax_cache)
            commands.append(
                (0, 0, self._prepare_product_line_vals(account, line, product, tax))
            )
        for index, (line, item) in enumerate(self._deposit_items(data)):
            tax = self._tax_for(company, self._deposit_kind(item), tax_cache)
            vals = self._prepare_deposit_line_vals(account, line, item, index, tax)
            commands.append((0, 0, vals))
        with_shipping = self._invoices_shipping(account, data)
        if with_shipping:
            tax = self._get_included_tax(
                company, self._shipping_rate(account, data), tax_cache
            )
            commands.append(
                (0, 0, self._prepare_shipping_line_vals(account, data, tax))
            )
        for voucher, funder, kind, gross in self._voucher_parts(data, with_shipping):
            if funder != SELLER:
                continue  # eMAG's: a receivable, not a discount (see vouchers)
            tax = self._tax_for(company, kind, tax_cache)
            vals = self._prepare_voucher_line_vals(account, voucher, kind, gross, tax)
            commands.append((0, 0, vals))
        return commands

    @api.model
    def _fiscal_position(self, account, data):
        """l10n_ro's reverse-charge position when every product line is
        reverse-charge (mixed orders keep the customer's own position and get
        the reverse-charge tax on their lines only)."""
        lines = self._active_lines(data)
        if lines and all(self._is_reverse_charge(line) for line in lines):
            return self._reverse_charge_position(account.company_id)
        return self.env["account.fiscal.position"]

    # -------------------------------------------------------------- dates --

    @api.model
    def _to_utc(self, account, value):
        """eMAG dates are naive, in the platform's local time."""
        if not value:
            return False
        try:
            local = datetime.strptime(str(value)[:19], "%Y-%m-%d %H:%M:%S")
        except ValueError:
            return False
        tz = pytz.timezone(account._get_platform_tz())
        return tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _locker(self, data):
        details = data.get("details") or {}
        if not isinstance(details, dict):
            details = {}
        street = (data.get("customer") or {}).get("shipping_street") or ""
        match = LOCKER_RE.search(street)
        return details.get("locker_id") or False, details.get("locker_name") or (
            match.group(0).strip("[] ") if match else False
        )
