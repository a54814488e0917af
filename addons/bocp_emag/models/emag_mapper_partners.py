"""The buyer of an eMAG order: a person or a company, its billing and
delivery addresses, found again on the next orders."""

import re

from odoo import api, models


class BocpEmagOrderMapper(models.AbstractModel):
    _inherit = "bocp.emag.order.mapper"

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
    def _address_vals(self, customer, prefix, caches):
        """The billing or shipping address as CIUS-RO (e-Factura) wants it:
        the county as a state, a Bucharest locality as its sector city
        ("Sectorul 3" -> "SECTOR3"), by the shared ``bocp_ro_address``."""
        country = self._country(customer.get(prefix + "_country"), caches["country"])
        vals = {
            "street": customer.get(prefix + "_street") or False,
            "city": customer.get(prefix + "_city") or False,
            "zip": customer.get(prefix + "_postal_code") or False,
            "country_id": country.id or False,
            "state_id": customer.get(prefix + "_suburb") or False,
        }
        key = tuple(vals.values())
        if key not in caches["address"]:
            normalized = self.env["res.partner"]._bocp_ro_normalize_address_vals(vals)
            caches["address"][key] = dict(dict.fromkeys(vals, False), **normalized)
        return dict(caches["address"][key])

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
        caches = {"country": {}, "address": {}}
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
