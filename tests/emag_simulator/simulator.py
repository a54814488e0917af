"""The eMAG Marketplace API v4.4.9 simulator (see README.md for the contract)."""

import base64
import copy
import fnmatch
import itertools
import json
import logging
import math
import random
import re
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo

from . import defaults
from .bodies import MAX_INPUT_VARS, BodyError, parse_body
from .control import handle_control
from .errors import EmagError
from .offers import (
    OfferBook,
    build_offer,
    default_offers,
    filter_offers,
    generated_offer,
    public_offer,
)
from .orders import (
    FIRST_GENERATED_ORDER_ID,
    REQUIRED_SAVE_KEYS,
    absent_keys,
    cancellation_reason_of,
    check_line_rules,
    check_transition,
    collectible_amount,
    dec,
    filter_orders,
    fmt_date,
    generate_order,
    line_gross,
    make_rng,
    money,
    normalize_order,
    order_total,
    parse_date,
    plan_line_changes,
    reason_object,
    strip_absent,
    to_int,
    truthy,
)
from .pdf import PAGE_SIZES, make_pdf
from .ratelimit import (
    ORDERS_BUCKET,
    OTHER_BUCKET,
    RateLimit,
    SlidingWindowLimiter,
    bucket_for_route,
    default_rate_limits,
    max_in_window,
)

_logger = logging.getLogger(__name__)
NOT_ALLOWED = "You are not allowed to use this API."
RATE_LIMIT_BODY = {"message": "API rate limit exceeded"}
KONG_SERVER = "kong/3.4.2"
APP_SERVER = "nginx"
MAX_ENTITIES = 50
ATTACHMENT_TYPES = {1, 3, 4, 8, 10, 11}
AWB_FORMATS = {"A4", "A5", "A6"}
LOCKER_RE = re.compile(r"\[[^\]]*#\s*\w+\]")

FAULT_BODIES = {
    500: b"<html><head><title>500 Internal Server Error</title></head><body>"
    b"<h1>Internal Server Error</h1></body></html>",
    502: b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n",
    503: b"<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>"
    b"\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>"
    b"\r\n</body>\r\n</html>\r\n",
    504: b"<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n"
    b"<center><h1>504 Gateway Time-out</h1></center>\r\n</body>\r\n</html>\r\n",
}

# route name -> (allowed methods, handler method name)
ROUTES = {
    "order/read": (("POST",), "_r_order_read"),
    "order/count": (("POST",), "_r_order_count"),
    "order/save": (("POST",), "_r_order_save"),
    "order/acknowledge": (("POST",), "_r_order_acknowledge"),
    "order/attachments/save": (("POST",), "_r_attachments_save"),
    "order/unlock-courier": (("POST",), "_r_unlock_courier"),
    "awb/save": (("POST",), "_r_awb_save"),
    "awb/read": (("POST",), "_r_awb_read"),
    "awb/read_pdf": (("GET", "POST"), "_r_awb_read_pdf"),
    "awb/read_zpl": (("GET", "POST"), "_r_awb_read_zpl"),
    "courier_accounts/read": (("POST",), "_r_courier_accounts"),
    "addresses/read": (("POST",), "_r_addresses"),
    "category/read": (("POST",), "_r_category_read"),
    "category/count": (("POST",), "_r_category_count"),
    "vat/read": (("POST",), "_r_vat"),
    "handling_time/read": (("POST",), "_r_handling_time"),
    "locality/read": (("POST",), "_r_locality_read"),
    "locality/count": (("POST",), "_r_locality_count"),
    "product_offer/read": (("POST",), "_r_offer_read"),
    "product_offer/count": (("POST",), "_r_offer_count"),
    "product_offer/save": (("POST",), "_r_offer_save"),
    "offer/save": (("POST",), "_r_light_offer_save"),
    "offer_stock": (("PATCH",), "_r_offer_stock"),
}
# reachable without the /api-3 prefix too (reference §4.4)
UNPREFIXED_ROUTES = {"awb/read_pdf", "awb/read_zpl"}


@dataclass
class RequestRecord:
    seq: int
    at: float
    clock: float
    method: str
    path: str
    route: str
    bucket: str
    status: int = 0
    is_error: object = None
    messages: list = field(default_factory=list)
    username: str = ""
    ip: str = ""
    limited: object = None
    fault: object = None
    duration: float = 0.0
    payload: object = None


@dataclass
class CallbackRecord:
    at: float
    kind: str
    order_id: int
    url: str
    status: object = None
    error: object = None
    duration: float = 0.0


class _Response:
    def __init__(
        self, status=200, body=b"", content_type="application/json", headers=None
    ):
        self.status = status
        self.body = body
        self.content_type = content_type
        self.headers = dict(headers or {})
        self.envelope = None


def _json_response(status, payload):
    response = _Response(
        status, json.dumps(payload, ensure_ascii=False).encode("utf-8")
    )
    if isinstance(payload, dict) and "isError" in payload:
        response.envelope = payload
    return response


def envelope(results, messages=None, is_error=False):
    return {
        "isError": bool(is_error),
        "messages": list(messages or []),
        "results": results,
    }


def _default_fetch(url, timeout):
    request = urllib.request.Request(
        url, headers={"User-Agent": "eMAG-Marketplace/sim"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return response.status, response.read(20 * 1024 * 1024)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # headers and body are two writes: without TCP_NODELAY every keep-alive
    # request waits ~40 ms for the client's delayed ACK.
    disable_nagle_algorithm = True
    _server_header = APP_SERVER

    def version_string(self):
        return self._server_header

    def do_GET(self):
        self.server.simulator._handle(self)

    do_POST = do_PATCH = do_PUT = do_DELETE = do_GET

    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        if self.server.simulator.verbose:
            sys.stderr.write(f"emag-sim {self.address_string()} - {format % args}\n")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (BrokenPipeError, ConnectionResetError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class EmagSimulator:
    """A local eMAG Marketplace seller API. See README.md for the contract."""

    ORDERS_BUCKET = ORDERS_BUCKET
    OTHER_BUCKET = OTHER_BUCKET

    def __init__(
        self,
        username="demo",
        password="demo",
        allowed_ips=None,
        api_rights=True,
        host="127.0.0.1",
        port=0,
        platform="RO",
        rate_limits=None,
        rate_limit_enabled=True,
        time_scale=1.0,
        clock=None,
        callback_url=None,
        callback_interval=2.0,
        callback_timeout=5.0,
        attachment_mode="sync",
        download_timeout=10.0,
        fetch_url=None,
        awb_finalize_delay=0.0,
        return_window_days=14,
        load_defaults=True,
        ignore_wrapped_read_filters=False,
        auto_approve_products=False,
        locker_fee_by_emag=None,
        awb_request_form="any",
        awb_result_form="as_sent",
        awb_pdf_paths="both",
        verbose=False,
    ):
        self.host = host
        self._requested_port = port
        self._config = {
            "username": username,
            "password": password,
            "allowed_ips": list(allowed_ips) if allowed_ips is not None else None,
            "api_rights": api_rights,
            "platform": platform.upper(),
            "rate_limits": dict(rate_limits or default_rate_limits()),
            "rate_limit_enabled": rate_limit_enabled,
            "time_scale": time_scale,
            "clock": clock,
            "callback_interval": callback_interval,
            "callback_timeout": callback_timeout,
            "attachment_mode": attachment_mode,
            "download_timeout": download_timeout,
            "fetch_url": fetch_url or _default_fetch,
            "awb_finalize_delay": awb_finalize_delay,
            "return_window_days": return_window_days,
            "load_defaults": load_defaults,
            "ignore_wrapped_read_filters": ignore_wrapped_read_filters,
            "auto_approve_products": auto_approve_products,
            "locker_fee_by_emag": locker_fee_by_emag,
            "awb_request_form": awb_request_form,
            "awb_result_form": awb_result_form,
            "awb_pdf_paths": awb_pdf_paths,
            "verbose": verbose,
            "request_log_limit": 200_000,
        }
        self._apply_config(callback_url)

        self._lock = threading.RLock()
        self._limiter = SlidingWindowLimiter()
        self._server = None
        self._thread = None
        self._loop_thread = None
        self._loop_stop = threading.Event()
        self._reset_state()

    def _apply_config(self, callback_url):
        """(Re)set every public setting to the constructor's values."""
        for key, value in self._config.items():
            if isinstance(value, (dict, list)):
                value = copy.copy(value)  # tests mutate rate_limits, allowed_ips
            setattr(self, key, value)
        platform = defaults.PLATFORMS[self.platform]
        self.currency = platform["currency"]
        if self.locker_fee_by_emag is None:
            self.locker_fee_by_emag = platform["locker_fee_by_emag"]
        self._callback_urls = {"order": callback_url, "cancellation": None, "awb": None}
        self._initial_callback_url = callback_url

    # ------------------------------------------------------------ lifecycle --
    def _reset_state(self):
        with self._lock:
            self._orders = {}
            self._meta = {}
            self._next_order_id = FIRST_GENERATED_ORDER_ID
            self._line_ids = itertools.count(400_000_001)
            self._awbs = []
            self._emag_ids = itertools.count(88_000_001)
            self._reservation_ids = itertools.count(61_000_001)
            self._attachments = []
            self._requests = []
            self._seq = itertools.count(1)
            self._callback_log = []
            self._faults = []
            self._fault_ids = itertools.count(1)
            self._latencies = []
            self._bursts = []
            self._time_offset = timedelta()
            self._limiter.reset()
            if self.load_defaults:
                self._categories = {
                    c["id"]: copy.deepcopy(c) for c in defaults.CATEGORIES
                }
                self._localities = defaults.locality_records()
                self._vat = copy.deepcopy(defaults.VAT_RATES)
                self._handling = copy.deepcopy(defaults.HANDLING_TIMES)
                self._couriers = copy.deepcopy(defaults.COURIER_ACCOUNTS)
                self._addresses = copy.deepcopy(defaults.ADDRESSES)
                offers = default_offers(self.currency)
            else:
                self._categories, self._localities, self._vat = {}, [], []
                self._handling, self._couriers, self._addresses = [], [], []
                offers = {}
            self._book = OfferBook(
                offers,
                defaults.FOREIGN_PNKS,
                [v["vat_id"] for v in self._vat],
                self._categories,
                self.currency,
            )

    def start(self):
        """Bind the port and serve in a daemon thread. Returns self."""
        if self._server is not None:
            return self
        self._server = _Server((self.host, self._requested_port), _Handler)
        self._server.simulator = self
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.02},
            name="emag-simulator",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self):
        """Stop the callback loop and the HTTP server (idempotent)."""
        self.stop_callback_loop()
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def reset(self):
        """Back to the freshly constructed state (same port): forget orders, AWBs,
        attachments, logs, faults and callbacks, reload the defaults and restore
        every setting changed at run time (api_rights, allowed_ips, rate_limits...)."""
        self.stop_callback_loop()
        self._apply_config(self._initial_callback_url)
        self._reset_state()

    def reset_rate_limits(self):
        """Empty the rate-limit windows (every account, both buckets) and keep
        everything else: orders, settings, logs.  For a test or a benchmark that
        needs eMAG's full quota right after a burst."""
        self._limiter.reset()

    @property
    def port(self):
        if self._server is None:
            raise RuntimeError("The simulator is not started")
        return self._server.server_address[1]

    @property
    def root_url(self):
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self):
        return self.root_url + "/api-3"

    # ----------------------------------------------------------------- time --
    def now(self):
        """Business time: the platform's local time, naive as eMAG's dates are
        (reference §1.7), moved by advance_time()."""
        local = datetime.now(ZoneInfo(defaults.PLATFORMS[self.platform]["tz"]))
        return local.replace(microsecond=0, tzinfo=None) + self._time_offset

    def advance_time(self, **kwargs):
        with self._lock:
            self._time_offset += timedelta(**kwargs)

    def _limiter_now(self):
        if self.clock is not None:
            return self.clock()
        return time.monotonic() * self.time_scale

    def wait_for(self, predicate, timeout=5.0, interval=0.02):
        deadline = time.monotonic() + timeout
        while True:
            if predicate():
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(interval)

    # --------------------------------------------------------------- orders --
    def _new_meta(self, order):
        now = self.now()
        finalized = order.get("finalization_date")
        return {
            "acked": order["status"] not in (0, 1),
            "status_at": now,
            "finalized_at": parse_date(finalized) if finalized else now,
        }

    def seed_orders(self, orders, notify=False, sparse=False):
        """Store orders (dicts shaped like reference §2.7a). Returns their ids.

        ``sparse=True`` serves each order with only the keys it was given
        (old real orders lack the keys added since, see ``absent_keys``);
        otherwise missing keys are served with their defaults."""
        if isinstance(orders, dict):
            orders = orders.get("results", [orders])
        ids = []
        with self._lock:
            for raw in orders:
                order_id = raw.get("id")
                if order_id in (None, ""):
                    while self._next_order_id in self._orders:
                        self._next_order_id += 1
                    order_id = self._next_order_id
                    self._next_order_id += 1
                order_id = int(order_id)
                currency = defaults.platform_currency(
                    self.platform, raw.get("date") or fmt_date(self.now())
                )
                order = normalize_order(
                    raw, order_id, self._line_ids, self.now(), currency
                )
                self._orders[order_id] = order
                self._meta[order_id] = self._new_meta(order)
                self._meta[order_id]["absent"] = absent_keys(raw, sparse)
                ids.append(order_id)
        if notify:
            self._notify_async(ids)
        return ids

    def load_orders(self, path, notify=False):
        with open(Path(path), encoding="utf-8") as handle:
            return self.seed_orders(json.load(handle), notify=notify)

    def make_order(self, lines=3, vouchers=1, shipping=True, seed=None, **overrides):
        with self._lock:
            offers = [o for o in self._book.offers.values()][:50]
        rnd = make_rng(seed)
        return generate_order(
            rnd, offers, self.now(), lines, vouchers, shipping, **overrides
        )

    def generate_orders(
        self,
        n,
        lines=3,
        vouchers=1,
        shipping=True,
        seed=None,
        notify=False,
        **overrides,
    ):
        with self._lock:
            offers = sorted(self._book.offers.values(), key=lambda o: o["id"])[:50]
        rnd = make_rng(seed)
        now = self.now()
        batch = [
            generate_order(
                rnd, offers, now, lines, vouchers, shipping, **dict(overrides)
            )
            for _ in range(n)
        ]
        return self.seed_orders(batch, notify=notify)

    def get_order(self, order_id):
        with self._lock:
            order = self._orders.get(int(order_id))
            return self._public_order(order) if order else None

    def _public_order(self, order):
        """The order as order/read serves it: a copy, without the keys it was
        seeded without (old, sparse orders stay sparse)."""
        return strip_absent(order, self._meta[order["id"]]["absent"])

    def _present(self, order, *keys):
        """Keys set on the order since it was seeded are served from now on."""
        self._meta[order["id"]]["absent"]["order"].difference_update(keys)

    def orders(self, status=None, type=None):  # noqa: A002 - eMAG's key name
        with self._lock:
            result = [
                self._public_order(o)
                for _, o in sorted(self._orders.items())
                if (status is None or o["status"] == status)
                and (type is None or o["type"] == type)
            ]
        return result

    def order_status(self, order_id):
        with self._lock:
            return self._orders[int(order_id)]["status"]

    def is_acknowledged(self, order_id):
        with self._lock:
            return self._meta[int(order_id)]["acked"]

    def order_total(self, order_id):
        with self._lock:
            return order_total(self._orders[int(order_id)])

    def collectible_amount(self, order_id):
        with self._lock:
            return collectible_amount(
                self._orders[int(order_id)], self.locker_fee_by_emag
            )

    def _order(self, order_id):
        order = self._orders.get(int(order_id))
        if order is None:
            raise KeyError(f"Unknown order {order_id}")
        return order

    def _touch(self, order):
        order["modified"] = fmt_date(self.now())
        self._present(order, "modified")

    def _set_status(self, order, status):
        meta = self._meta[order["id"]]
        now = self.now()
        if status == 4 and order["status"] != 4:
            meta["finalized_at"] = now
            order["finalization_date"] = fmt_date(now)
            self._present(order, "finalization_date")
        self._move_offer_stock(order, order["status"], status)
        order["status"] = status
        meta["status_at"] = now
        self._touch(order)

    def _move_offer_stock(self, order, old_status, new_status):
        """eMAG's ``general_stock`` follows the orders it has processed.

        DOC449: general_stock "is decremented and incremented when orders are
        processed"; estimated_stock "takes into account the reserved stock on
        unacknowledged orders".  Read together: an order takes its units out
        of general_stock when it is acknowledged (processed), gives them back
        when it is canceled, and meanwhile only estimated_stock counts it.
        FBE orders (type 2) never touch the seller's stock.
        """
        if order["type"] != 3:
            return
        held = (2, 3, 4, 5)
        sign = (new_status in held) - (old_status in held)
        for line in order["products"] if sign else ():
            if int(line.get("status", 1)) == 1:
                self._book.move_stock(
                    str(line["product_id"]), -sign * int(line["quantity"] or 0)
                )

    def cancel_order(self, order_id, reason=24):
        """eMAG-side cancellation (customer request, auto-cancel...)."""
        with self._lock:
            order = self._order(order_id)
            order["reason_cancellation"] = reason_object(reason)
            order["cancellation_reason"] = int(reason)
            self._present(order, "reason_cancellation", "cancellation_reason")
            self._set_status(order, 0)
        self._callback_async("cancellation", [int(order_id)])

    def update_order(self, order_id, **fields):
        with self._lock:
            order = self._order(order_id)
            order.update(copy.deepcopy(fields))
            self._present(order, *fields)
            if "status" in fields:
                self._meta[order["id"]]["status_at"] = self.now()
            self._touch(order)

    def update_line(self, order_id, line_id, **fields):
        with self._lock:
            order = self._order(order_id)
            for line in order["products"]:
                if line["id"] == int(line_id):
                    line.update(copy.deepcopy(fields))
                    line["modified"] = fmt_date(self.now())
                    break
            else:
                raise KeyError(f"Unknown line {line_id}")
            self._touch(order)

    def storno_line(self, order_id, line_id, quantity):
        with self._lock:
            order = self._order(order_id)
            for line in order["products"]:
                if line["id"] == int(line_id):
                    self._storno(order, line, int(line["quantity"]) - int(quantity))
                    break
            else:
                raise KeyError(f"Unknown line {line_id}")
            self._after_storno(order)

    def _storno(self, order, line, new_qty):
        returned = int(line["quantity"]) - new_qty
        gross = line_gross({**line, "quantity": returned})
        line["storno_qty"] = int(line.get("storno_qty") or 0) + returned
        line["quantity"] = new_qty
        line["modified"] = fmt_date(self.now())
        refunded = dec(order.get("refunded_amount")) + gross
        order["refunded_amount"] = str(money(refunded))

    def _after_storno(self, order):
        order["is_storno"] = True
        active = [
            ln
            for ln in order["products"]
            if int(ln.get("status", 1)) == 1 and int(ln["quantity"]) > 0
        ]
        if not active and order["status"] == 4:
            self._set_status(order, 5)
        self._touch(order)

    def set_order_status(self, order_id, status):
        with self._lock:
            order = self._order(order_id)
            self._set_status(order, int(status))
            if int(status) >= 2:
                self._meta[order["id"]]["acked"] = True

    # --------------------------------------------------------------- offers --
    def offers(self):
        with self._lock:
            return [public_offer(o) for _, o in sorted(self._book.offers.items())]

    def get_offer(self, offer_id):
        with self._lock:
            self._refresh_estimated_stock()
            offer = self._book.offers.get(int(offer_id))
            return public_offer(offer) if offer else None

    def seed_offers(self, offers):
        with self._lock:
            for values in offers:
                offer = build_offer(values, self.currency)
                self._book.offers[int(offer["id"])] = offer

    def generate_offers(self, n, seed=None, first_id=100_001):
        rnd = make_rng(seed)
        with self._lock:
            for oid in range(first_id, first_id + n):
                self._book.offers[oid] = generated_offer(oid, rnd, self.currency)

    def set_offer_campaign(self, offer_id, campaign):
        with self._lock:
            self._book.offers[int(offer_id)]["_campaign"] = campaign

    # ----------------------------------------------------------------- AWBs --
    @property
    def awbs(self):
        with self._lock:
            return copy.deepcopy(self._awbs)

    def set_awb_status(self, emag_id, code, name="", description=""):
        with self._lock:
            awb = self._awb(int(emag_id))
            awb["status"] = {
                "code": code,
                "name": name or code,
                "description": description,
            }
            order_id = awb["order_id"]
        self._callback_async("awb", [order_id])

    def _awb(self, emag_id):
        for awb in self._awbs:
            if awb["emag_id"] == emag_id:
                return awb
        raise EmagError(f"AWB with emag_id {emag_id} not found")

    # ---------------------------------------------------------- attachments --
    @property
    def attachments(self):
        with self._lock:
            return copy.deepcopy(self._attachments)

    # ------------------------------------------------------------ callbacks --
    def set_callback_url(self, url, kind="order"):
        if kind not in self._callback_urls:
            raise ValueError(f"kind must be one of {sorted(self._callback_urls)}")
        self._callback_urls[kind] = url

    @property
    def callback_url(self):
        return self._callback_urls["order"]

    @property
    def callback_log(self):
        with self._lock:
            return list(self._callback_log)

    @staticmethod
    def callback_target(url, object_id):
        """eMAG appends the id to the configured URL, nothing else.

        Sellers register URLs ending with a parameter name of their choice
        (NOD: ``...&order_id=``, ``...&order_cancelled=``, ``...&awb=``), so
        eMAG cannot be adding a parameter of its own: a URL that does not end
        with ``=`` simply gets the id glued on (``.../order123``).  DOC449's
        example ``http://valid_url/path?order_id=123`` is that rule applied to
        ``...?order_id=``.
        """
        return f"{url}{object_id}"

    def pending_order_ids(self):
        with self._lock:
            return [
                oid
                for oid, order in sorted(self._orders.items())
                if order["status"] == 1
                and order["type"] == 3
                and not self._meta[oid]["acked"]
            ]

    def fire_callbacks(
        self,
        order_ids=None,
        duplicates=1,
        shuffle=False,
        concurrent=False,
        kind="order",
    ):
        """Send callbacks now (synchronously). Returns the CallbackRecords."""
        url = self._callback_urls[kind]
        if not url:
            return []
        ids = self.pending_order_ids() if order_ids is None else list(order_ids)
        targets = [int(oid) for oid in ids for _ in range(max(1, int(duplicates)))]
        if shuffle:
            random.shuffle(targets)
        if not concurrent:
            return [self._send_callback(kind, url, oid) for oid in targets]
        records = [None] * len(targets)

        def run(index, oid):
            records[index] = self._send_callback(kind, url, oid)

        threads = [
            threading.Thread(target=run, args=(i, oid), daemon=True)
            for i, oid in enumerate(targets)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(self.callback_timeout + 5)
        return [r for r in records if r is not None]

    def _send_callback(self, kind, url, order_id):
        target = self.callback_target(url, order_id)
        record = CallbackRecord(time.time(), kind, order_id, target)
        started = time.monotonic()
        try:
            request = urllib.request.Request(target, method="GET")
            with urllib.request.urlopen(  # noqa: S310
                request, timeout=self.callback_timeout
            ) as response:
                response.read()
                record.status = response.status
        except urllib.error.HTTPError as exc:
            record.status = exc.code
            record.error = str(exc)
        except Exception as exc:  # noqa: BLE001 - any network failure is recorded
            record.error = f"{type(exc).__name__}: {exc}"
        record.duration = time.monotonic() - started
        with self._lock:
            self._callback_log.append(record)
        return record

    def _notify_async(self, ids):
        with self._lock:
            pending = [
                oid
                for oid in ids
                if self._orders[oid]["status"] == 1 and self._orders[oid]["type"] == 3
            ]
        if pending and self._callback_urls["order"]:
            threading.Thread(
                target=self.fire_callbacks,
                kwargs={"order_ids": pending},
                daemon=True,
            ).start()

    def _callback_async(self, kind, ids):
        if self._callback_urls.get(kind):
            threading.Thread(
                target=self.fire_callbacks,
                kwargs={"order_ids": ids, "kind": kind},
                daemon=True,
            ).start()

    def start_callback_loop(self, interval=None):
        """Repeat the new-order callback for pending orders every `interval` s."""
        if interval is not None:
            self.callback_interval = interval
        if self._loop_thread is not None and self._loop_thread.is_alive():
            return
        self._loop_stop.clear()

        def loop():
            while not self._loop_stop.is_set():
                try:
                    self.fire_callbacks()
                except Exception:  # noqa: BLE001 - the loop must survive
                    _logger.exception("eMAG simulator callback loop failed")
                self._loop_stop.wait(self.callback_interval)

        self._loop_thread = threading.Thread(
            target=loop, name="emag-simulator-callbacks", daemon=True
        )
        self._loop_thread.start()

    def stop_callback_loop(self):
        self._loop_stop.set()
        thread, self._loop_thread = self._loop_thread, None
        if thread is not None:
            thread.join(timeout=self.callback_timeout + 2)

    # --------------------------------------------------------------- faults --
    def inject_fault(
        self,
        route="*",
        status=500,
        times=1,
        delay=0.0,
        body=None,
        after_processing=False,
    ):
        with self._lock:
            fault_id = next(self._fault_ids)
            self._faults.append(
                {
                    "id": fault_id,
                    "route": route,
                    "status": int(status),
                    "remaining": times,
                    "delay": float(delay),
                    "body": body,
                    "after_processing": after_processing,
                }
            )
            return fault_id

    def clear_faults(self):
        with self._lock:
            self._faults = []
            self._bursts = []
            self._latencies = []

    def set_latency(self, seconds, route="*", times=None):
        with self._lock:
            if not seconds:
                self._latencies = (
                    []
                    if route == "*"
                    else [lat for lat in self._latencies if lat["route"] != route]
                )
                return
            self._latencies.append(
                {"route": route, "seconds": float(seconds), "remaining": times}
            )

    def burst_429(self, times=None, duration=None, route="*", bucket=None):
        if times is None and duration is None:
            times = 1
        with self._lock:
            self._bursts.append(
                {
                    "route": route,
                    "bucket": bucket,
                    "remaining": times,
                    "until": (time.monotonic() + duration) if duration else None,
                }
            )

    def _take(self, items, route, bucket=None):
        """Consume the first matching rule of a fault/latency/burst list."""
        now = time.monotonic()
        for item in list(items):
            if item.get("until") is not None and now > item["until"]:
                items.remove(item)
                continue
            if not fnmatch.fnmatchcase(route, item["route"]):
                continue
            if item.get("bucket") and item["bucket"] != bucket:
                continue
            if item["remaining"] is not None:
                item["remaining"] -= 1
                if item["remaining"] <= 0:
                    items.remove(item)
            return item
        return None

    # ----------------------------------------------------------- request log --
    @property
    def request_log(self):
        with self._lock:
            return list(self._requests)

    def requests_for(self, route):
        with self._lock:
            return [r for r in self._requests if fnmatch.fnmatchcase(r.route, route)]

    def max_observed_rate(self, bucket, window=1.0):
        with self._lock:
            times = [r.clock for r in self._requests if r.bucket == bucket]
        return max_in_window(times, window)

    def rate_limit_hits(self, bucket=None):
        with self._lock:
            return [
                r
                for r in self._requests
                if r.limited == "rate" and (bucket is None or r.bucket == bucket)
            ]

    # ------------------------------------------------------------ HTTP core --
    @staticmethod
    def _resolve(path):
        """Return (route name or None, params, first segment)."""
        prefixed = path == "/api-3" or path.startswith("/api-3/")
        rest = path[len("/api-3") :] if prefixed else path
        parts = [p for p in rest.strip("/").split("/") if p != ""]
        first = parts[0] if parts else ""
        route, params = None, {}
        if len(parts) == 3 and parts[:2] == ["order", "acknowledge"]:
            route, params = "order/acknowledge", {"id": parts[2]}
        elif len(parts) == 3 and parts[0] == "order" and parts[2] == "unlock-courier":
            route, params = "order/unlock-courier", {"id": parts[1]}
        elif parts and parts[0] == "offer_stock" and len(parts) <= 2:
            route = "offer_stock"
            params = {"id": parts[1] if len(parts) == 2 else None}
        elif "/".join(parts) in ROUTES:
            route = "/".join(parts)
        if route and not prefixed and route not in UNPREFIXED_ROUTES:
            route = None
        if route in UNPREFIXED_ROUTES:
            params["prefixed"] = prefixed
        return route, params, first

    @staticmethod
    def _read_body(req):
        if req.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(req.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    req.rfile.readline()
                    break
                chunks.append(req.rfile.read(size))
                req.rfile.readline()
            return b"".join(chunks)
        length = int(req.headers.get("Content-Length") or 0)
        return req.rfile.read(length) if length else b""

    @staticmethod
    def _credentials(req):
        header = req.headers.get("Authorization", "")
        if not header.lower().startswith("basic "):
            return None, None
        try:
            decoded = base64.b64decode(header[6:].strip(), validate=True).decode(
                "utf-8"
            )
        except (ValueError, UnicodeDecodeError):
            return None, None
        if ":" not in decoded:
            return decoded, None
        username, password = decoded.split(":", 1)
        return username, password

    def _handle(self, req):
        started = time.monotonic()
        split = urlsplit(req.path)
        if split.path.startswith("/_sim"):
            self._control(req, split)
            return
        raw = self._read_body(req)
        route, params, first = self._resolve(split.path)
        route_name = route or f"unknown:{split.path}"
        bucket = bucket_for_route(route or first)
        username, password = self._credentials(req)
        ip = req.client_address[0]
        now_clock = self._limiter_now()
        record = RequestRecord(
            seq=0,
            at=time.time(),
            clock=now_clock,
            method=req.command,
            path=req.path,
            route=route_name,
            bucket=bucket,
            username=username or "",
            ip=ip,
        )
        delay = 0.0
        fault = None
        try:
            parsed = parse_body(req.headers.get("Content-Type"), raw, split.query)
        except BodyError as exc:
            parsed = exc
        record.payload = parsed.as_log() if not isinstance(parsed, BodyError) else None
        limit = self.rate_limits[bucket]
        remaining = limit.per_second
        with self._lock:
            burst = self._take(self._bursts, route_name, bucket)
        if burst is not None:
            response = self._rate_limited(limit, 0)
            record.limited = "injected"
        else:
            allowed, remaining = True, limit.per_second
            if self.rate_limit_enabled:
                # a disabled limiter counts nothing: switching it back on
                # starts with empty windows, not with the unlimited burst
                allowed, remaining = self._limiter.hit(
                    (username or f"ip:{ip}", bucket), limit, now_clock
                )
            if not allowed:
                response = self._rate_limited(limit, 0)
                record.limited = "rate"
            else:
                remaining = max(remaining, 0)
                with self._lock:
                    fault = self._take(self._faults, route_name)
                if fault is not None and not fault["after_processing"]:
                    response = self._fault_response(fault)
                else:
                    response = self._dispatch(
                        req, route, params, parsed, username, password
                    )
                    if fault is not None:
                        response = self._fault_response(fault)
                if fault is not None:
                    record.fault = fault["status"]
                    delay += fault["delay"]
                response.headers.setdefault(
                    "X-RateLimit-Limit-3second", str(limit.per_second)
                )
                response.headers.setdefault(
                    "X-RateLimit-Remaining-3second", str(remaining)
                )
        with self._lock:
            latency = self._take(self._latencies, route_name, bucket)
        if latency is not None:
            delay += latency["seconds"]
        record.status = response.status
        if response.envelope is not None:
            record.is_error = response.envelope.get("isError")
            record.messages = list(response.envelope.get("messages") or [])
        with self._lock:
            record.seq = next(self._seq)
            record.duration = time.monotonic() - started + delay
            self._requests.append(record)
            if len(self._requests) > self.request_log_limit:
                del self._requests[: len(self._requests) // 10]
        if delay:
            time.sleep(delay)
        self._send(req, response)

    def _rate_limited(self, limit, remaining):
        response = _json_response(429, RATE_LIMIT_BODY)
        response.headers.update(
            {
                "X-RateLimit-Limit-3second": str(limit.per_second),
                "X-RateLimit-Remaining-3second": str(remaining),
                "Server": KONG_SERVER,
            }
        )
        return response

    @staticmethod
    def _fault_response(fault):
        body = fault["body"]
        if body is None:
            body = FAULT_BODIES.get(fault["status"], FAULT_BODIES[500])
        if isinstance(body, (dict, list)):
            return _json_response(fault["status"], body)
        if isinstance(body, str):
            body = body.encode("utf-8")
        return _Response(fault["status"], body, "text/html")

    @staticmethod
    def _send(req, response):
        req._server_header = response.headers.pop("Server", APP_SERVER)
        try:
            req.send_response(response.status)
            if response.status != 204:
                req.send_header("Content-Type", response.content_type)
                req.send_header("Content-Length", str(len(response.body)))
            for key, value in response.headers.items():
                req.send_header(key, value)
            req.end_headers()
            if response.status != 204 and req.command != "HEAD":
                req.wfile.write(response.body)
            req.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            req.close_connection = True

    def _dispatch(self, req, route, params, parsed, username, password):
        rest = route == "offer_stock"
        if (
            username is None
            or password is None
            or (username != self.username or password != self.password)
        ):
            return _json_response(401, envelope([], [NOT_ALLOWED], True))
        if not self.api_rights:
            return _json_response(403, envelope([], [NOT_ALLOWED], True))
        ip = req.client_address[0]
        if self.allowed_ips is not None and ip not in self.allowed_ips:
            return _json_response(
                403, envelope([], [f"ERROR: Invalid vendor ip [{ip}]"], True)
            )
        if route is None:
            return _json_response(404, envelope([], ["Invalid URL"], True))
        methods, handler_name = ROUTES[route]
        if req.command not in methods:
            if rest:
                return _json_response(404, {"message": "Invalid URL"})
            return _json_response(
                405, envelope([], [f"Method {req.command} not allowed"], True)
            )
        if isinstance(parsed, BodyError):
            if rest:
                return _json_response(400, {"message": "Invalid content"})
            return _json_response(200, envelope([], [str(parsed)], True))
        if parsed.input_vars > MAX_INPUT_VARS:
            return _json_response(
                200,
                envelope(
                    [], [f"Maximum input vars of {MAX_INPUT_VARS} exceeded"], True
                ),
            )
        try:
            result = getattr(self, handler_name)(parsed, params)
        except EmagError as exc:
            if exc.body is not None:
                return _json_response(exc.status, exc.body)
            return _json_response(exc.status, envelope(exc.results, exc.messages, True))
        except Exception as exc:  # noqa: BLE001 - a bug must show, not hang
            _logger.exception("eMAG simulator bug on %s", route)
            return _json_response(
                500,
                envelope([], [f"Simulator error: {type(exc).__name__}: {exc}"], True),
            )
        if isinstance(result, _Response):
            return result
        return _json_response(200, envelope(result))

    # ------------------------------------------------------------- helpers --
    def _filters(self, parsed):
        filters = dict(parsed.top)
        if (
            parsed.has_data
            and isinstance(parsed.data, dict)
            and not self.ignore_wrapped_read_filters
        ):
            filters.update(parsed.data)
        return filters

    @staticmethod
    def _entities(parsed):
        payload = parsed.payload()
        if payload in (None, "", [], {}):
            raise EmagError("No data was sent.")
        if isinstance(payload, dict):
            payload = [payload]
        if not isinstance(payload, list):
            raise EmagError("Invalid data.")
        if len(payload) > MAX_ENTITIES:
            raise EmagError(
                f"Maximum {MAX_ENTITIES} entities are allowed per request "
                f"({len(payload)} sent)."
            )
        return payload

    @staticmethod
    def _page_args(filters):
        per_page = filters.get("itemsPerPage")
        page = filters.get("currentPage")
        per_page = 100 if per_page in (None, "") else to_int(per_page, "itemsPerPage")
        page = 1 if page in (None, "") else to_int(page, "currentPage")
        if per_page < 1:
            raise EmagError("itemsPerPage must be a positive number.")
        if not 1 <= page <= 65535:
            raise EmagError("currentPage must be between 1 and 65535.")
        return page, min(per_page, 100)

    def _paginate(self, items, filters):
        page, per_page = self._page_args(filters)
        return items[(page - 1) * per_page : page * per_page]

    def _count(self, total, filters):
        _page, per_page = self._page_args(filters)
        return {
            "noOfItems": str(total),
            "noOfPages": str(math.ceil(total / per_page)),
            "itemsPerPage": str(per_page),
        }

    def _order_by_param(self, value):
        try:
            order_id = int(str(value))
        except ValueError as exc:
            raise EmagError(f"Invalid order id {value}") from exc
        order = self._orders.get(order_id)
        if order is None:
            raise EmagError(f"Order {order_id} not found")
        return order

    # ---------------------------------------------------------- order routes --
    def _r_order_read(self, parsed, params):
        filters = self._filters(parsed)
        with self._lock:
            found = filter_orders(self._orders.values(), filters)
            return [self._public_order(o) for o in self._paginate(found, filters)]

    def _r_order_count(self, parsed, params):
        filters = self._filters(parsed)
        with self._lock:
            found = filter_orders(self._orders.values(), filters)
            return self._count(len(found), filters)

    def _r_order_acknowledge(self, parsed, params):
        with self._lock:
            order = self._order_by_param(params["id"])
            if order["type"] != 3:
                raise EmagError(
                    "Order {} is fulfilled by eMAG and cannot be acknowledged.".format(
                        order["id"]
                    )
                )
            if order["status"] == 0:
                raise EmagError(
                    "Order {} is canceled and cannot be acknowledged.".format(
                        order["id"]
                    )
                )
            meta = self._meta[order["id"]]
            meta["acked"] = True
            if order["status"] == 1:
                self._set_status(order, 2)
                meta["acks"] = meta.get("acks", 0) + 1
        return []

    def _r_unlock_courier(self, parsed, params):
        with self._lock:
            order = self._order_by_param(params["id"])
            order["enforced_vendor_courier_accounts"] = None
            self._present(order, "enforced_vendor_courier_accounts")
            self._touch(order)
        return []

    def _r_order_save(self, parsed, params):
        entities = self._entities(parsed)
        messages = []
        for entity in entities:
            try:
                with self._lock:
                    self._save_order(entity)
            except EmagError as exc:
                messages.extend(exc.messages)
        if messages:
            raise EmagError(messages)
        return []

    def _save_order(self, sent):
        """One entity of order/save: check everything, then apply (§2.1, §2.9)."""
        if not isinstance(sent, dict):
            raise EmagError("Invalid order entity.")
        missing = [k for k in REQUIRED_SAVE_KEYS if k not in sent]
        if "id" in missing:
            raise EmagError("Order id is mandatory.")
        order = self._order_by_param(sent["id"])
        oid = order["id"]
        if missing:
            raise EmagError(
                f"Order {oid}: missing {', '.join(missing)}. "
                "Send the whole order, as read."
            )
        if order["type"] != 3:
            raise EmagError(
                f"Order {oid} is fulfilled by eMAG: only attachments can be sent."
            )
        new_status = to_int(sent["status"], "status")
        if new_status not in (0, 1, 2, 3, 4, 5):
            raise EmagError(f"Order {oid}: invalid status {new_status}.")
        now = self.now()
        check_transition(
            order, self._meta[oid], new_status, now, self.return_window_days
        )
        changes = plan_line_changes(order, sent["products"])
        is_storno = truthy(sent.get("is_storno", False))
        check_line_rules(order, changes, new_status, is_storno)
        reason = None
        if new_status == 0 and order["status"] != 0:
            reason = cancellation_reason_of(sent, oid)
        # everything is checked: apply
        self._apply_line_changes(order, changes, is_storno, fmt_date(now))
        if reason is not None:
            order["reason_cancellation"] = reason_object(reason)
            order["cancellation_reason"] = reason
            self._present(order, "reason_cancellation", "cancellation_reason")
        if new_status != order["status"]:
            self._set_status(order, new_status)
        if is_storno:
            self._after_storno(order)
        self._touch(order)

    def _apply_line_changes(self, order, changes, is_storno, stamp):
        held = order["status"] in (2, 3, 4) and order["type"] == 3
        for kind, line, sent_line, old_qty, new_qty in changes:
            if kind == "add":
                line = self._new_line(sent_line, new_qty, stamp)
                order["products"].append(line)
                if held and line["status"] == 1:
                    self._book.move_stock(line["product_id"], -new_qty)
            elif kind == "same":
                if sent_line and "serial_numbers" in sent_line:
                    line["serial_numbers"] = sent_line["serial_numbers"]
            elif is_storno:
                self._storno(order, line, new_qty)
            else:
                if held:
                    self._book.move_stock(str(line["product_id"]), old_qty - new_qty)
                line["quantity"] = new_qty
                if new_qty == 0:
                    line["status"] = 0
                line["modified"] = stamp

    def _new_line(self, sent_line, quantity, stamp):
        price = str(dec(sent_line["sale_price"]))
        return {
            "id": next(self._line_ids),
            "product_id": str(sent_line["product_id"]),
            "name": sent_line.get("name", ""),
            "part_number": sent_line.get("part_number", ""),
            "ext_part_number": sent_line.get("ext_part_number", ""),
            "part_number_key": sent_line.get("part_number_key", ""),
            "sale_price": price,
            "original_price": price,
            "currency": self.currency,
            "quantity": quantity,
            "initial_qty": quantity,
            "storno_qty": 0,
            "vat": str(sent_line.get("vat", "0.2100")),
            "status": to_int(sent_line["status"], "status"),
            "product_voucher_split": [],
            "details": [],
            "attachments": [],
            "serial_numbers": "",
            "recycle_warranties": [],
            "retained_amount": 0,
            "reversible_vat_charging": 0,
            "created": stamp,
            "modified": stamp,
        }

    # ----------------------------------------------------------- attachments --
    def _r_attachments_save(self, parsed, params):
        entities = self._entities(parsed)
        messages = []
        accepted = []
        with self._lock:
            for item in entities:
                try:
                    accepted.append(self._check_attachment(item))
                except EmagError as exc:
                    messages.extend(exc.messages)
        for att in accepted:
            if att["skipped"]:
                self._store_attachment(att)
            elif self.attachment_mode == "sync":
                self._download(att)
                if att["error"]:
                    messages.append(
                        "Order {}: attachment {}: {}".format(
                            att["order_id"], att["url"], att["error"]
                        )
                    )
                self._store_attachment(att)
            elif self.attachment_mode == "async":
                self._store_attachment(att)
                threading.Thread(
                    target=self._download, args=(att,), daemon=True
                ).start()
            else:
                self._store_attachment(att)
        if messages:
            raise EmagError(messages)
        return []

    def _check_attachment(self, item):
        if not isinstance(item, dict):
            raise EmagError("Invalid attachment entity.")
        if item.get("order_id") in (None, ""):
            raise EmagError("order_id is mandatory.")
        order = self._order_by_param(item["order_id"])
        oid = order["id"]
        if item.get("order_type") in (None, ""):
            raise EmagError(f"Order {oid}: order_type is mandatory.")
        order_type = to_int(item["order_type"], "order_type")
        if order_type != order["type"]:
            raise EmagError(
                "Order {}: order_type {} does not match the order (type {}).".format(
                    oid, order_type, order["type"]
                )
            )
        name = str(item.get("name") or "")
        if not 1 <= len(name) <= 60:
            raise EmagError(f"Order {oid}: attachment name must have 1..60 characters.")
        url = str(item.get("url") or "")
        if not 1 <= len(url) <= 1024 or urlsplit(url).scheme not in ("http", "https"):
            raise EmagError(
                f"Order {oid}: attachment url must be a public http(s) URL."
            )
        att_type = to_int(item.get("type", 1) or 1, "type")
        if att_type not in ATTACHMENT_TYPES:
            raise EmagError(f"Order {oid}: invalid attachment type {att_type}.")
        line_id = item.get("order_product_id")
        if att_type == 3 and order["type"] == 3 and line_id in (None, ""):
            raise EmagError(
                f"Order {oid}: order_product_id is mandatory for warranties."
            )
        if line_id not in (None, ""):
            line_id = to_int(line_id, "order_product_id")
            if line_id not in {ln["id"] for ln in order["products"]}:
                raise EmagError(f"Order {oid}: order_product_id {line_id} not found.")
        force = to_int(item.get("force_download", 0) or 0, "force_download")
        previous = [
            a
            for a in self._attachments
            if a["order_id"] == oid
            and a["url"] == url
            and a["type"] == att_type
            and a["downloaded"]
        ]
        return {
            "order_id": oid,
            "order_type": order_type,
            "order_product_id": line_id,
            "name": name,
            "url": url,
            "type": att_type,
            "force_download": force,
            "skipped": bool(previous) and not force,
            "downloaded": False,
            "is_pdf": False,
            "size": 0,
            "error": None,
            "content": b"",
            "at": time.time(),
        }

    def _download(self, att):
        """Fetch the URL (outside the lock) and record the outcome on `att`."""
        outcome = {"downloaded": False, "is_pdf": False, "size": 0, "error": None}
        try:
            status, content = self.fetch_url(att["url"], self.download_timeout)
        except urllib.error.HTTPError as exc:
            outcome["error"] = f"could not be downloaded (HTTP {exc.code})"
        except Exception as exc:  # noqa: BLE001 - report any failure
            outcome["error"] = f"could not be downloaded ({exc})"
        else:
            if status != 200:
                outcome["error"] = f"could not be downloaded (HTTP {status})"
            else:
                outcome.update(
                    downloaded=True,
                    size=len(content),
                    content=content,
                    is_pdf=content.startswith(b"%PDF"),
                )
                if not outcome["is_pdf"]:
                    outcome["error"] = "the file is not a PDF"
        with self._lock:
            att.update(outcome)

    def _store_attachment(self, att):
        with self._lock:
            self._attachments.append(att)
            if att["error"] and self.attachment_mode == "sync":
                return
            order = self._orders[att["order_id"]]
            target = order["attachments"]
            if att["order_product_id"]:
                for line in order["products"]:
                    if line["id"] == att["order_product_id"]:
                        target = line.setdefault("attachments", [])
            target[:] = [a for a in target if a.get("url") != att["url"]]
            target.append(
                {
                    "name": att["name"],
                    "url": att["url"],
                    "type": att["type"],
                    "force_download": att["force_download"],
                    "visibility": 1,
                }
            )
            self._touch(order)

    # ------------------------------------------------------------------- AWB --
    def _r_awb_save(self, parsed, params):
        payload = parsed.payload()
        if payload in (None, "", [], {}):
            raise EmagError("No data was sent.")
        single = isinstance(payload, dict)
        # One object per request is what every production client sends
        # (ZITEC, VTEX, PHX) and reads back as one object; only TS451 sends a
        # list.  Which forms eMAG accepts is UNCONFIRMED: "any" takes both,
        # "object" / "list" refuse the other one.
        if self.awb_request_form == "object" and not single:
            raise EmagError("Invalid data: send one AWB object, not a list.")
        if self.awb_request_form == "list" and single:
            raise EmagError("Invalid data: send a list of AWBs.")
        items = [payload] if single else payload
        if not isinstance(items, list) or len(items) > MAX_ENTITIES:
            raise EmagError("Invalid data.")
        results = []
        finalize = []
        with self._lock:
            for item in items:
                awb = self._create_awb(item)
                results.append(awb["_result"])
                finalize.append(awb["order_id"])
        for order_id in finalize:
            if self.awb_finalize_delay > 0:
                timer = threading.Timer(
                    self.awb_finalize_delay, self._finalize, (order_id,)
                )
                timer.daemon = True
                timer.start()
            else:
                self._finalize(order_id)
        if self.awb_result_form == "list" or (
            self.awb_result_form == "as_sent" and not single
        ):
            return results
        return results[0] if single else results

    def _finalize(self, order_id):
        with self._lock:
            order = self._orders.get(order_id)
            if order is not None and order["status"] in (2, 3):
                self._set_status(order, 4)

    def _check_party(self, party, role, oid):
        if not isinstance(party, dict):
            raise EmagError(f"Order {oid}: {role} is mandatory.")
        party = dict(party)
        if role == "sender" and party.get("address_id") not in (None, ""):
            address = next(
                (
                    a
                    for a in self._addresses
                    if a["address_id"] == str(party["address_id"])
                ),
                None,
            )
            if address is None:
                raise EmagError(
                    "Order {}: sender address_id {} not found.".format(
                        oid, party["address_id"]
                    )
                )
            party.setdefault("locality_id", address["locality_id"])
            party.setdefault("street", address["address"])
        for key, low, high in (
            ("name", 3, 255),
            ("contact", 1, 255),
            ("street", 3, 255),
        ):
            value = str(party.get(key) or "")
            if not low <= len(value) <= high:
                raise EmagError(
                    f"Order {oid}: {role} {key} must have {low}..{high} characters."
                )
        phone = str(party.get("phone1") or "").replace(" ", "")
        digits = phone[1:] if phone.startswith("+") else phone
        if not digits.isdigit() or not 8 <= len(digits) <= 11:
            raise EmagError(f"Order {oid}: {role} phone1 must have 8..11 digits.")
        if "zipcode" in party and not 1 <= len(str(party["zipcode"] or "")) <= 255:
            # DOC449 6.1: zipcode "Optional. String value between 1 and 255"
            raise EmagError(f"Order {oid}: {role} zipcode must have 1..255 characters.")
        if party.get("locality_id") in (None, ""):
            raise EmagError(f"Order {oid}: {role} locality_id is mandatory.")
        locality = to_int(party["locality_id"], "locality_id")
        if self._localities and locality not in {
            x["emag_id"] for x in self._localities
        }:
            raise EmagError(f"Order {oid}: {role} locality_id {locality} is not valid.")
        return party

    def _awb_order(self, item):
        if not isinstance(item, dict):
            raise EmagError("Invalid AWB entity.")
        if item.get("rma_id") not in (None, "") and item.get("order_id") in (None, ""):
            raise EmagError("Return (RMA) AWBs are not supported by this simulator.")
        if item.get("order_id") in (None, ""):
            raise EmagError("order_id is mandatory.")
        order = self._order_by_param(item["order_id"])
        oid = order["id"]
        if order["type"] != 3:
            raise EmagError(
                f"Order {oid} is fulfilled by eMAG: AWBs are issued by eMAG."
            )
        if order["status"] == 1:
            raise EmagError(f"Order {oid} must be acknowledged before issuing an AWB.")
        if order["status"] in (0, 5):
            state = "canceled" if order["status"] == 0 else "returned"
            raise EmagError(f"Order {oid} is {state}: no AWB can be issued.")
        return order

    def _check_awb_numbers(self, item, order):
        """Parcels, weights and COD (reference §4.2). Returns the COD amount."""
        oid = order["id"]
        limits = (("is_oversize", 1), ("envelope_number", 9999), ("parcel_number", 999))
        for key, high in limits:
            if item.get(key) in (None, ""):
                raise EmagError(f"Order {oid}: {key} is mandatory.")
            if not 0 <= to_int(item[key], key) <= high:
                raise EmagError(f"Order {oid}: {key} must be between 0 and {high}.")
        if (
            to_int(item["envelope_number"], "x")
            == 0
            == to_int(item["parcel_number"], "x")
        ):
            raise EmagError(
                f"Order {oid}: envelope_number and parcel_number cannot both be 0."
            )
        if item.get("cod") in (None, ""):
            raise EmagError(f"Order {oid}: cod is mandatory.")
        cod = dec(item["cod"])
        if cod < 0 or cod > 999999999:
            raise EmagError(f"Order {oid}: cod must be between 0 and 999999999.")
        collectible = collectible_amount(order, self.locker_fee_by_emag)
        if cod > collectible:
            raise EmagError(
                f"cash on delivery value cannot be greater than {collectible}"
            )
        for key, high in (("weight", 99999), ("insured_value", 999999999)):
            if item.get(key) not in (None, "") and not 0 <= dec(item[key]) <= high:
                raise EmagError(f"Order {oid}: {key} must be between 0 and {high}.")
        if len(str(item.get("observation") or "")) > 255:
            raise EmagError(
                f"Order {oid}: observation must have at most 255 characters."
            )
        return cod

    def _awb_courier_account(self, item, order):
        oid = order["id"]
        accounts = [
            a["account_id"]
            for a in self._couriers
            if a["courier_account_type"] in (2, 3)
        ]
        account_id = item.get("courier_account_id")
        if account_id not in (None, ""):
            account_id = to_int(account_id, "courier_account_id")
            if account_id not in accounts:
                raise EmagError(
                    f"Order {oid}: courier_account_id {account_id} is not valid."
                )
        else:
            account_id = accounts[0] if accounts else None
        enforced = order.get("enforced_vendor_courier_accounts")
        if enforced is not None and not enforced:
            raise EmagError(
                f"Order {oid}: you cannot issue an AWB for this order from Marketplace."
            )
        if enforced and account_id not in [int(a) for a in enforced]:
            allowed = ", ".join(str(a) for a in enforced)
            raise EmagError(
                f"Order {oid}: the AWB must use one of the courier accounts {allowed}."
            )
        return account_id

    @staticmethod
    def _awb_locker(item, order, receiver, account_id):
        """Locker delivery: eMAG routes it to the locker courier (§4.2)."""
        locker_id = item.get("locker_id") or None
        if locker_id is not None and not 3 <= len(str(locker_id)) <= 255:
            raise EmagError(
                f"Order {order['id']}: locker_id must have 3..255 characters."
            )
        street = str(receiver.get("street") or "")
        if order["delivery_mode"] == "pickup" and (
            locker_id or LOCKER_RE.search(street)
        ):
            locker_id = locker_id or (order.get("details") or {}).get("locker_id")
            account_id = defaults.LOCKER_COURIER_ACCOUNT_ID
        return locker_id, account_id

    def _create_awb(self, item):
        order = self._awb_order(item)
        oid = order["id"]
        self._check_party(item.get("sender"), "sender", oid)
        receiver = self._check_party(item.get("receiver"), "receiver", oid)
        cod = self._check_awb_numbers(item, order)
        account_id = self._awb_courier_account(item, order)
        locker_id, account_id = self._awb_locker(item, order, receiver, account_id)
        account = next(
            (a for a in self._couriers if a["account_id"] == account_id), None
        )
        emag_id = next(self._emag_ids)
        reservation_id = next(self._reservation_ids)
        awb_number = f"{4 if locker_id else 2}{emag_id:09d}"
        awb_line = {
            "emag_id": emag_id,
            "awb_number": awb_number,
            "awb_barcode": awb_number + "001",
        }
        courier_name = account["courier_name"] if account else ""
        awb = {
            "emag_id": emag_id,
            "reservation_id": reservation_id,
            "order_id": oid,
            "rma_id": None,
            "type": order["type"],
            "weight": float(dec(item.get("weight") or 1)),
            "awb_type": 1,
            "awb": [awb_line],
            "awb_number": awb_number,
            "cod": str(money(cod)),
            "locker_id": locker_id,
            "courier_account_id": account_id,
            "courier_name": courier_name,
            "status": {"code": "ACC", "name": "Accepted", "description": "AWB issued"},
            "request": copy.deepcopy(item),
            "created": fmt_date(self.now()),
        }
        awb["_result"] = {
            "reservation_id": reservation_id,
            "courier_id": account_id,
            "courier_name": courier_name,
            "awb": [dict(awb_line)],
        }
        self._awbs.append(awb)
        return awb

    def _public_awb(self, awb):
        return {
            "emag_id": awb["emag_id"],
            "reservation_id": awb["reservation_id"],
            "order_id": awb["order_id"],
            "rma_id": awb["rma_id"],
            "type": awb["type"],
            "weight": awb["weight"],
            "awb_type": awb["awb_type"],
            "cod": awb["cod"],
            "locker_id": awb["locker_id"],
            "awb": copy.deepcopy(awb["awb"]),
            "status": dict(awb["status"]),
            "courier": {
                "courier_account_id": awb["courier_account_id"],
                "courier_id": awb["courier_account_id"],
                "courier_name": awb["courier_name"],
            },
            "created": awb["created"],
        }

    def _r_awb_read(self, parsed, params):
        filters = self._filters(parsed)
        with self._lock:
            if filters.get("emag_id") not in (None, ""):
                wanted = to_int(filters["emag_id"], "emag_id")
                found = [a for a in self._awbs if a["emag_id"] == wanted]
            elif filters.get("reservation_id") not in (None, ""):
                wanted = to_int(filters["reservation_id"], "reservation_id")
                found = [a for a in self._awbs if a["reservation_id"] == wanted]
            else:
                raise EmagError("emag_id or reservation_id is mandatory.")
            if not found:
                raise EmagError("AWB not found.")
            return [self._public_awb(a) for a in found]

    def _check_label_path(self, params):
        """DOC449 6.3's example reads labels at the host root
        (``https://marketplace-api.emag.ro/awb/read_pdf``); TS451 and VTEX use
        ``/api-3/awb/read_pdf``.  Which one eMAG serves is UNCONFIRMED:
        ``awb_pdf_paths`` "both" (default), "root" or "api-3"."""
        wanted = {"root": False, "api-3": True}.get(self.awb_pdf_paths)
        if wanted is not None and params.get("prefixed") != wanted:
            raise EmagError(
                "Invalid URL", status=404, body=envelope([], ["Invalid URL"], True)
            )

    def _r_awb_read_pdf(self, parsed, params):
        self._check_label_path(params)
        filters = self._filters(parsed)
        if filters.get("emag_id") in (None, ""):
            raise EmagError("emag_id is mandatory.")
        fmt = str(filters.get("awb_format") or "A4").upper()
        if fmt not in AWB_FORMATS:
            raise EmagError(f"Invalid awb_format {fmt}. Allowed: A4, A5, A6.")
        with self._lock:
            awb = self._awb(to_int(filters["emag_id"], "emag_id"))
            order = self._orders[awb["order_id"]]
            lines = [
                "AWB {} - {}".format(awb["awb_number"], awb["courier_name"]),
                "eMAG order {}".format(awb["order_id"]),
                "Destinatar: {}".format(order["customer"].get("shipping_contact", "")),
                "Ramburs: {} {}".format(awb["cod"], self.currency),
                f"Format {fmt}",
            ]
        return _Response(200, make_pdf(lines, PAGE_SIZES[fmt]), "application/pdf")

    def _r_awb_read_zpl(self, parsed, params):
        self._check_label_path(params)
        filters = self._filters(parsed)
        if filters.get("emag_id") in (None, ""):
            raise EmagError("emag_id is mandatory.")
        with self._lock:
            awb = self._awb(to_int(filters["emag_id"], "emag_id"))
            zpl = "^XA^FO50,50^A0N,40,40^FDAWB {}^FS^XZ".format(awb["awb_number"])
        return base64.b64encode(zpl.encode()).decode()

    # --------------------------------------------------------------- lookups --
    def _r_courier_accounts(self, parsed, params):
        with self._lock:
            return copy.deepcopy(self._couriers)

    def _r_addresses(self, parsed, params):
        filters = self._filters(parsed)
        with self._lock:
            found = copy.deepcopy(self._addresses)
        if filters.get("address_type_id") not in (None, ""):
            wanted = to_int(filters["address_type_id"], "address_type_id")
            found = [a for a in found if a["address_type_id"] == wanted]
        return found

    def _r_vat(self, parsed, params):
        with self._lock:
            return copy.deepcopy(self._vat)

    def _r_handling_time(self, parsed, params):
        with self._lock:
            return copy.deepcopy(self._handling)

    def _category_list(self, filters):
        language = str(filters.get("language") or "ro")[:2].lower()
        if language not in ("ro", "en"):
            language = "en"
        with self._lock:
            found = sorted(self._categories.values(), key=lambda c: c["id"])
        if filters.get("id") not in (None, ""):
            wanted = to_int(filters["id"], "id")
            found = [c for c in found if c["id"] == wanted]
        if filters.get("is_allowed") not in (None, ""):
            wanted = to_int(filters["is_allowed"], "is_allowed")
            found = [c for c in found if c["is_allowed"] == wanted]
        if filters.get("parent_id") not in (None, ""):
            wanted = to_int(filters["parent_id"], "parent_id")
            found = [c for c in found if c["parent_id"] == wanted]
        return found, language

    def _r_category_read(self, parsed, params):
        filters = self._filters(parsed)
        found, language = self._category_list(filters)
        single = filters.get("id") not in (None, "")
        values_page = to_int(
            filters.get("valuesCurrentPage", 1) or 1, "valuesCurrentPage"
        )
        values_per_page = min(
            to_int(filters.get("valuesPerPage", 256) or 256, "valuesPerPage"), 256
        )
        result = []
        for category in self._paginate(found, filters):
            item = {
                "id": category["id"],
                "name": category["name"][language],
                "is_allowed": category["is_allowed"],
                "parent_id": category["parent_id"],
                "is_ean_mandatory": category["is_ean_mandatory"],
                "is_warranty_mandatory": category["is_warranty_mandatory"],
            }
            if single:
                start = (values_page - 1) * values_per_page
                item["characteristics"] = [
                    {
                        **{
                            k: v for k, v in char.items() if k not in ("name", "values")
                        },
                        "name": char["name"][language],
                        "values": char["values"][start : start + values_per_page],
                    }
                    for char in category["characteristics"]
                ]
                item["family_types"] = [
                    {**fam, "name": fam["name"][language]}
                    for fam in copy.deepcopy(category["family_types"])
                ]
            result.append(item)
        return result

    def _r_category_count(self, parsed, params):
        filters = self._filters(parsed)
        found, _language = self._category_list(filters)
        return self._count(len(found), filters)

    def _locality_list(self, filters):
        with self._lock:
            found = copy.deepcopy(self._localities)
        if filters.get("emag_id") not in (None, ""):
            wanted = to_int(filters["emag_id"], "emag_id")
            found = [x for x in found if x["emag_id"] == wanted]
        if filters.get("name"):
            needle = defaults.latin(str(filters["name"])).lower()
            found = [x for x in found if needle in x["name_latin"].lower()]
        if filters.get("region2"):
            needle = defaults.latin(str(filters["region2"])).lower()
            found = [x for x in found if x["region2_latin"].lower() == needle]
        if filters.get("zipcode"):
            found = [x for x in found if x["zipcode"] == str(filters["zipcode"])]
        return found

    def _r_locality_read(self, parsed, params):
        filters = self._filters(parsed)
        return self._paginate(self._locality_list(filters), filters)

    def _r_locality_count(self, parsed, params):
        filters = self._filters(parsed)
        return self._count(len(self._locality_list(filters)), filters)

    # ---------------------------------------------------------------- offers --
    def _reserved_quantities(self):
        """Units on orders not yet acknowledged, per seller product id."""
        reserved = {}
        for order in self._orders.values():
            if order["status"] != 1:
                continue
            for line in order["products"]:
                if int(line.get("status", 1)) == 1:
                    key = str(line["product_id"])
                    reserved[key] = reserved.get(key, 0) + int(line["quantity"])
        return reserved

    def _refresh_estimated_stock(self):
        reserved = self._reserved_quantities()
        for offer in self._book.offers.values():
            held = reserved.get(str(offer["id"]), 0)
            offer["estimated_stock"] = max(offer["general_stock"] - held, 0)

    def _r_offer_read(self, parsed, params):
        filters = self._filters(parsed)
        with self._lock:
            self._refresh_estimated_stock()
            found = filter_offers(self._book.offers.values(), filters)
            return [public_offer(o) for o in self._paginate(found, filters)]

    def _r_offer_count(self, parsed, params):
        filters = self._filters(parsed)
        with self._lock:
            found = filter_offers(self._book.offers.values(), filters)
            return self._count(len(found), filters)

    def _r_offer_save(self, parsed, params):
        entities = self._entities(parsed)
        messages = []
        with self._lock:
            self._book.auto_approve = self.auto_approve_products
            for item in entities:
                try:
                    messages.extend(self._book.save_product_offer(item))
                except EmagError as exc:
                    messages.extend(exc.messages)
        if messages:
            raise EmagError(messages)
        return []

    def _r_light_offer_save(self, parsed, params):
        entities = self._entities(parsed)
        messages = []
        with self._lock:
            for item in entities:
                try:
                    self._book.save_light(item)
                except EmagError as exc:
                    messages.extend(exc.messages)
        if messages:
            raise EmagError(messages)
        return []

    def _r_offer_stock(self, parsed, params):
        if params.get("id") in (None, "") or not str(params["id"]).isdigit():
            raise EmagError("Invalid URL", status=404, body={"message": "Invalid URL"})
        body = parsed.raw_json if parsed.kind == "json" else None
        if body is None:
            raise EmagError(
                "Invalid content", status=400, body={"message": "Invalid content"}
            )
        with self._lock:
            self._book.patch_stock(int(params["id"]), body)
        return _Response(204, b"")

    # -------------------------------------------------------------- control --
    def state(self):
        """A JSON-able summary (GET /_sim/state)."""
        with self._lock:
            return {
                "base_url": self.base_url if self._server else None,
                "orders": [
                    {
                        "id": o["id"],
                        "status": o["status"],
                        "type": o["type"],
                        "acknowledged": self._meta[o["id"]]["acked"],
                        "date": o["date"],
                        "modified": o["modified"],
                        "total": str(order_total(o)),
                    }
                    for _, o in sorted(self._orders.items())
                ],
                "awbs": [self._public_awb(a) for a in self._awbs],
                "attachments": [
                    {k: v for k, v in a.items() if k != "content"}
                    for a in self._attachments
                ],
                "offers": len(self._book.offers),
                "requests": len(self._requests),
                "max_observed_rate": {
                    b: max_in_window(
                        [r.clock for r in self._requests if r.bucket == b], 1.0
                    )
                    for b in (ORDERS_BUCKET, OTHER_BUCKET)
                },
                "rate_limit_hits": sum(
                    1 for r in self._requests if r.limited == "rate"
                ),
                "callbacks": len(self._callback_log),
                "callback_urls": dict(self._callback_urls),
                "faults": [dict(f) for f in self._faults],
                "business_time": fmt_date(self.now()),
            }

    def _control(self, req, split):
        raw = self._read_body(req)
        try:
            body = json.loads(raw.decode("utf-8")) if raw.strip() else {}
            status, payload = handle_control(
                self, req.command, split.path, dict(parse_qsl(split.query)), body
            )
        except (ValueError, KeyError, TypeError) as exc:
            status, payload = 400, {"error": f"{type(exc).__name__}: {exc}"}
        self._send(req, _json_response(status, payload))


__all__ = ["EmagSimulator", "RateLimit", "RequestRecord", "CallbackRecord"]
