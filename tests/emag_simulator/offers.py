"""Offers: product_offer/save rules, offer/save, offer_stock, reads (§5.1 - §5.4)."""

import copy
import re

from .defaults import DEFAULT_OFFERS
from .errors import EmagError
from .orders import PRICE, dec, to_int

VALIDATION_STATUS = {
    0: "Draft",
    1: "In MKTP validation",
    2: "Awaiting brand validation",
    3: "Waiting for EAN approval",
    4: "New documentation validation pending",
    5: "Rejected brand",
    6: "EAN rejected",
    8: "Documentation rejected",
    9: "Approved documentation",
    10: "Blocked",
    11: "Update awaiting approval",
    12: "Update rejected",
}
SELLABLE_VALIDATION = {3, 9, 11, 12}
OFFER_FIELDS = (
    "status",
    "sale_price",
    "recommended_price",
    "min_sale_price",
    "max_sale_price",
    "currency_type",
    "stock",
    "handling_time",
    "supply_lead_time",
    "start_date",
    "vat_id",
    "emag_club",
    "green_tax",
    "warranty",
)
PRODUCT_FIELDS = (
    "category_id",
    "vendor_category_id",
    "source_language",
    "name",
    "part_number",
    "description",
    "brand",
    "images",
    "images_overwrite",
    "force_images_download",
    "characteristics",
    "family",
    "url",
    "ean",
    "attachments",
    "safety_information",
    "manufacturer",
    "eu_representative",
)
UPDATE_REQUIRED = ("status", "sale_price", "vat_id", "handling_time", "stock")
LIGHT_FIELDS = (
    "sale_price",
    "recommended_price",
    "min_sale_price",
    "max_sale_price",
    "currency_type",
    "stock",
    "handling_time",
    "vat_id",
    "status",
)


def clean_part_number(value):
    return re.sub(r"[\s,;]", "", str(value or ""))


def valid_ean(value):
    text = str(value).strip()
    if not text.isdigit() or not 6 <= len(text) <= 14:
        return False
    if len(text) in (8, 12, 13, 14):
        digits = [int(c) for c in text]
        check = digits.pop()
        total = sum(
            d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits))
        )
        return (10 - total % 10) % 10 == check
    return True


def _price(value):
    return str(dec(value).quantize(PRICE))


def _warehouse_list(value, key, maximum, oid):
    """stock / handling_time: list of {warehouse_id, value}; a bare int too."""
    if isinstance(value, dict):
        value = list(value.values()) if all(k.isdigit() for k in value) else [value]
    if not isinstance(value, list):
        value = [{"warehouse_id": 1, "value": value}]
    result = []
    for item in value:
        if not isinstance(item, dict) or "value" not in item:
            raise EmagError(f"Product {oid}: invalid {key}.")
        amount = to_int(item["value"], key)
        if not 0 <= amount <= maximum:
            raise EmagError(
                f"Product {oid}: {key} value must be between 0 and {maximum}."
            )
        result.append(
            {"warehouse_id": to_int(item.get("warehouse_id", 1), key), "value": amount}
        )
    return result


def build_offer(values, platform_currency="RON"):
    """A full offer dict (the shape product_offer/read returns)."""
    offer = {
        "id": None,
        "category_id": None,
        "vendor_category_id": None,
        "part_number_key": "",
        "source_language": "ro_RO",
        "name": "",
        "part_number": "",
        "description": "",
        "brand": "",
        "brand_name": "",
        "images": [],
        "characteristics": [],
        "family": None,
        "url": "",
        "warranty": 24,
        "ean": [],
        "attachments": [],
        "status": 1,
        "sale_price": "0.0000",
        "recommended_price": None,
        "min_sale_price": None,
        "max_sale_price": None,
        "currency": platform_currency,
        "currency_type": platform_currency,
        "stock": [{"warehouse_id": 1, "value": 0}],
        "handling_time": [{"warehouse_id": 1, "value": 1}],
        "supply_lead_time": 14,
        "vat_id": 1,
        "emag_club": 1,
        "number_of_offers": 1,
        "buy_button_rank": 1,
        "best_offer_sale_price": None,
        "best_offer_recommended_price": None,
        "ownership": 1,
        "general_stock": 0,
        "estimated_stock": 0,
        "validation_status": [],
        "translation_validation_status": [],
        "offer_validation_status": {"value": 1, "description": "Saleable"},
        "genius_eligibility": 0,
        "genius_eligibility_type": 0,
        "genius_computed": 0,
        "doc_errors": None,
        "offer_details": {},
        "availability": [],
        "auto_translated": 0,
        "_campaign": None,
        "_validation": 9,
    }
    offer.update(copy.deepcopy(values))
    return refresh_offer(offer)


def refresh_offer(offer):
    """Recompute the read-only fields of an offer after a change."""
    offer["general_stock"] = sum(int(s["value"]) for s in offer.get("stock") or [])
    offer["estimated_stock"] = offer["general_stock"]
    status = offer["_validation"]
    offer["validation_status"] = [
        {
            "value": status,
            "description": VALIDATION_STATUS.get(status, ""),
            "errors": offer.get("doc_errors") or None,
        }
    ]
    offer["translation_validation_status"] = [
        {
            "value": status,
            "description": VALIDATION_STATUS.get(status, ""),
            "errors": None,
        }
    ]
    offer["best_offer_sale_price"] = offer["sale_price"]
    offer["best_offer_recommended_price"] = offer.get("recommended_price")
    offer["brand_name"] = offer.get("brand", "")
    offer["offer_details"] = {
        "id": 50_000_000 + int(offer["id"]),
        "warranty_type": 1,
        "supply_lead_time": offer.get("supply_lead_time", 14),
        "emag_club": offer.get("emag_club", 1),
    }
    offer["sellable"] = (
        offer["general_stock"] > 0
        and int(offer["status"]) == 1
        and offer["offer_validation_status"]["value"] == 1
        and status in SELLABLE_VALIDATION
    )
    return offer


def public_offer(offer):
    result = {k: copy.deepcopy(v) for k, v in offer.items() if not k.startswith("_")}
    result.pop("sellable", None)
    return result


def default_offers(currency="RON"):
    offers = {}
    for oid, cat, name, pn, pnk, brand, ean, price, vat_id, stock in DEFAULT_OFFERS:
        price_dec = dec(price)
        offers[oid] = build_offer(
            {
                "id": oid,
                "category_id": cat,
                "name": name,
                "part_number": pn,
                "part_number_key": pnk,
                "brand": brand,
                "ean": [ean],
                "sale_price": price,
                "min_sale_price": _price(price_dec * dec("0.8")),
                "max_sale_price": _price(price_dec * dec("1.5")),
                "recommended_price": _price(price_dec * dec("1.1")),
                "vat_id": vat_id,
                "stock": [{"warehouse_id": 1, "value": stock}],
                "handling_time": [{"warehouse_id": 1, "value": 1}],
                "description": f"<p>{name}</p>",
                "images": [
                    {
                        "display_type": 1,
                        "url": f"https://example.com/img/{pn.lower()}.jpg",
                    }
                ],
            },
            currency,
        )
    return offers


def generated_offer(oid, rnd, currency="RON"):
    price = dec(rnd.randint(1000, 500000)) / 100
    pn = f"GEN-{oid:07d}"
    return build_offer(
        {
            "id": oid,
            "category_id": rnd.choice([2506, 2901, 1127, 3107, 3108, 2300, 2311]),
            "name": f"Produs generat {oid}",
            "part_number": pn,
            "part_number_key": f"G{oid:07d}BM",
            "brand": "Generic",
            "sale_price": _price(price),
            "min_sale_price": _price(price * dec("0.5")),
            "max_sale_price": _price(price * 2),
            "vat_id": 1,
            "stock": [{"warehouse_id": 1, "value": rnd.randint(0, 200)}],
        },
        currency,
    )


# ---------------------------------------------------------------- filters --


def filter_offers(offers, filters):
    result = list(offers)

    def wanted(key, cast=str):
        value = filters.get(key)
        if value in (None, "", []):
            return None
        if isinstance(value, dict):
            value = list(value.values())
        if not isinstance(value, list):
            value = [value]
        return {cast(v) for v in value}

    ids = wanted("id", lambda v: to_int(v, "id"))
    if ids is not None:
        result = [o for o in result if o["id"] in ids]
    status = wanted("status", lambda v: to_int(v, "status"))
    if status is not None:
        result = [o for o in result if int(o["status"]) in status]
    pns = wanted("part_number", clean_part_number)
    if pns is not None:
        result = [o for o in result if clean_part_number(o["part_number"]) in pns]
    pnks = wanted("part_number_key")
    if pnks is not None:
        result = [o for o in result if o.get("part_number_key") in pnks]
    for key in ("general_stock", "estimated_stock"):
        values = wanted(key, lambda v, k=key: to_int(v, k))
        if values is not None:
            result = [o for o in result if o[key] in values]
    values = wanted("offer_validation_status", lambda v: to_int(v, "x"))
    if values is not None:
        result = [o for o in result if o["offer_validation_status"]["value"] in values]
    values = wanted("validation_status", lambda v: to_int(v, "x"))
    if values is not None:
        result = [o for o in result if o["_validation"] in values]
    result.sort(key=lambda o: o["id"])
    return result


# ------------------------------------------------------------------ saves --


def _check_price_range(oid, merged):
    price = merged.get("sale_price")
    low, high = merged.get("min_sale_price"), merged.get("max_sale_price")
    if not (price and low and high):
        return
    if dec(low) > dec(high):
        raise EmagError(
            f"Product {oid}: min_sale_price cannot be greater than max_sale_price."
        )
    if not dec(low) <= dec(price) <= dec(high):
        raise EmagError(
            f"Product {oid}: sale_price {price} must be between min_sale_price {low} "
            f"and max_sale_price {high}. The offer was rejected."
        )


def _check_eans(oid, eans):
    if isinstance(eans, dict):
        eans = list(eans.values())
    if not isinstance(eans, list):
        eans = [eans]
    for ean in eans:
        if not valid_ean(ean):
            raise EmagError(f"{ean} is not a valid EAN. - Product id: {oid}")
    return [str(e) for e in eans]


class OfferBook:
    """The seller's offers plus the catalogue PNKs, with eMAG's save rules."""

    def __init__(self, offers, foreign_pnks, vat_ids, categories, currency):
        self.offers = offers
        self.foreign_pnks = dict(foreign_pnks)
        self.vat_ids = set(vat_ids)
        self.categories = categories
        self.currency = currency
        self.auto_approve = False

    def move_stock(self, product_id, delta):
        """Add ``delta`` units (negative: take) to an offer's first warehouse,
        never below 0 (an order for an unknown product changes nothing)."""
        offer = self.offers.get(int(product_id)) if str(product_id).isdigit() else None
        if offer is None or not delta:
            return
        stock = offer.setdefault("stock", [])
        if not stock:
            stock.append({"warehouse_id": 1, "value": 0})
        stock[0]["value"] = max(0, int(stock[0]["value"]) + int(delta))
        refresh_offer(offer)

    # product_offer/save -----------------------------------------------------
    def save_product_offer(self, item):
        """Save one entity. Return a list of non-blocking (documentation) messages."""
        if not isinstance(item, dict):
            raise EmagError("Invalid product entity.")
        if item.get("id") in (None, ""):
            raise EmagError("Product id is mandatory.")
        oid = to_int(item["id"], "id")
        if not 1 <= oid <= 16777215:
            raise EmagError(f"Product id {oid} is out of range (1..16777215).")
        existing = self.offers.get(oid)
        if existing is None:
            return self._create(oid, item)
        return self._update(existing, item)

    def _check_offer_values(self, oid, values, current=None):
        current = current or {}
        result = {}
        if "status" in values:
            status = to_int(values["status"], "status")
            allowed = (0, 1, 2) if current else (0, 1)
            if status not in allowed:
                raise EmagError(f"Product {oid}: invalid status {status}.")
            result["status"] = status
        for key in (
            "sale_price",
            "recommended_price",
            "min_sale_price",
            "max_sale_price",
        ):
            if values.get(key) not in (None, ""):
                amount = dec(values[key])
                if amount <= 0:
                    raise EmagError(f"Product {oid}: {key} must be greater than 0.")
                result[key] = _price(amount)
        if "vat_id" in values:
            vat_id = to_int(values["vat_id"], "vat_id")
            if vat_id not in self.vat_ids:
                raise EmagError(f"Product {oid}: invalid vat_id {vat_id}.")
            result["vat_id"] = vat_id
        if "stock" in values:
            result["stock"] = _warehouse_list(values["stock"], "stock", 65535, oid)
        if "handling_time" in values:
            result["handling_time"] = _warehouse_list(
                values["handling_time"], "handling_time", 255, oid
            )
        result.update(self._check_other_offer_values(oid, values))
        _check_price_range(oid, {**current, **result})
        return result

    def _check_other_offer_values(self, oid, values):
        result = {}
        currency = values.get("currency_type")
        if currency not in (None, "", self.currency):
            if currency not in ("EUR", "PLN"):
                raise EmagError(f"Product {oid}: invalid currency_type.")
            result["currency_type"] = currency
        for key in ("supply_lead_time", "emag_club", "warranty"):
            if values.get(key) not in (None, ""):
                result[key] = to_int(values[key], key)
        if values.get("green_tax") not in (None, ""):
            result["green_tax"] = str(dec(values["green_tax"]))
        if values.get("start_date"):
            result["start_date"] = values["start_date"]
        return result

    def _create(self, oid, item):
        pnk = str(item.get("part_number_key") or "").strip()
        for key in ("sale_price", "min_sale_price", "max_sale_price"):
            if item.get(key) in (None, ""):
                raise EmagError(
                    f"Product {oid}: {key} is mandatory when the offer is first saved."
                )
        for key in ("status", "vat_id", "stock", "handling_time"):
            if item.get(key) in (None, "", []):
                raise EmagError(f"Product {oid}: {key} is mandatory.")
        offer_values = self._check_offer_values(oid, item)
        notes = []
        if pnk:
            owner = self._own_offer_by_pnk(pnk)
            if owner is not None:
                raise EmagError(
                    f"You already hold an offer associated with this PNK: {pnk}"
                )
            if pnk not in self.foreign_pnks:
                raise EmagError(f"Product {oid}: part_number_key {pnk} does not exist.")
            values = {
                "id": oid,
                "part_number_key": pnk,
                "name": self.foreign_pnks[pnk],
                "part_number": clean_part_number(item.get("part_number") or pnk),
                "ownership": 2,
                "_validation": 9,
            }
        else:
            values = self._check_product_values(oid, item, creating=True)
            values["id"] = oid
            notes = self._documentation_notes(oid, values)
            values["_validation"] = 9 if self.auto_approve else 1
            values["doc_errors"] = notes or None
            if self.auto_approve:
                values["part_number_key"] = f"N{oid:07d}BM"
        values.update(offer_values)
        self.offers[oid] = build_offer(values, self.currency)
        return notes

    def _update(self, offer, item):
        oid = offer["id"]
        missing = [k for k in UPDATE_REQUIRED if item.get(k) in (None, "", [])]
        if missing:
            verb = "is" if len(missing) == 1 else "are"
            raise EmagError(
                f"Product {oid}: {', '.join(missing)} {verb} mandatory when updating "
                "an offer."
            )
        if item.get("part_number_key") and item["part_number_key"] != offer.get(
            "part_number_key"
        ):
            other = self._own_offer_by_pnk(item["part_number_key"])
            if other is not None and other["id"] != oid:
                raise EmagError(
                    "You already hold an offer associated with this PNK: "
                    f"{item['part_number_key']}"
                )
        offer_values = self._check_offer_values(oid, item, offer)
        notes = []
        if offer.get("ownership") == 1 and any(k in item for k in PRODUCT_FIELDS):
            product_values = self._check_product_values(oid, item, creating=False)
            offer.update(product_values)
            notes = self._documentation_notes(oid, {**offer, **product_values})
        offer.update(offer_values)
        refresh_offer(offer)
        return notes

    def _check_product_values(self, oid, item, creating):
        values = {}
        if creating:
            for key in ("category_id", "name", "part_number", "brand"):
                if item.get(key) in (None, ""):
                    raise EmagError(f"Product {oid}: {key} is mandatory.")
        if "category_id" in item:
            cat_id = to_int(item["category_id"], "category_id")
            category = self.categories.get(cat_id)
            if category is None or not category["is_allowed"]:
                raise EmagError(
                    f"Product {oid}: category {cat_id} does not exist or is not allowed."
                )
            values["category_id"] = cat_id
        if "part_number" in item:
            values["part_number"] = self._check_part_number(oid, item["part_number"])
        if "name" in item:
            name = str(item["name"])
            if not 1 <= len(name) <= 255:
                raise EmagError(f"Product {oid}: name must have 1..255 characters.")
            values["name"] = name
        if "ean" in item:
            values["ean"] = _check_eans(oid, item["ean"])
        for key in (
            "brand",
            "description",
            "images",
            "characteristics",
            "family",
            "url",
            "attachments",
            "vendor_category_id",
            "source_language",
            "safety_information",
            "manufacturer",
            "eu_representative",
        ):
            if key in item:
                values[key] = copy.deepcopy(item[key])
        return values

    def _check_part_number(self, oid, value):
        pn = clean_part_number(value)
        if not 1 <= len(pn) <= 25:
            raise EmagError(f"Product {oid}: part_number must have 1..25 characters.")
        for other in self.offers.values():
            if other["id"] != oid and clean_part_number(other["part_number"]) == pn:
                raise EmagError(
                    f"You already hold a Product associated with this PN:{pn}"
                )
        return pn

    def _documentation_notes(self, oid, values):
        """Documentation problems: reported with isError but the offer is saved."""
        notes = []
        category = self.categories.get(values.get("category_id"))
        if not category:
            return notes
        sent = {
            to_int(c.get("id"), "characteristics.id")
            for c in values.get("characteristics") or []
            if isinstance(c, dict) and c.get("id") not in (None, "")
        }
        for char in category["characteristics"]:
            if char["is_mandatory"] and char["id"] not in sent:
                notes.append(
                    "Product {}: the mandatory characteristic {} ({}) is missing.".format(
                        oid, char["id"], char["name"]["en"]
                    )
                )
        if category["is_ean_mandatory"] and not values.get("ean"):
            notes.append(f"Product {oid}: EAN is mandatory in this category.")
        return notes

    def _own_offer_by_pnk(self, pnk):
        for offer in self.offers.values():
            if offer.get("part_number_key") == pnk:
                return offer
        return None

    # offer/save ---------------------------------------------------------------
    def save_light(self, item):
        if not isinstance(item, dict) or item.get("id") in (None, ""):
            raise EmagError("Offer id is mandatory.")
        oid = to_int(item["id"], "id")
        offer = self.offers.get(oid)
        if offer is None:
            raise EmagError(f"Offer {oid} not found")
        values = {k: item[k] for k in LIGHT_FIELDS if k in item}
        offer.update(self._check_offer_values(oid, values, offer))
        refresh_offer(offer)

    # offer_stock/{id} -----------------------------------------------------------
    def patch_stock(self, oid, body):
        offer = self.offers.get(oid)
        if offer is None:
            raise EmagError(
                "This offer does not exist",
                status=404,
                body={"message": "This offer does not exist"},
            )
        invalid = EmagError(
            "Invalid content", status=400, body={"message": "Invalid content"}
        )
        if not isinstance(body, dict):
            raise invalid
        if "data" in body and isinstance(body["data"], dict):
            body = body["data"]
        if "stock" not in body or isinstance(body["stock"], bool):
            raise invalid
        stock = body["stock"]
        try:
            if isinstance(stock, list):
                values = _warehouse_list(stock, "stock", 65535, oid)
            elif isinstance(stock, int) and 0 <= stock <= 65535:
                values = [{"warehouse_id": 1, "value": stock}]
            else:
                raise invalid
        except EmagError as exc:
            raise invalid from exc
        if offer.get("_campaign"):
            message = (
                "The offer is included in the active campaign {}, thus the stock has "
                "NOT been changed.".format(offer["_campaign"])
            )
            raise EmagError(
                message,
                status=400,
                body={
                    "message": "Validation errors in your request",
                    "errors": [{"message": message, "field": "stock"}],
                },
            )
        offer["stock"] = values
        refresh_offer(offer)
