import json
import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL, float_round, split_every

from ..tools import EmagApiError, upsert
from ..tools.emag_client import MAX_SAVE_ITEMS

_logger = logging.getLogger(__name__)

MAX_STOCK = 65535
# DOC449: send the offer "upon changing ... and at least weekly (even if the
# offer is the same)": an unchanged offer gets its price again after a week,
# never its stock (a stale stock would give eMAG back units it sold meanwhile)
RESEND_AFTER = timedelta(days=7)


class BocpEmagOffer(models.Model):
    """One of the seller's offers on eMAG, linked to an Odoo product."""

    _name = "bocp.emag.offer"
    _description = "eMAG Offer"
    _order = "account_id, emag_id"

    account_id = fields.Many2one(
        "bocp.emag.account", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="account_id.company_id", store=True)
    emag_id = fields.Integer(
        string="Seller Product ID", required=True, help="The offer id on eMAG."
    )
    name = fields.Char()
    part_number = fields.Char(index=True)
    part_number_key = fields.Char(string="PNK", index=True)
    ean = fields.Char(string="EAN", index=True)
    category_emag_id = fields.Integer(string="eMAG Category ID")
    category_id = fields.Many2one("bocp.emag.category", index=True)
    product_id = fields.Many2one(
        "product.product", index=True, check_company=True, ondelete="set null"
    )
    status = fields.Selection(
        [("0", "Inactive"), ("1", "Active"), ("2", "End of life")], default="1"
    )
    sale_price = fields.Float(digits=(16, 4), help="Price on eMAG, without VAT.")
    currency = fields.Char()
    vat_id = fields.Integer(string="eMAG VAT ID")
    emag_stock = fields.Integer(string="Stock on eMAG")
    validation_status = fields.Integer()
    characteristics_json = fields.Text(string="Characteristics")
    last_sync_at = fields.Datetime(string="Last Read", readonly=True)
    pushed_price = fields.Float(digits=(16, 4), readonly=True)
    pushed_stock = fields.Integer(readonly=True)
    pushed_at = fields.Datetime(string="Last Sent", readonly=True)
    push_error = fields.Text(readonly=True)

    _sql_constraints = [
        (
            "offer_uniq",
            "unique(account_id, emag_id)",
            "This eMAG offer is already recorded.",
        ),
    ]

    @api.depends("emag_id", "name")
    def _compute_display_name(self):
        for offer in self:
            offer.display_name = "[{}] {}".format(offer.emag_id, offer.name or "")

    # ------------------------------------------------------------ reading --

    @api.model
    def _prepare_vals(self, account, item, categories):
        eans = item.get("ean") or []
        if isinstance(eans, str):
            eans = [eans]
        stock = item.get("general_stock")
        if stock is None:
            stock = sum(int(s.get("value") or 0) for s in item.get("stock") or [])
        validation = item.get("validation_status") or []
        if isinstance(validation, list):
            validation = validation[0] if validation else {}
        cat_id = int(item.get("category_id") or 0)
        return {
            "account_id": account.id,
            "emag_id": int(item["id"]),
            "name": item.get("name"),
            "part_number": item.get("part_number") or False,
            "part_number_key": item.get("part_number_key") or False,
            "ean": str(eans[0]) if eans else False,
            "category_emag_id": cat_id,
            "category_id": categories.get(cat_id, False),
            "status": str(item.get("status", 1)),
            "sale_price": float(item.get("sale_price") or 0.0),
            "currency": item.get("currency") or item.get("currency_type"),
            "vat_id": int(item.get("vat_id") or 0),
            "emag_stock": int(stock or 0),
            "validation_status": int((validation or {}).get("value") or 0),
            "characteristics_json": json.dumps(
                item.get("characteristics") or [], ensure_ascii=False
            ),
            "last_sync_at": fields.Datetime.now(),
        }

    @api.model
    def _sync_from_emag(self, account, client, progress=None):
        """Read every offer of the account, upsert it and link its product."""
        categories = {
            c.emag_id: c.id
            for c in self.env["bocp.emag.category"].search(
                [("account_id", "=", account.id)]
            )
        }
        existing = {
            o.emag_id: o for o in self.search([("account_id", "=", account.id)])
        }
        touched = self.browse()
        batch = []
        for item in client.read_all("product_offer"):
            batch.append(self._prepare_vals(account, item, categories))
            if len(batch) >= 100:
                touched |= upsert(self, existing, batch, "emag_id")
                batch = []
                if progress:
                    progress(len(touched), 0)
        touched |= upsert(self, existing, batch, "emag_id")
        touched._link_products(create_missing=account.create_missing_products)
        if account.create_attribute_values:
            touched.filtered("product_id")._apply_characteristics()
        return touched

    # ------------------------------------------------------------ linking --

    def _link_products(self, create_missing=False):
        """Link each offer to a product: internal reference = part number, else EAN."""
        todo = self.filtered(lambda o: not o.product_id)
        if not todo:
            return
        company = todo.account_id.company_id[:1]
        Product = self.env["product.product"].with_company(company)
        company_domain = [("company_id", "in", [False, company.id])]
        pns = [o.part_number for o in todo if o.part_number]
        by_pn = {
            p.default_code: p
            for p in Product.search([("default_code", "in", pns)] + company_domain)
        }
        eans = [o.ean for o in todo if o.ean]
        by_ean = {
            p.barcode: p
            for p in Product.search([("barcode", "in", eans)] + company_domain)
        }
        to_create = []
        for offer in todo:
            product = by_pn.get(offer.part_number) or by_ean.get(offer.ean)
            if product:
                offer.product_id = product
            elif create_missing:
                to_create.append(offer)
        if to_create:
            self._create_products(to_create, by_ean)

    def _prepare_product_vals(self, used_barcodes):
        self.ensure_one()
        barcode = self.ean if self.ean and self.ean not in used_barcodes else False
        if barcode:
            used_barcodes.add(barcode)
        return {
            "name": self.name or self.part_number or str(self.emag_id),
            "default_code": self.part_number or False,
            "barcode": barcode,
            "type": "consu",
            "is_storable": True,
            "list_price": self.sale_price,
            "company_id": False,
        }

    def _create_products(self, offers, by_ean):
        used = set(by_ean)
        vals_list = [offer._prepare_product_vals(used) for offer in offers]
        products = self.env["product.product"].create(vals_list)
        for offer, product in zip(offers, products, strict=True):
            offer.product_id = product

    def _apply_characteristics(self):
        """Store the offers' characteristic values as product attributes."""
        Characteristic = self.env["bocp.emag.characteristic"]
        Value = self.env["product.attribute.value"]
        for offer in self:
            items = json.loads(offer.characteristics_json or "[]")
            if not items or not offer.category_id:
                continue
            known = {c.emag_id: c for c in offer.category_id.characteristic_ids}
            template = offer.product_id.product_tmpl_id
            for item in items:
                characteristic = known.get(int(item.get("id") or 0))
                text = Characteristic._value_text(item.get("value") or "").strip()
                if not characteristic or not text:
                    continue
                attribute = characteristic._get_attribute()
                value = attribute.value_ids.filtered(lambda v, t=text: v.name == t)[:1]
                if not value:
                    value = Value.create({"attribute_id": attribute.id, "name": text})
                line = template.attribute_line_ids.filtered(
                    lambda li, a=attribute: li.attribute_id == a
                )
                if not line and attribute.create_variant == "no_variant":
                    template.attribute_line_ids = [
                        (
                            0,
                            0,
                            {
                                "attribute_id": attribute.id,
                                "value_ids": [(6, 0, value.ids)],
                            },
                        )
                    ]

    # ------------------------------------------------------------ pushing --

    def _desired_values(self, account):
        """{offer id: (price without VAT, stock)} computed in a few queries."""
        products = self.product_id
        if account.warehouse_id:
            products = products.with_context(warehouse_id=account.warehouse_id.id)
        quantities = products._compute_quantities_dict(None, None, None)
        held = self._held_quantities(account, products)
        if account.pricelist_id:
            prices = account.pricelist_id._get_products_price(products, 1.0)
        else:
            prices = {p.id: p.lst_price for p in products}
        included = products.filtered(lambda p: any(t.price_include for t in p.taxes_id))
        for product in included:
            taxes = product.taxes_id.filtered(
                lambda t: t.company_id == account.company_id
            )
            prices[product.id] = taxes.compute_all(prices[product.id], product=product)[
                "total_excluded"
            ]
        result = {}
        for offer in self:
            pid = offer.product_id.id
            stock = int(
                quantities.get(pid, {}).get("free_qty", 0.0) - held.get(pid, 0.0)
            )
            result[offer.id] = (
                float_round(prices.get(pid, 0.0), precision_digits=4),
                max(0, min(stock, MAX_STOCK)),
            )
        return result

    @api.model
    def _offers_to_push(self, account, force=False, block=200):
        """Yield (offers, desired) blocks of the offers whose price or stock changed.

        Computed block by block, so the first call to eMAG leaves at once and
        the computing of the next blocks happens while the rate limiter waits.
        """
        offers = self.search(
            [
                ("account_id", "=", account.id),
                ("product_id", "!=", False),
                ("status", "=", "1"),
            ]
        )
        stale = fields.Datetime.now() - RESEND_AFTER
        for part in split_every(block, offers.ids, self.browse):
            desired = part._desired_values(account)
            if not force:
                part = part.filtered(
                    lambda o, d=desired: not o.pushed_at
                    or o.pushed_at < stale
                    or d[o.id] != (o.pushed_price, o.pushed_stock)
                )
            if part:
                yield part, desired

    @api.model
    def _push_account(self, account, client, force=False, progress=None):
        """Send price and stock of the changed offers, 50 per call.

        Returns (sent, failed).  The client's limiter spaces the calls; the
        computing and bookkeeping between two calls fit in the wait.
        """
        sent = failed = 0
        pending, desired = self.browse(), {}
        blocks = self._offers_to_push(account, force=force)
        while True:
            block = next(blocks, None)
            if block:
                pending |= block[0]
                desired.update(block[1])
            while len(pending) >= MAX_SAVE_ITEMS or (pending and block is None):
                chunk, pending = pending[:MAX_SAVE_ITEMS], pending[MAX_SAVE_ITEMS:]
                if chunk._send(client, desired, force=force):
                    sent += len(chunk)
                else:
                    failed += len(chunk)
                if progress:
                    progress(sent + failed, len(pending))
            if block is None:
                return sent, failed

    def _send(self, client, desired, force=False):
        items = []
        for offer in self:
            price, stock = desired[offer.id]
            item = {"id": offer.emag_id, "sale_price": price}
            if force or not offer.pushed_at or stock != offer.pushed_stock:
                item["stock"] = [{"warehouse_id": 1, "value": stock}]
            items.append(item)
        try:
            client.save("offer", items)
        except EmagApiError as exc:
            self.write({"push_error": str(exc)})
            return False
        self._mark_pushed(desired)
        return True

    def _mark_pushed(self, desired):
        now = fields.Datetime.now()
        rows = SQL(", ").join(
            SQL("(%s, %s, %s)", offer.id, desired[offer.id][0], desired[offer.id][1])
            for offer in self
        )
        self.env.cr.execute(
            SQL(
                "UPDATE bocp_emag_offer o SET pushed_price = v.price::numeric,"
                " pushed_stock = v.stock::int, pushed_at = %s, push_error = NULL"
                " FROM (VALUES %s) AS v(id, price, stock) WHERE o.id = v.id",
                now,
                rows,
            )
        )
        self.invalidate_recordset(
            ["pushed_price", "pushed_stock", "pushed_at", "push_error"]
        )
