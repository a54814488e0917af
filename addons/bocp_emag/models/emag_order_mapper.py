"""From an eMAG order (JSON) to Odoo values: customer, addresses, lines.

Money follows eMAG exactly: a line's gross unit price is
``round(sale_price * (1 + vat), 2)`` and the customer pays that times the
quantity, plus ``shipping_tax`` (VAT included) and the vouchers.  Odoo lines
therefore carry the gross unit price with a *price-included* tax of the line's
rate, so the sale order total is eMAG's total to the ban.
"""

import re
import unicodedata
from collections import defaultdict
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import pytz

from odoo import api, models
from odoo.exceptions import UserError

CENT = Decimal("0.01")
LOCKER_RE = re.compile(r"\[\s*(easybox|locker|pickup)[^\]]*\]", re.IGNORECASE)


def dec(value):
    try:
        return Decimal(str(value if value not in (None, "") else 0))
    except InvalidOperation:
        return Decimal(0)


def money(value):
    return dec(value).quantize(CENT, rounding=ROUND_HALF_UP)


def plain(text):
    """Lower-case, no diacritics, no 'judetul' prefix: for county matching."""
    text = unicodedata.normalize("NFKD", str(text or ""))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().strip()
    text = re.sub(r"^(judetul|jud\.?)\s+", "", text)
    return re.sub(r"[\s\-]+", " ", text)


class BocpEmagOrderMapper(models.AbstractModel):
    _name = "bocp.emag.order.mapper"
    _description = "eMAG Order Mapping"

    # ------------------------------------------------------------- money --

    @api.model
    def _line_gross_unit(self, line):
        return money(dec(line.get("sale_price")) * (1 + dec(line.get("vat"))))

    @api.model
    def _voucher_groups(self, data):
        """[(voucher dict, rate, gross)] -- one entry per voucher and VAT rate.

        The voucher's own total (``sale_price + sale_price_vat``) is what the
        customer saves; its splits tell how it spreads over VAT rates.  The
        rounding difference, if any, goes to the largest part so the parts add
        up to the voucher's total exactly.
        """
        splits = defaultdict(lambda: defaultdict(Decimal))
        for line in data.get("products") or []:
            for split in line.get("product_voucher_split") or []:
                rate = dec(split.get("vat", line.get("vat")))
                amount = dec(split.get("value")) + dec(split.get("vat_value"))
                splits[str(split.get("voucher_id"))][rate] += amount
        for split in data.get("shipping_tax_voucher_split") or []:
            rate = dec(split.get("vat")) if split.get("vat") not in (None, "") else None
            amount = dec(split.get("value")) + dec(split.get("vat_value"))
            splits[str(split.get("voucher_id"))][rate] += amount
        result = []
        for voucher in data.get("vouchers") or []:
            if int(voucher.get("status", 1) or 0) != 1:
                continue
            total = money(
                dec(voucher.get("sale_price")) + dec(voucher.get("sale_price_vat"))
            )
            if not total:
                continue
            vid = str(voucher.get("voucher_id") or voucher.get("id"))
            parts = {
                (rate if rate is not None else dec(voucher.get("vat"))): money(amount)
                for rate, amount in splits.get(vid, {}).items()
            }
            parts = {rate: amount for rate, amount in parts.items() if amount}
            if not parts:
                parts = {dec(voucher.get("vat")): total}
            diff = total - sum(parts.values())
            if diff:
                biggest = max(parts, key=lambda r: abs(parts[r]))
                parts[biggest] += diff
            result.extend(
                (voucher, rate, gross) for rate, gross in sorted(parts.items())
            )
        return result

    @api.model
    def _order_total(self, data):
        """What the customer pays, as eMAG computes it."""
        total = Decimal(0)
        for line in data.get("products") or []:
            if int(line.get("status", 1) or 0) == 1:
                total += self._line_gross_unit(line) * int(line.get("quantity") or 0)
        total += money(data.get("shipping_tax"))
        total += sum(
            (gross for _v, _r, gross in self._voucher_groups(data)), Decimal(0)
        )
        return money(total)

    # ------------------------------------------------------------- taxes --

    @api.model
    def _get_included_tax(self, company, rate, cache=None):
        """The sale tax of ``rate`` (fraction) with the price VAT included.

        Searched among the company's sale taxes; when only a price-excluded tax
        of that rate exists, a price-included copy of it is made once (same
        accounts and tax grids).
        """
        key = (company.id, str(dec(rate).normalize()))
        if cache is not None and key in cache:
            return cache[key]
        percent = float(dec(rate) * 100)
        Tax = self.env["account.tax"].sudo().with_company(company)
        taxes = Tax.search(
            [
                ("company_id", "=", company.id),
                ("type_tax_use", "=", "sale"),
                ("amount_type", "=", "percent"),
                ("amount", "=", percent),
            ],
            order="sequence, id",
        )
        tax = taxes.filtered("price_include")[:1]
        if not tax:
            default = company.account_sale_tax_id
            base = (default & taxes) or taxes.filtered(lambda t: not t.tax_scope)[:1]
            base = base or taxes[:1]
            if not base:
                raise UserError(
                    self.env._(
                        "There is no sale tax of %(rate)s%% in %(company)s: create it "
                        "in Accounting > Configuration > Taxes.",
                        rate=percent,
                        company=company.name,
                    )
                )
            tax = base.copy(
                {
                    "name": self.env._("%(tax)s (eMAG, VAT included)", tax=base.name),
                    "price_include_override": "tax_included",
                }
            )
        if cache is not None:
            cache[key] = tax
        return tax

    # ---------------------------------------------------------- partners --

    @api.model
    def _country(self, value, cache):
        value = (value or "").strip()
        if value in cache:
            return cache[value]
        Country = self.env["res.country"]
        country = (
            Country.search([("code", "=ilike", value)], limit=1)
            if len(value) == 2
            else None
        )
        if not country and value:
            country = Country.search([("name", "=ilike", value)], limit=1)
        cache[value] = country or Country
        return cache[value]

    @api.model
    def _state(self, country, county, cache):
        if not country or not county:
            return self.env["res.country.state"]
        if country.id not in cache:
            cache[country.id] = {
                plain(s.name): s
                for s in self.env["res.country.state"].search(
                    [("country_id", "=", country.id)]
                )
            }
        states = cache[country.id]
        key = plain(county)
        if key in ("bucuresti", "municipiul bucuresti"):
            key = next((k for k in states if k.startswith("bucuresti")), key)
        return states.get(key) or self.env["res.country.state"]

    @api.model
    def _address_vals(self, customer, prefix, caches):
        country = self._country(customer.get(prefix + "_country"), caches["country"])
        state = self._state(country, customer.get(prefix + "_suburb"), caches["state"])
        return {
            "street": customer.get(prefix + "_street") or False,
            "city": customer.get(prefix + "_city") or False,
            "zip": customer.get(prefix + "_postal_code") or False,
            "country_id": country.id or False,
            "state_id": state.id or False,
        }

    @api.model
    def _is_company(self, customer):
        return bool(int(customer.get("legal_entity") or 0))

    @api.model
    def _company_vat(self, customer, country):
        """The customer's CUI as Odoo expects it, or False when not valid."""
        code = re.sub(r"\s", "", str(customer.get("code") or "")).upper()
        if not code:
            return False
        if code.isdigit() and int(customer.get("is_vat_payer") or 0) and country.code:
            code = country.code + code
        Partner = self.env["res.partner"]
        if hasattr(Partner, "_run_vat_test") and not Partner._run_vat_test(
            code, country, True
        ):
            return False
        return code

    @api.model
    def _customer_ref(self, account, customer):
        return "{}:{}".format(
            account.platform, customer.get("id") or customer.get("name")
        )

    @api.model
    def _prepare_partner_vals(self, account, customer, caches):
        """The buyer: a company (legal_entity) or a person, at its billing address."""
        vals = self._address_vals(customer, "billing", caches)
        is_company = self._is_company(customer)
        name = (
            (customer.get("company") if is_company else customer.get("billing_name"))
            or customer.get("name")
            or customer.get("company")
            or "eMAG"
        )
        email = customer.get("email") or ""
        vals.update(
            {
                "name": name.strip(),
                "is_company": is_company,
                "company_type": "company" if is_company else "person",
                "phone": customer.get("billing_phone")
                or customer.get("phone_1")
                or False,
                "email": email if "@" in email else False,
                "company_id": account.company_id.id,
                "bocp_emag_customer_ref": self._customer_ref(account, customer),
                "customer_rank": 1,
            }
        )
        if is_company:
            country = self.env["res.country"].browse(vals["country_id"])
            vals["vat"] = self._company_vat(customer, country)
            vals["company_registry"] = customer.get("registration_number") or False
        return vals

    @api.model
    def _prepare_delivery_vals(self, partner, customer, caches):
        vals = self._address_vals(customer, "shipping", caches)
        vals.update(
            {
                "type": "delivery",
                "parent_id": partner.id,
                "name": customer.get("shipping_contact") or partner.name,
                "phone": customer.get("shipping_phone") or False,
                "company_id": partner.company_id.id,
            }
        )
        return vals

    @api.model
    def _same_address(self, record, vals):
        return all(
            (record[key].id if key.endswith("_id") else record[key] or False)
            == vals[key]
            for key in ("street", "city", "zip", "country_id")
        )

    @api.model
    def _resolve_partners(self, account, datas):
        """{index: (partner, delivery)} for a batch of orders, in few queries."""
        Partner = self.env["res.partner"].sudo().with_context(tracking_disable=True)
        caches = {"country": {}, "state": {}}
        customers = [d.get("customer") or {} for d in datas]
        refs = {self._customer_ref(account, c) for c in customers}
        known = {
            p.bocp_emag_customer_ref: p
            for p in Partner.search(
                [
                    ("bocp_emag_customer_ref", "in", list(refs)),
                    ("company_id", "in", [account.company_id.id, False]),
                ]
            )
        }
        candidates = set()
        for customer in customers:
            if self._is_company(customer) and customer.get("code"):
                digits = self._partner_key(account, customer)[4:]
                candidates |= {digits, "RO" + digits, customer["code"].strip().upper()}
        if candidates:
            for partner in Partner.search(
                [
                    ("is_company", "=", True),
                    ("vat", "in", list(candidates)),
                    ("company_id", "in", [account.company_id.id, False]),
                ]
            ):
                known.setdefault(
                    "vat:" + re.sub(r"^[A-Z]{2}", "", partner.vat), partner
                )
        new_vals = {}
        for customer in customers:
            key = self._partner_key(account, customer)
            if key not in known and key not in new_vals:
                new_vals[key] = self._prepare_partner_vals(account, customer, caches)
        if new_vals:
            created = Partner.create(list(new_vals.values()))
            known.update(zip(new_vals, created, strict=True))
        result, delivery_vals = {}, {}
        for index, customer in enumerate(customers):
            partner = known[self._partner_key(account, customer)]
            vals = self._prepare_delivery_vals(partner, customer, caches)
            if self._same_address(partner, vals):
                result[index] = (partner, partner)
                continue
            delivery = partner.child_ids.filtered(
                lambda c, v=vals: c.type == "delivery"
                and c.name == v["name"]
                and self._same_address(c, v)
            )[:1]
            if delivery:
                result[index] = (partner, delivery)
            else:
                delivery_vals[index] = vals
        if delivery_vals:
            created = Partner.create(list(delivery_vals.values()))
            for index, delivery in zip(delivery_vals, created, strict=True):
                result[index] = (
                    known[self._partner_key(account, customers[index])],
                    delivery,
                )
        return result

    @api.model
    def _partner_key(self, account, customer):
        if self._is_company(customer) and customer.get("code"):
            return "vat:" + re.sub(
                r"^[A-Z]{2}", "", str(customer["code"]).strip().upper()
            )
        return self._customer_ref(account, customer)

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
    def _prepare_voucher_line_vals(self, account, voucher, rate, gross, tax):
        name = voucher.get("voucher_name") or str(voucher.get("voucher_id"))
        return {
            "product_id": account.voucher_product_id.id,
            "name": self.env._(
                "eMAG voucher: %(name)s (VAT %(rate)s%%)",
                name=name,
                rate=float(rate * 100),
            ),
            "product_uom_qty": 1,
            "price_unit": float(gross),
            "tax_id": [(6, 0, tax.ids)],
            "bocp_emag_line_key": "v:{}:{}".format(
                voucher.get("voucher_id"), rate.normalize()
            ),
        }

    @api.model
    def _shipping_rate(self, account, data):
        taxes = account.shipping_product_id.taxes_id.filtered(
            lambda t: t.company_id == account.company_id and t.amount_type == "percent"
        )
        if taxes:
            return dec(taxes[0].amount) / 100
        rates = [dec(line.get("vat")) for line in data.get("products") or []]
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
        """The (0, 0, vals) commands of the sale order lines of one order."""
        company = account.company_id
        commands = []
        for line in data.get("products") or []:
            if int(line.get("status", 1) or 0) != 1:
                continue
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
            tax = self._get_included_tax(company, dec(line.get("vat")), tax_cache)
            commands.append(
                (0, 0, self._prepare_product_line_vals(account, line, product, tax))
            )
        if money(data.get("shipping_tax")):
            tax = self._get_included_tax(
                company, self._shipping_rate(account, data), tax_cache
            )
            commands.append(
                (0, 0, self._prepare_shipping_line_vals(account, data, tax))
            )
        for voucher, rate, gross in self._voucher_groups(data):
            tax = self._get_included_tax(company, rate, tax_cache)
            commands.append(
                (
                    0,
                    0,
                    self._prepare_voucher_line_vals(account, voucher, rate, gross, tax),
                )
            )
        return commands

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
