"""Orders: default filling, money, read filters, the order/save state machine."""

import copy
import random
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .defaults import CANCELLATION_REASONS, LOCALITIES
from .errors import EmagError

DATE_FMT = "%Y-%m-%d %H:%M:%S"
CENT = Decimal("0.01")
PRICE = Decimal("0.0001")
FIRST_GENERATED_ORDER_ID = 3_000_000_001  # > 2**31 on purpose (reference §6.13)

STATUS_NAMES = {
    0: "canceled",
    1: "new",
    2: "in progress",
    3: "prepared",
    4: "finalized",
    5: "returned",
}


def fmt_date(value):
    return value.strftime(DATE_FMT)


def parse_date(value, key="date"):
    if isinstance(value, datetime):
        return value
    text = str(value or "").strip()
    for fmt in (DATE_FMT, "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise EmagError(f"Invalid {key} value '{text}'. Format: YYYY-mm-dd HH:ii:ss")


def dec(value, default="0"):
    if value is None or value == "":
        value = default
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise EmagError(f"Invalid number '{value}'") from exc


def money(value):
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def to_int(value, key):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    try:
        text = str(value).strip()
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return int(text)
    except (TypeError, ValueError) as exc:
        raise EmagError(f"Invalid value for {key}: '{value}'") from exc


def int_list(value, key):
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        return [to_int(v, key) for v in value]
    return [to_int(value, key)]


def truthy(value):
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


# ---------------------------------------------------------------- defaults --

_CUSTOMER_KEYS = {
    "id": 0,
    "mkt_id": 0,
    "name": "",
    "company": "",
    "gender": "",
    "phone_1": "",
    "phone_2": "",
    "phone_3": "",
    "registration_number": "",
    "code": "",
    "email": "",
    "billing_name": "",
    "billing_phone": "",
    "billing_country": "RO",
    "billing_suburb": "",
    "billing_city": "",
    "billing_locality_id": None,
    "billing_street": "",
    "billing_postal_code": "",
    "shipping_country": "RO",
    "shipping_suburb": "",
    "shipping_city": "",
    "shipping_locality_id": None,
    "shipping_street": "",
    "shipping_postal_code": "",
    "shipping_contact": "",
    "shipping_phone": "",
    "bank": "",
    "iban": "",
    "legal_entity": 0,
    "fax": None,
    "is_vat_payer": 0,
    "liable_person": "",
}

_LINE_KEYS = {
    "name": "",
    "ext_part_number": "",
    "part_number_key": "",
    "part_number": "",
    "retained_amount": 0,
    "currency": None,
    "mkt_id": 0,
    "quantity": 1,
    "vat": "0.2100",
    "status": 1,
    "attachments": [],
    "storno_qty": 0,
    "reversible_vat_charging": 0,
    "product_voucher_split": [],
    "details": [],
    "serial_numbers": "",
    "recycle_warranties": [],
}

_ORDER_KEYS = {
    "vendor_name": "Magazinul Demo SRL",
    "type": 3,
    "parent_id": None,
    "payment_mode": "RAMBURS",
    "detailed_payment_method": "RAMBURS",
    "payment_mode_id": 1,
    "delivery_mode": "courier",
    "delivery_payment_mode": None,
    "observation": None,
    "status": 1,
    "payment_status": 0,
    "shipping_tax": 0,
    "shipping_tax_voucher_split": [],
    "vouchers": [],
    "proforms": [],
    "attachments": [],
    "cashed_co": None,
    "cashed_cod": 0,
    "cancellation_request": None,
    "has_editable_products": 1,
    "refunded_amount": "0",
    "is_complete": 1,
    "refund_status": None,
    "late_shipment": 0,
    "emag_club": 0,
    "finalization_date": None,
    "details": {},
    "weekend_delivery": 0,
    "reason_cancellation": None,
    "cancellation_reason": None,
    "enforced_vendor_courier_accounts": None,
    "is_storno": False,
    "flags": [],
    "recycle_warranties": [],
    "currency": None,
}

PAYMENT_MODES = {1: "RAMBURS", 2: "ORDIN DE PLATA", 3: "CARD ONLINE"}


def normalize_order(order, order_id, line_ids, now, currency="RON"):
    """Return a full order dict (every key of reference §2.7a and newer keys).

    ``currency`` is the order's currency when the order does not say
    (order-level ``currency``: SELLF decodes it from live answers, 2026).
    """
    order = copy.deepcopy(order)
    order["id"] = order_id
    stamp = fmt_date(now)
    order.setdefault("date", stamp)
    order.setdefault("modified", order["date"])
    for key, value in _ORDER_KEYS.items():
        order.setdefault(key, copy.deepcopy(value))
    order["currency"] = order["currency"] or currency
    order["status"] = int(order["status"])
    order["type"] = int(order["type"])
    order["payment_mode_id"] = int(order["payment_mode_id"])
    if "payment_mode" not in order or not order["payment_mode"]:
        order["payment_mode"] = PAYMENT_MODES.get(order["payment_mode_id"], "")
    order.setdefault(
        "maximum_date_for_shipment",
        fmt_date(parse_date(order["date"]) + timedelta(days=2)),
    )
    customer = order.setdefault("customer", {})
    for key, value in _CUSTOMER_KEYS.items():
        customer.setdefault(key, copy.deepcopy(value))
    customer.setdefault("created", order["date"])
    customer.setdefault("modified", order["date"])
    if not customer["company"]:
        customer["company"] = customer["name"]
    for line in order.setdefault("products", []):
        if not line.get("id"):
            line["id"] = next(line_ids)
        for key, value in _LINE_KEYS.items():
            line.setdefault(key, copy.deepcopy(value))
        line.setdefault("product_id", "")
        line["product_id"] = str(line["product_id"])
        line["currency"] = line.get("currency") or order["currency"]
        line.setdefault("sale_price", "0.0000")
        line.setdefault("original_price", line["sale_price"])
        line.setdefault("initial_qty", line["quantity"])
        line.setdefault("created", order["date"])
        line.setdefault("modified", order["date"])
    if order["status"] == 0 and order["reason_cancellation"] is None:
        reason = order.get("cancellation_reason") or 24
        order["reason_cancellation"] = reason_object(reason)
    if isinstance(order.get("reason_cancellation"), int):
        order["reason_cancellation"] = reason_object(order["reason_cancellation"])
    if order["reason_cancellation"] and order["cancellation_reason"] is None:
        order["cancellation_reason"] = order["reason_cancellation"]["id"]
    return order


def absent_keys(raw, sparse=True):
    """Which keys a seeded order lacks, to serve it as sparse as it came.

    Old real orders miss every key added since (``modified``,
    ``*_locality_id``, ``enforced_vendor_courier_accounts`` in 4.4.7,
    ``recycle_warranties`` in 4.4.6, ``serial_numbers`` in 4.4.8, ``type``
    before it became mandatory in 2025...: DOC449 changelog).  The simulator
    fills them to apply its rules, and strips them again from what it serves.
    """
    if not sparse:
        return {"order": set(), "customer": set(), "lines": []}
    order_keys = set(_ORDER_KEYS) | {"date", "modified", "maximum_date_for_shipment"}
    customer = raw.get("customer")
    return {
        "order": order_keys - set(raw),
        "customer": set(_CUSTOMER_KEYS) | {"created", "modified"}
        if not isinstance(customer, dict)
        else (set(_CUSTOMER_KEYS) | {"created", "modified"}) - set(customer),
        "lines": [
            (set(_LINE_KEYS) | {"original_price", "initial_qty", "created", "modified"})
            - set(line)
            for line in raw.get("products") or []
        ],
    }


def strip_absent(order, absent):
    """A copy of ``order`` without the keys it did not have when seeded."""
    order = copy.deepcopy(order)
    for key in absent["order"]:
        order.pop(key, None)
    for key in absent["customer"]:
        order.get("customer", {}).pop(key, None)
    for line, keys in zip(order.get("products", []), absent["lines"], strict=False):
        for key in keys:
            line.pop(key, None)
    return order


def reason_object(code):
    code = int(code)
    return {"id": code, "name": CANCELLATION_REASONS.get(code, "Others")}


# ------------------------------------------------------------------ money --


def line_unit_gross(line):
    """round(sale_price * (1 + vat), 2); a reverse-charge line carries no VAT.

    ``reversible_vat_charging`` (0/1 on every live line shape: MOCK, SELLF,
    VTEX) means the buyer accounts for the VAT: eMAG then charges the price
    without VAT -- UNCONFIRMED (no public order with the flag set).
    """
    vat = Decimal(0) if truthy(line.get("reversible_vat_charging")) else None
    if vat is None:
        vat = dec(line.get("vat"))
    return money(dec(line.get("sale_price")) * (1 + vat))


def line_gross(line):
    """Gross of one active line: the VAT-included unit price times the quantity."""
    if int(line.get("status", 1)) != 1:
        return Decimal("0")
    return line_unit_gross(line) * int(line.get("quantity") or 0)


def deposit_gross(line):
    """SGR deposit of one active line: Σ quantity × sale_price × (1 + vat_rate).

    ``recycle_warranties[]`` (DOC449 4.4.6, product level): quantity, sale_price
    without VAT, vat_rate (0 in the doc's example: the deposit is outside VAT),
    product_name ("Taxa SGR metal").  ``quantity`` is taken as the number of
    containers of the whole line (the doc's example: 6) -- UNCONFIRMED.
    """
    if int(line.get("status", 1)) != 1:
        return Decimal("0")
    total = Decimal(0)
    for item in line.get("recycle_warranties") or []:
        unit = money(dec(item.get("sale_price")) * (1 + dec(item.get("vat_rate"))))
        total += unit * int(item.get("quantity") or 0)
    return total


def vouchers_total(order):
    total = Decimal(0)
    for voucher in order.get("vouchers") or []:
        if int(voucher.get("status", 1) or 0) != 1:
            continue
        total += money(
            dec(voucher.get("sale_price")) + dec(voucher.get("sale_price_vat"))
        )
    return total


def order_total(order):
    """What the customer pays, VAT included: lines + SGR deposits + shipping +
    vouchers (whoever funds them: the customer pays after all of them)."""
    lines = order.get("products", [])
    total = sum((line_gross(line) + deposit_gross(line) for line in lines), Decimal(0))
    total += money(dec(order.get("shipping_tax")))
    total += vouchers_total(order)
    return money(total)


def locker_fee(order, locker_fee_by_emag):
    """The part of the total that eMAG collects itself: the delivery fee of a
    pickup (locker) order, net of its shipping vouchers, on platforms where
    eMAG runs the locker delivery (HU-EASYBOX: "you will not collect the
    related amounts")."""
    if not locker_fee_by_emag or order.get("delivery_mode") != "pickup":
        return Decimal("0")
    fee = money(dec(order.get("shipping_tax")))
    for split in order.get("shipping_tax_voucher_split") or []:
        fee += dec(split.get("value")) + dec(split.get("vat_value"))
    return money(fee)


def collectible_amount(order, locker_fee_by_emag=False):
    """Max cash on delivery: what the customer pays the seller's courier for a
    COD order (the total, less a locker fee eMAG collects), else 0."""
    if int(order.get("payment_mode_id") or 0) != 1:
        return Decimal("0.00")
    due = order_total(order) - locker_fee(order, locker_fee_by_emag)
    return max(money(due), Decimal("0.00"))


# ---------------------------------------------------------------- filters --


def add_month(value):
    month = value.month + 1
    year = value.year + (month > 12)
    month = (month - 1) % 12 + 1
    day = value.day
    while True:
        try:
            return value.replace(year=year, month=month, day=day)
        except ValueError:
            day -= 1


def _date_window(filters, prefix):
    after_key, before_key = prefix + "After", prefix + "Before"
    after = filters.get(after_key)
    before = filters.get(before_key)
    if before not in (None, "") and after in (None, ""):
        raise EmagError(f"{before_key} can be used only together with {after_key}")
    after_dt = parse_date(after, after_key) if after not in (None, "") else None
    before_dt = parse_date(before, before_key) if before not in (None, "") else None
    if after_dt and before_dt:
        if before_dt < after_dt:
            raise EmagError(f"{before_key} must be after {after_key}")
        if before_dt > add_month(after_dt):
            raise EmagError(
                f"The interval between {after_key} and {before_key} cannot exceed one month"
            )
    return after_dt, before_dt


def filter_orders(orders, filters):
    """Apply order/read and order/count filters (reference §2.3)."""
    result = list(orders)
    if filters.get("id") not in (None, ""):
        wanted = set(int_list(filters["id"], "id"))
        result = [o for o in result if o["id"] in wanted]
    order_type = filters.get("type")
    types = set(int_list(order_type, "type")) if order_type not in (None, "") else {3}
    result = [o for o in result if o["type"] in types]
    for key in ("status", "payment_mode_id", "is_complete"):
        if filters.get(key) not in (None, "", []):
            wanted = set(int_list(filters[key], key))
            result = [o for o in result if int(o.get(key) or 0) in wanted]
    for prefix, field in (("created", "date"), ("modified", "modified")):
        after, before = _date_window(filters, prefix)
        if after:
            result = [o for o in result if parse_date(o[field]) >= after]
        if before:
            result = [o for o in result if parse_date(o[field]) <= before]
    result.sort(key=lambda o: o["id"])
    return result


# -------------------------------------------------------------- order/save --

REQUIRED_SAVE_KEYS = ("id", "status", "payment_mode_id", "customer", "products")
WINDOW_48H = timedelta(hours=48)


def check_transition(order, meta, new_status, now, return_window_days):
    """Raise EmagError unless the status matrix (reference §2.1) allows it."""
    oid = order["id"]
    current = order["status"]
    if current == 1:
        raise EmagError(
            f"Order {oid} must be acknowledged before it can be modified (status 1)."
        )
    if current == 5:
        raise EmagError(f"Order {oid} is returned (status 5) and cannot be modified.")
    allowed = {2: {2, 3, 4, 0}, 3: {3, 4, 0}, 4: {3, 4, 0, 5}, 0: {0, 2, 3, 4}}[current]
    if new_status not in allowed:
        raise EmagError(
            f"Order {oid}: the status cannot be changed from {current} to {new_status}."
        )
    since_final = now - meta["finalized_at"]
    if current == 4 and new_status in (3, 0) and since_final > WINDOW_48H:
        raise EmagError(
            f"Order {oid}: a finalized order can be changed to status {new_status} "
            "only within 48 hours of finalization."
        )
    return_limit = timedelta(days=return_window_days + 5)
    if current == 4 and new_status == 5 and since_final > return_limit:
        raise EmagError(
            f"Order {oid}: the return period ({return_window_days} days + 5) "
            "has expired."
        )
    if (
        current == 0
        and new_status in (2, 3, 4)
        and now - meta["status_at"] > WINDOW_48H
    ):
        raise EmagError(
            f"Order {oid}: a canceled order can be reactivated only within 48 hours."
        )


def _plan_new_line(oid, sent):
    missing = [
        k
        for k in ("product_id", "name", "status", "sale_price")
        if sent.get(k) in (None, "")
    ]
    if missing:
        raise EmagError(f"Order {oid}: a new product line needs {', '.join(missing)}.")
    qty = to_int(sent.get("quantity", 1), "quantity")
    if qty < 0:
        raise EmagError(f"Order {oid}: quantity cannot be negative.")
    return ("add", None, sent, 0, qty)


def _plan_existing_line(oid, line, sent):
    line_id = line["id"]
    for key in ("product_id", "part_number", "ext_part_number"):
        if key in sent and str(sent[key]) != str(line.get(key)):
            raise EmagError(
                f"Order {oid}: {key} of product line {line_id} cannot be changed."
            )
    if "sale_price" in sent and dec(sent["sale_price"]) != dec(line["sale_price"]):
        raise EmagError(
            f"Order {oid}: the price of product line {line_id} can no longer be changed."
        )
    old_qty = int(line["quantity"]) if int(line.get("status", 1)) == 1 else 0
    new_qty = to_int(sent.get("quantity", line["quantity"]), "quantity")
    if new_qty < 0:
        raise EmagError(f"Order {oid}: quantity cannot be negative.")
    if "status" in sent and to_int(sent["status"], "products.status") == 0:
        new_qty = 0
    if new_qty < old_qty:
        kind = "remove" if new_qty == 0 else "decrease"
    elif new_qty > old_qty:
        kind = "increase"
    else:
        kind = "same"
    return (kind, line, sent, old_qty, new_qty)


def plan_line_changes(order, incoming_lines):
    """Compare sent lines with stored ones; return a list of changes.

    Each change: (kind, stored_line_or_None, sent_line, old_qty, new_qty), kind in
    "same", "decrease", "increase", "remove", "add". Stored active lines that were
    not sent are removed (reference §2.9).
    """
    oid = order["id"]
    if isinstance(incoming_lines, dict):
        incoming_lines = list(incoming_lines.values())
    if not isinstance(incoming_lines, list):
        raise EmagError(f"Order {oid}: products must be a list.")
    stored = {line["id"]: line for line in order["products"]}
    seen = set()
    changes = []
    for sent in incoming_lines:
        if not isinstance(sent, dict):
            raise EmagError(f"Order {oid}: invalid product line.")
        if sent.get("id") in (None, "", 0, "0"):
            changes.append(_plan_new_line(oid, sent))
            continue
        line_id = to_int(sent["id"], "products.id")
        if line_id not in stored:
            raise EmagError(f"Order {oid}: product line {line_id} does not exist.")
        seen.add(line_id)
        changes.append(_plan_existing_line(oid, stored[line_id], sent))
    for line_id, line in stored.items():
        if line_id not in seen and int(line.get("status", 1)) == 1:
            changes.append(("remove", line, None, int(line["quantity"]), 0))
    return changes


def check_line_rules(order, changes, new_status, is_storno):
    """Which line changes order/save accepts (reference §2.9)."""
    oid = order["id"]
    current = order["status"]
    reductions = [c for c in changes if c[0] in ("decrease", "remove")]
    growth = [c for c in changes if c[0] in ("increase", "add")]
    if is_storno:
        if current != 4 or new_status != 4:
            raise EmagError(
                f"Order {oid}: is_storno can be used only on finalized orders (status 4)."
            )
        if not reductions:
            raise EmagError(
                f"Order {oid}: is_storno was sent but no product quantity was reduced."
            )
        if growth:
            raise EmagError(
                f"Order {oid}: products cannot be added or increased in a storno."
            )
        return
    if current == 4 and (reductions or growth):
        raise EmagError(f"Order {oid} is finalized: send is_storno to return products.")
    if order["payment_mode_id"] == 3 and reductions:
        raise EmagError(
            f"Order {oid} is paid online by card: products cannot be removed and "
            "quantities cannot be reduced."
        )
    if current in (0, 5) and (reductions or growth):
        raise EmagError(f"Order {oid}: products of this order cannot be changed.")


def cancellation_reason_of(sent, oid):
    """The int code sent with a cancellation (either key name, int or {id})."""
    raw = sent.get("reason_cancellation", sent.get("cancellation_reason"))
    if isinstance(raw, dict):
        raw = raw.get("id")
    if raw in (None, ""):
        raise EmagError(f"Order {oid}: a cancellation reason is mandatory.")
    reason = to_int(raw, "cancellation_reason")
    if reason not in CANCELLATION_REASONS:
        raise EmagError(f"Order {oid}: invalid cancellation reason {reason}.")
    return reason


# -------------------------------------------------------------- generator --

FIRST_NAMES = [
    "Andrei",
    "Maria",
    "Ioana",
    "Mihai",
    "Elena",
    "Alexandru",
    "Ana",
    "Cristian",
    "Gabriela",
    "Ștefan",
    "Raluca",
    "Bogdan",
    "Diana",
    "Vlad",
    "Irina",
]
LAST_NAMES = [
    "Popescu",
    "Ionescu",
    "Popa",
    "Dumitrescu",
    "Stan",
    "Stoica",
    "Gheorghe",
    "Matei",
    "Ciobanu",
    "Rusu",
    "Munteanu",
    "Constantinescu",
    "Marin",
    "Tudor",
    "Dobre",
]
STREETS = [
    "Str. Memorandumului",
    "Bd. Unirii",
    "Str. Avram Iancu",
    "Calea Victoriei",
    "Str. Mihai Viteazu",
    "Bd. Independenței",
    "Str. Republicii",
    "Aleea Trandafirilor",
]


def generate_order(rnd, offers, now, lines=3, vouchers=1, shipping=True, **overrides):
    """Return a realistic new order dict built from the given offers."""
    first, last = rnd.choice(FIRST_NAMES), rnd.choice(LAST_NAMES)
    name = f"{first} {last}"
    loc_id, city, county, zipcode = rnd.choice(LOCALITIES)
    street = f"{rnd.choice(STREETS)} nr. {rnd.randint(1, 120)}"
    phone = f"07{rnd.randint(20000000, 99999999):08d}"
    payment_mode_id = overrides.pop("payment_mode_id", 1)
    customer = {
        "id": rnd.randint(1_000_000, 9_999_999),
        "mkt_id": rnd.randint(1_000_000, 9_999_999),
        "name": name,
        "company": name,
        "gender": rnd.choice(["M", "F", ""]),
        "phone_1": phone,
        "email": f"{rnd.getrandbits(128):032x}",
        "billing_name": name,
        "billing_phone": phone,
        "billing_country": "RO",
        "billing_suburb": county,
        "billing_city": city,
        "billing_locality_id": loc_id,
        "billing_street": street,
        "billing_postal_code": zipcode,
        "shipping_country": "RO",
        "shipping_suburb": county,
        "shipping_city": city,
        "shipping_locality_id": loc_id,
        "shipping_street": street,
        "shipping_postal_code": zipcode,
        "shipping_contact": name,
        "shipping_phone": phone,
    }
    chosen = rnd.sample(offers, min(lines, len(offers))) if offers else []
    products = []
    for offer in chosen:
        vat = _vat_of_offer(offer)
        price = dec(offer["sale_price"]).quantize(PRICE)
        products.append(
            {
                "product_id": str(offer["id"]),
                "name": offer.get("name", ""),
                "part_number": offer.get("part_number", ""),
                "ext_part_number": offer.get("part_number", ""),
                "part_number_key": offer.get("part_number_key", ""),
                "sale_price": str(price),
                "original_price": str(price),
                "quantity": rnd.randint(1, 3),
                "vat": f"{vat:.4f}",
                "mkt_id": rnd.randint(10_000_000, 99_999_999),
            }
        )
    order = {
        "date": fmt_date(now),
        "payment_mode_id": payment_mode_id,
        "payment_mode": PAYMENT_MODES[payment_mode_id],
        "detailed_payment_method": PAYMENT_MODES[payment_mode_id],
        "payment_status": 1 if payment_mode_id == 3 else 0,
        "customer": customer,
        "products": products,
        "shipping_tax": 19.99 if shipping else 0,
    }
    if vouchers and products:
        order["vouchers"] = []
        for index in range(vouchers):
            voucher_id = rnd.randint(10_000_000, 99_999_999)
            funder = "eMAG" if index % 2 == 0 else "seller"
            _apply_voucher(
                order,
                voucher_id,
                Decimal("10.00") * (index + 1),
                "Voucher {} {} lei".format(
                    "eMAG" if funder == "eMAG" else "magazin", 10 * (index + 1)
                ),
                funder,
                now,
            )
    order.update(overrides)
    if payment_mode_id == 3:
        order.setdefault("cashed_co", float(order_total(_with_defaults(order))))
    return order


def _with_defaults(order):
    order = dict(order)
    order.setdefault("vouchers", [])
    return order


def _vat_of_offer(offer):
    rates = {1: Decimal("0.21"), 4: Decimal("0.11"), 7: Decimal("0")}
    return rates.get(int(offer.get("vat_id") or 1), Decimal("0.21"))


def _apply_voucher(order, voucher_id, gross, name, offered_by, now):
    """Spread a gross voucher over the lines (first line), consistent splits."""
    line = order["products"][0]
    vat = dec(line["vat"])
    value = (-gross / (1 + vat)).quantize(PRICE, rounding=ROUND_HALF_UP)
    vat_value = -gross - value
    line.setdefault("product_voucher_split", []).append(
        {
            "voucher_id": voucher_id,
            "value": str(value),
            "vat_value": str(vat_value),
            "vat": str(vat),
            "offered_by": offered_by,
            "voucher_name": name,
        }
    )
    order["vouchers"].append(
        {
            "id": voucher_id,
            "voucher_id": voucher_id,
            "modified": fmt_date(now),
            "created": fmt_date(now),
            "status": 1,
            "sale_price": str(value),
            "sale_price_vat": str(vat_value),
            "voucher_name": name,
            "vat": str(vat),
            "issue_date": now.strftime("%Y-%m-%d"),
        }
    )


def make_rng(seed):
    return random.Random(seed)
