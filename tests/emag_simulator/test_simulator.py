"""Tests of the eMAG simulator itself.

Run from the repository root:  python3 -m unittest tests.emag_simulator.test_simulator
"""

import base64
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import unittest
import urllib.error
import urllib.request
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from tests.emag_simulator import SAMPLE_ORDERS, EmagSimulator, RateLimit
from tests.emag_simulator.bodies import parse_body, parse_brackets
from tests.emag_simulator.pdf import make_pdf

REPO = Path(__file__).resolve().parents[2]
NOT_ALLOWED = "You are not allowed to use this API."
A_ID, B_ID, C_ID, D_ID, E_ID, F_ID, G_ID = range(3100000101, 3100000108)


class FakeClock:
    def __init__(self, now=1000.0):
        self.now = now

    def __call__(self):
        return self.now


class Api:
    """A tiny HTTP client for the tests."""

    def __init__(self, sim, username="demo", password="demo"):
        self.sim = sim
        self.auth = (username, password)

    def call(
        self,
        route,
        body=None,
        method="POST",
        form=None,
        raw=None,
        content_type=None,
        auth=True,
        root=False,
    ):
        url = (self.sim.root_url if root else self.sim.base_url) + "/" + route
        headers = {}
        data = None
        if raw is not None:
            data = raw
            headers["Content-Type"] = content_type or "application/json"
        elif form is not None:
            data = (form if isinstance(form, str) else urlencode(form)).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        elif method in ("POST", "PATCH"):
            data = b""
        if auth:
            user, password = self.auth if auth is True else auth
            token = base64.b64encode((f"{user}:{password}").encode()).decode()
            headers["Authorization"] = "Basic " + token
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status, resp_headers, payload = (
                    response.status,
                    response.headers,
                    response.read(),
                )
        except urllib.error.HTTPError as exc:
            status, resp_headers, payload = exc.code, exc.headers, exc.read()
        if (
            resp_headers.get("Content-Type", "").startswith("application/json")
            and payload
        ):
            return status, resp_headers, json.loads(payload)
        return status, resp_headers, payload

    def ok(self, route, body=None, **kwargs):
        status, _headers, payload = self.call(route, body, **kwargs)
        assert status == 200, (status, str(payload)[:500])
        assert payload["isError"] is False, str(payload)[:500]
        return payload["results"]

    def error(self, route, body=None, **kwargs):
        status, _headers, payload = self.call(route, body, **kwargs)
        assert status == 200, (status, str(payload)[:500])
        assert payload["isError"] is True, str(payload)[:500]
        return " | ".join(payload["messages"])


class Recorder:
    """A local HTTP server recording GETs (callbacks) and serving files."""

    def __init__(self, files=None, status=200):
        self.hits = []
        self.files = files or {}
        self.status = status
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                recorder.hits.append(self.path)
                split = urlsplit(self.path)
                if split.path in recorder.files:
                    body = recorder.files[split.path]
                    self.send_response(200)
                    self.send_header("Content-Type", "application/pdf")
                elif split.path.startswith("/missing"):
                    body = b"not found"
                    self.send_response(404)
                else:
                    body = b"OK"
                    self.send_response(recorder.status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever,
            kwargs={"poll_interval": 0.02},
            daemon=True,
        )
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def order_ids(self):
        found = []
        for path in list(self.hits):
            query = urlsplit(path).query
            for part in query.split("&"):
                if part.startswith("order_id="):
                    found.append(int(part.split("=", 1)[1]))
        return found

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class SimTestCase(unittest.TestCase):
    sim_kwargs = {"rate_limit_enabled": False}

    def setUp(self):
        self.sim = EmagSimulator(**self.sim_kwargs).start()
        self.addCleanup(self.sim.stop)
        self.api = Api(self.sim)

    def load_sample(self):
        return self.sim.load_orders(SAMPLE_ORDERS)

    def ack(self, order_id):
        return self.api.ok(f"order/acknowledge/{order_id}")

    def save(self, order, **changes):
        order = dict(order, **changes)
        return self.api.call("order/save", [order])[2]

    def save_ok(self, order, **changes):
        payload = self.save(order, **changes)
        self.assertFalse(payload["isError"], payload)

    def save_error(self, order, **changes):
        payload = self.save(order, **changes)
        self.assertTrue(payload["isError"], payload)
        return " | ".join(payload["messages"])


# ---------------------------------------------------------------- auth ------
class TestAuthentication(SimTestCase):
    def test_missing_and_wrong_credentials(self):
        status, _h, payload = self.api.call("vat/read", auth=False)
        self.assertEqual(status, 401)
        self.assertEqual(
            payload, {"isError": True, "messages": [NOT_ALLOWED], "results": []}
        )
        status, _h, payload = self.api.call("vat/read", auth=("demo", "wrong"))
        self.assertEqual(status, 401)
        self.assertEqual(payload["messages"], [NOT_ALLOWED])
        status, _h, payload = self.api.call("vat/read", auth=("other", "demo"))
        self.assertEqual(status, 401)

    def test_user_without_api_rights(self):
        self.sim.api_rights = False
        status, _h, payload = self.api.call("order/read", {})
        self.assertEqual(status, 403)
        self.assertEqual(payload["messages"], [NOT_ALLOWED])
        self.assertTrue(payload["isError"])

    def test_ip_allow_list(self):
        self.sim.allowed_ips = ["10.20.30.40"]
        status, _h, payload = self.api.call("vat/read")
        self.assertEqual(status, 403)
        self.assertTrue(payload["isError"])
        self.assertEqual(payload["messages"], ["ERROR: Invalid vendor ip [127.0.0.1]"])
        self.sim.allowed_ips = ["127.0.0.1"]
        self.assertTrue(self.api.ok("vat/read"))

    def test_offer_stock_auth_uses_envelope(self):
        status, _h, payload = self.api.call(
            "offer_stock/1001", {"stock": 3}, method="PATCH", auth=("demo", "bad")
        )
        self.assertEqual(status, 401)
        self.assertEqual(payload["messages"], [NOT_ALLOWED])


# ------------------------------------------------------------ envelope ------
class TestEnvelopeAndRouting(SimTestCase):
    def test_envelope_shape(self):
        status, headers, payload = self.api.call("vat/read")
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "application/json")
        self.assertEqual(set(payload), {"isError", "messages", "results"})
        self.assertIs(payload["isError"], False)
        self.assertEqual(payload["messages"], [])
        self.assertIn(
            {"vat_id": 1, "vat_rate": 0.21, "is_default": True}, payload["results"]
        )

    def test_unknown_route_and_wrong_method(self):
        status, _h, payload = self.api.call("nothing/read", {})
        self.assertEqual(status, 404)
        self.assertTrue(payload["isError"])
        status, _h, payload = self.api.call("vat/read", method="GET")
        self.assertEqual(status, 405)
        self.assertTrue(payload["isError"])
        # only the AWB label routes exist without the /api-3 prefix
        status, _h, _p = self.api.call("vat/read", root=True)
        self.assertEqual(status, 404)

    def test_invalid_json_is_an_envelope_error(self):
        message = self.api.error("order/read", raw=b"{not json")
        self.assertIn("Invalid JSON", message)

    def test_unexpected_simulator_bug_is_500_envelope(self):
        self.sim._r_vat = None  # a handler that crashes
        with self.assertLogs("tests.emag_simulator.simulator", "ERROR"):
            status, _h, payload = self.api.call("vat/read")
        self.assertEqual(status, 500)
        self.assertTrue(payload["isError"])


# -------------------------------------------------------------- bodies ------
class TestBodyVariants(SimTestCase):
    def setUp(self):
        super().setUp()
        self.load_sample()

    def read_ids(self, **kwargs):
        return [o["id"] for o in self.api.ok("order/read", **kwargs)]

    def test_read_filters_in_every_variant(self):
        wanted = [C_ID]
        self.assertEqual(self.read_ids(body={"id": C_ID}), wanted)
        self.assertEqual(self.read_ids(body={"data": {"id": C_ID}}), wanted)
        self.assertEqual(self.read_ids(form={"data": json.dumps({"id": C_ID})}), wanted)
        self.assertEqual(self.read_ids(form={"data[id]": C_ID}), wanted)
        self.assertEqual(self.read_ids(form={"id": C_ID}), wanted)
        form = "data[status][]=0&data[status][]=1&data[payment_mode_id]=3"
        self.assertEqual(self.read_ids(form=form), [B_ID, E_ID])
        self.assertEqual(self.read_ids(body={"status": [0], "type": 3}), [E_ID])

    def test_wrapped_filters_can_be_ignored(self):
        self.sim.ignore_wrapped_read_filters = True
        self.assertEqual(len(self.read_ids(body={"data": {"id": C_ID}})), 6)
        self.assertEqual(self.read_ids(body={"id": C_ID}), [C_ID])

    def test_save_payload_in_every_variant(self):
        base = {
            "status": 1,
            "sale_price": 90,
            "vat_id": 1,
            "handling_time": [{"warehouse_id": 1, "value": 2}],
            "stock": [{"warehouse_id": 1, "value": 5}],
        }
        variants = [
            {"body": [dict(base, id=1001, sale_price=700)]},
            {"body": {"data": [dict(base, id=1002, sale_price=81)]}},
            {"body": dict(base, id=1003, sale_price=620)},
            {"form": {"data": json.dumps([dict(base, id=1004, sale_price=290)])}},
        ]
        for kwargs in variants:
            self.api.ok("product_offer/save", **kwargs)
        form = (
            "data[0][id]=1005&data[0][status]=1&data[0][sale_price]=42&data[0][vat_id]=1"
            "&data[0][handling_time][0][warehouse_id]=1"
            "&data[0][handling_time][0][value]=3"
            "&data[0][stock][0][warehouse_id]=1&data[0][stock][0][value]=77"
        )
        self.api.ok("product_offer/save", form=form)
        self.assertEqual(self.sim.get_offer(1001)["general_stock"], 5)
        self.assertEqual(self.sim.get_offer(1003)["sale_price"], "620.0000")
        self.assertEqual(self.sim.get_offer(1004)["sale_price"], "290.0000")
        offer = self.sim.get_offer(1005)
        self.assertEqual(offer["general_stock"], 77)
        self.assertEqual(offer["handling_time"], [{"warehouse_id": 1, "value": 3}])

    def test_bracket_parser(self):
        tree = parse_brackets(
            [
                ("data[0][id]", "7"),
                ("data[0][stock][0][value]", "3"),
                ("data[0][stock][1][value]", "4"),
                ("data[0][ean][]", "123"),
                ("data[0][ean][]", "456"),
                ("currentPage", "2"),
            ]
        )
        self.assertEqual(
            tree,
            {
                "data": [
                    {
                        "id": "7",
                        "stock": [{"value": "3"}, {"value": "4"}],
                        "ean": ["123", "456"],
                    }
                ],
                "currentPage": "2",
            },
        )
        parsed = parse_body("application/json", b"[1, 2]")
        self.assertEqual(parsed.payload(), [1, 2])
        parsed = parse_body(None, b"", "emag_id=5&awb_format=A6")
        self.assertEqual(parsed.top, {"emag_id": "5", "awb_format": "A6"})

    def test_input_var_and_entity_limits(self):
        many = "&".join(f"data[{i}][id]={i}" for i in range(4001))
        message = self.api.error("product_offer/save", form=many)
        self.assertEqual(message, "Maximum input vars of 4000 exceeded")
        entities = [{"id": 5000 + i} for i in range(51)]
        message = self.api.error("offer/save", entities)
        self.assertIn("Maximum 50 entities", message)
        self.assertIsNone(self.sim.get_offer(5000))


# ---------------------------------------------------------- pagination ------
class TestPaginationAndCounts(SimTestCase):
    def test_order_pages_and_count(self):
        self.sim.generate_orders(250, seed=3)
        sizes = [
            len(self.api.ok("order/read", {"itemsPerPage": 100, "currentPage": page}))
            for page in (1, 2, 3, 4)
        ]
        self.assertEqual(sizes, [100, 100, 50, 0])
        page1 = self.api.ok("order/read", {"currentPage": 1})
        page2 = self.api.ok("order/read", {"currentPage": 2})
        self.assertLess(page1[-1]["id"], page2[0]["id"])
        self.assertEqual(len(self.api.ok("order/read", {"itemsPerPage": 500})), 100)
        self.assertIn("itemsPerPage", self.api.error("order/read", {"itemsPerPage": 0}))
        self.assertIn(
            "currentPage", self.api.error("order/read", {"currentPage": 70000})
        )
        self.assertEqual(
            self.api.ok("order/count", {}),
            {"noOfItems": "250", "noOfPages": "3", "itemsPerPage": "100"},
        )
        self.assertEqual(
            self.api.ok("order/count", {"itemsPerPage": 50})["noOfPages"], "5"
        )
        self.assertTrue(all(i > 2**31 for i in (o["id"] for o in page1)))

    def test_type_defaults_to_fulfilled_by_seller(self):
        self.load_sample()
        ids = [o["id"] for o in self.api.ok("order/read", {})]
        self.assertNotIn(F_ID, ids)
        self.assertEqual(
            [o["id"] for o in self.api.ok("order/read", {"type": 2})], [F_ID]
        )
        self.assertEqual(self.api.ok("order/count", {"type": 2})["noOfItems"], "1")

    def test_date_filters(self):
        self.load_sample()
        message = self.api.error("order/read", {"createdBefore": "2025-11-25 00:00:00"})
        self.assertIn("createdAfter", message)
        message = self.api.error(
            "order/count",
            {
                "modifiedAfter": "2025-09-01 00:00:00",
                "modifiedBefore": "2025-11-01 00:00:00",
            },
        )
        self.assertIn("one month", message)
        found = self.api.ok(
            "order/read",
            {
                "createdAfter": "2025-11-24 10:00:00",
                "createdBefore": "2025-11-24 15:00:00",
            },
        )
        self.assertEqual([o["id"] for o in found], [B_ID, C_ID, D_ID])
        self.assertIn(
            "Format", self.api.error("order/read", {"createdAfter": "24.11.2025"})
        )
        self.sim.update_order(A_ID, observation="x")
        changed = self.api.ok(
            "order/read",
            {"modifiedAfter": self.sim.now().strftime("%Y-%m-%d 00:00:00")},
        )
        self.assertEqual([o["id"] for o in changed], [A_ID])

    def test_other_counts_and_pages(self):
        self.sim.generate_offers(130, seed=1)
        self.assertEqual(self.api.ok("product_offer/count", {})["noOfItems"], "138")
        self.assertEqual(
            len(
                self.api.ok(
                    "product_offer/read", {"currentPage": 2, "itemsPerPage": 100}
                )
            ),
            38,
        )
        self.assertEqual(self.api.ok("category/count", {})["noOfItems"], "11")
        self.assertEqual(
            self.api.ok("locality/count", {"region2": "Cluj"})["noOfItems"], "2"
        )


# --------------------------------------------------------- rate limits ------
class TestRateLimits(SimTestCase):
    sim_kwargs = {}

    def setUp(self):
        self.clock = FakeClock()
        self.sim = EmagSimulator(clock=self.clock).start()
        self.addCleanup(self.sim.stop)
        self.api = Api(self.sim)

    def test_defaults_match_the_reference(self):
        self.assertEqual(self.sim.rate_limits["orders"], RateLimit(12, 720))
        self.assertEqual(self.sim.rate_limits["other"], RateLimit(3, 180))

    def test_other_bucket_is_shared_and_answers_429(self):
        self.api.ok("vat/read")
        self.api.ok("handling_time/read")
        status, _h, _p = self.api.call("offer_stock/1001", {"stock": 4}, method="PATCH")
        self.assertEqual(status, 204)
        status, headers, payload = self.api.call("awb/read", {"emag_id": 1})
        self.assertEqual(status, 429)
        self.assertEqual(payload, {"message": "API rate limit exceeded"})
        self.assertEqual(headers["X-RateLimit-Limit-3second"], "3")
        self.assertEqual(headers["X-RateLimit-Remaining-3second"], "0")
        self.assertTrue(headers["Server"].startswith("kong/"))
        # the orders bucket is independent
        for _ in range(12):
            self.api.ok("order/read", {})
        status, _h, payload = self.api.call("order/count", {})
        self.assertEqual(status, 429)
        self.assertEqual(payload, {"message": "API rate limit exceeded"})
        hits = self.sim.rate_limit_hits()
        self.assertEqual(
            [(r.route, r.bucket) for r in hits],
            [("awb/read", "other"), ("order/count", "orders")],
        )
        self.assertEqual(self.sim.max_observed_rate("other"), 4)
        self.assertEqual(self.sim.max_observed_rate("orders"), 13)
        # a second later the quota is back; refused calls did not consume it
        self.clock.now += 1.0
        for _ in range(3):
            self.api.ok("vat/read")
        self.assertEqual(self.api.call("vat/read")[0], 429)

    def test_remaining_header_counts_down(self):
        remaining = [
            self.api.call("vat/read")[1]["X-RateLimit-Remaining-3second"]
            for _ in range(3)
        ]
        self.assertEqual(remaining, ["2", "1", "0"])

    def test_invalid_requests_count(self):
        for _ in range(3):
            self.assertEqual(self.api.call("vat/read", auth=("demo", "bad"))[0], 401)
        self.assertEqual(self.api.call("vat/read")[0], 429)
        self.assertEqual(self.api.call("nothing/here", {})[0], 429)

    def test_per_minute_limit(self):
        self.sim.rate_limits["other"] = RateLimit(3, 5)
        for _ in range(3):
            self.api.ok("vat/read")
        self.clock.now += 1.5
        self.api.ok("vat/read")
        self.api.ok("vat/read")
        self.assertEqual(self.api.call("vat/read")[0], 429)  # 5 per minute used
        self.clock.now += 30
        self.assertEqual(self.api.call("vat/read")[0], 429)
        self.clock.now += 30  # 61.5 s after the first three
        self.api.ok("vat/read")

    def test_paced_client_never_hits_the_limit(self):
        for _step in range(30):
            self.clock.now += 1 / 3 + 0.001
            self.api.ok("vat/read")
        self.assertEqual(self.sim.rate_limit_hits(), [])
        self.assertLessEqual(self.sim.max_observed_rate("other"), 3)

    def test_time_scale(self):
        sim = EmagSimulator(time_scale=10.0)
        before = time.monotonic() * 10
        self.assertAlmostEqual(sim._limiter_now(), before, delta=1.0)
        sim.rate_limit_enabled = False  # attribute exists and is honoured
        self.assertFalse(sim.rate_limit_enabled)

    def test_disabled_limiter_still_logs(self):
        self.sim.rate_limit_enabled = False
        for _ in range(6):
            self.api.ok("vat/read")
        self.assertEqual(self.sim.rate_limit_hits(), [])
        self.assertEqual(self.sim.max_observed_rate("other"), 6)

    def test_disabled_limiter_leaves_the_windows_empty(self):
        self.sim.rate_limit_enabled = False
        for _ in range(10):
            self.api.ok("vat/read")
        self.sim.rate_limit_enabled = True  # same instant: the full quota is there
        for _ in range(3):
            self.api.ok("vat/read")
        self.assertEqual(self.api.call("vat/read")[0], 429)

    def test_reset_rate_limits_keeps_the_rest(self):
        self.sim.rate_limits["other"] = RateLimit(2, 100)
        self.sim.generate_orders(1, seed=5)
        for _ in range(2):
            self.api.ok("vat/read")
        self.assertEqual(self.api.call("vat/read")[0], 429)
        self.sim.reset_rate_limits()
        self.api.ok("vat/read")
        self.api.ok("vat/read")
        self.assertEqual(self.api.call("vat/read")[0], 429, "settings kept")
        self.assertEqual(len(self.sim.orders()), 1, "orders kept")
        self.assertEqual(len(self.sim.rate_limit_hits()), 2, "log kept")

    def test_injected_429_burst(self):
        self.sim.burst_429(times=2, route="order/*")
        self.assertEqual(self.api.call("order/read", {})[0], 429)
        self.assertEqual(self.api.call("vat/read")[0], 200)
        status, headers, payload = self.api.call("order/count", {})
        self.assertEqual(
            (status, payload), (429, {"message": "API rate limit exceeded"})
        )
        self.assertIn("X-RateLimit-Limit-3second", headers)
        self.api.ok("order/read", {})
        self.assertEqual(self.sim.rate_limit_hits(), [])
        limited = [r.limited for r in self.sim.request_log]
        self.assertEqual(limited, ["injected", None, "injected", None])
        self.sim.burst_429(duration=0.3, bucket="other")
        self.assertEqual(self.api.call("vat/read")[0], 429)
        self.assertEqual(self.api.call("order/read", {})[0], 200)
        time.sleep(0.35)
        self.clock.now += 5
        self.assertEqual(self.api.call("vat/read")[0], 200)


# ----------------------------------------------------- order lifecycle ------
class TestOrderStateMachine(SimTestCase):
    def setUp(self):
        super().setUp()
        self.load_sample()

    def order(self, order_id):
        return self.api.ok("order/read", {"id": order_id, "type": [2, 3]})[0]

    def test_acknowledge(self):
        self.assertEqual(self.sim.order_status(A_ID), 1)
        self.assertEqual(self.ack(A_ID), [])
        self.assertEqual(self.order(A_ID)["status"], 2)
        self.assertEqual(self.ack(A_ID), [])  # repeat: harmless
        self.assertEqual(self.sim.order_status(A_ID), 2)
        self.assertIn("canceled", self.api.error(f"order/acknowledge/{E_ID}"))
        self.assertIn("fulfilled by eMAG", self.api.error(f"order/acknowledge/{F_ID}"))
        self.assertIn("not found", self.api.error("order/acknowledge/123"))

    def test_concurrent_acknowledge_is_one_transition(self):
        results = []

        def run():
            results.append(self.api.call(f"order/acknowledge/{A_ID}")[2]["isError"])

        threads = [threading.Thread(target=run) for _ in range(15)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(results, [False] * 15)
        self.assertEqual(self.sim.order_status(A_ID), 2)

    def test_new_order_cannot_be_saved(self):
        message = self.save_error(self.order(A_ID), status=2)
        self.assertIn("acknowledged", message)
        self.assertIn("acknowledged", self.save_error(self.order(A_ID), status=3))

    def test_status_matrix(self):
        self.ack(A_ID)
        order = self.order(A_ID)
        self.save_ok(order, status=3)
        self.assertIn(
            "cannot be changed from 3 to 2", self.save_error(self.order(A_ID), status=2)
        )
        self.save_ok(self.order(A_ID), status=4)
        finalized = self.order(A_ID)
        self.assertEqual(finalized["status"], 4)
        self.assertTrue(finalized["finalization_date"])
        self.save_ok(finalized, status=3)  # back within 48 h
        self.save_ok(self.order(A_ID), status=4)
        self.sim.advance_time(hours=49)
        self.assertIn("48 hours", self.save_error(self.order(A_ID), status=3))
        self.assertIn(
            "48 hours",
            self.save_error(self.order(A_ID), status=0, cancellation_reason=1),
        )
        self.save_ok(self.order(A_ID), status=5)  # full return within RT + 5
        self.assertIn("returned", self.save_error(self.order(A_ID), status=4))

    def test_return_window(self):
        self.ack(A_ID)
        self.save_ok(self.order(A_ID), status=4)
        self.sim.advance_time(days=self.sim.return_window_days + 6)
        self.assertIn("return period", self.save_error(self.order(A_ID), status=5))

    def test_cancel_and_reactivate(self):
        self.ack(A_ID)
        message = self.save_error(self.order(A_ID), status=0)
        self.assertIn("cancellation reason", message)
        self.assertIn(
            "invalid cancellation reason",
            self.save_error(self.order(A_ID), status=0, reason_cancellation=999),
        )
        self.save_ok(self.order(A_ID), status=0, reason_cancellation=1)
        canceled = self.order(A_ID)
        self.assertEqual(canceled["status"], 0)
        self.assertEqual(
            canceled["reason_cancellation"], {"id": 1, "name": "Out of stock"}
        )
        self.assertEqual(canceled["cancellation_reason"], 1)
        self.save_ok(canceled, status=2)  # reactivated within 48 h
        self.save_ok(self.order(A_ID), status=0, cancellation_reason=3)
        self.sim.advance_time(hours=49)
        self.assertIn("48 hours", self.save_error(self.order(A_ID), status=2))

    def test_save_must_send_the_whole_order(self):
        self.ack(A_ID)
        message = self.save_error({"id": A_ID, "status": 3})
        self.assertIn("Send the whole order", message)
        self.assertIn("mandatory", self.save_error({"status": 3}))

    def test_line_rules(self):
        self.ack(A_ID)
        order = self.order(A_ID)
        changed = json.loads(json.dumps(order))
        changed["products"][0]["sale_price"] = "600.0000"
        self.assertIn("price", self.save_error(changed))
        changed = json.loads(json.dumps(order))
        changed["products"][0]["product_id"] = "9999"
        self.assertIn("product_id", self.save_error(changed))
        changed = json.loads(json.dumps(order))
        changed["products"][1]["quantity"] = -1
        self.assertIn("negative", self.save_error(changed))
        # COD order: quantity can go down, a line can be dropped, one added
        changed = json.loads(json.dumps(order))
        changed["products"][1]["quantity"] = 1
        changed["products"].append(
            {
                "product_id": "1006",
                "name": "Folie",
                "status": 1,
                "sale_price": "24.7851",
                "quantity": 1,
                "vat": "0.2100",
            }
        )
        self.save_ok(changed)
        saved = self.order(A_ID)
        self.assertEqual(saved["products"][1]["quantity"], 1)
        self.assertEqual(len(saved["products"]), 3)
        self.assertEqual(saved["products"][2]["product_id"], "1006")
        self.assertIn(
            "needs",
            self.save_error(saved, products=saved["products"] + [{"product_id": "1"}]),
        )
        saved["products"] = saved["products"][1:]  # omit the first line: removed
        self.save_ok(saved)
        removed = self.order(A_ID)["products"][0]
        self.assertEqual((removed["status"], removed["quantity"]), (0, 0))

    def test_card_orders_cannot_be_reduced(self):
        self.ack(B_ID)
        order = self.order(B_ID)
        order["products"][1]["quantity"] = 2
        self.assertIn("card", self.save_error(order))
        order = self.order(B_ID)
        self.assertIn("card", self.save_error(order, products=order["products"][:1]))
        order["products"][1]["quantity"] = 4  # increasing is allowed
        self.save_ok(order)

    def test_storno_rules(self):
        self.ack(D_ID)
        order = self.order(D_ID)
        self.assertIn("is_storno", self.save_error(order, is_storno=True))
        self.save_ok(order, status=4)
        finalized = self.order(D_ID)
        reduced = json.loads(json.dumps(finalized))
        reduced["products"][0]["quantity"] = 1
        self.assertIn("is_storno", self.save_error(reduced))  # finalized: needs storno
        self.assertIn("no product quantity", self.save_error(finalized, is_storno=True))
        self.save_ok(reduced, is_storno=True)
        after = self.order(D_ID)
        line = after["products"][0]
        self.assertEqual(
            (line["quantity"], line["storno_qty"], line["initial_qty"]), (1, 1, 2)
        )
        self.assertTrue(after["is_storno"])
        self.assertEqual(after["refunded_amount"], "29.90")
        self.assertEqual(after["status"], 4)
        self.assertEqual(self.sim.order_total(D_ID), Decimal("113.91"))
        everything = json.loads(json.dumps(after))
        for ln in everything["products"]:
            ln["quantity"] = 0
        self.save_ok(everything, is_storno=True)
        self.assertEqual(self.order(D_ID)["status"], 5)  # all returned

    def test_fbe_orders_are_read_only(self):
        order = self.order(F_ID)
        self.assertIn("fulfilled by eMAG", self.save_error(order, status=4))

    def test_emag_side_changes(self):
        before = self.order(A_ID)["modified"]
        self.sim.advance_time(minutes=5)
        self.sim.cancel_order(A_ID, reason=24)
        order = self.order(A_ID)
        self.assertEqual(order["status"], 0)
        self.assertEqual(order["reason_cancellation"]["name"], "By customer request")
        self.assertGreater(order["modified"], before)
        self.sim.update_order(C_ID, cancellation_request="1")
        self.assertEqual(self.order(C_ID)["cancellation_request"], "1")
        self.ack(G_ID)
        line_id = self.order(G_ID)["products"][0]["id"]
        self.sim.set_order_status(G_ID, 4)
        self.sim.storno_line(G_ID, line_id, 1)
        self.assertEqual(self.order(G_ID)["status"], 5)
        self.sim.update_line(C_ID, self.order(C_ID)["products"][1]["id"], quantity=1)
        self.assertEqual(self.sim.order_total(C_ID), Decimal("84.97"))

    def test_unlock_courier(self):
        self.sim.update_order(A_ID, enforced_vendor_courier_accounts=[7002])
        self.api.ok(f"order/{A_ID}/unlock-courier")
        self.assertIsNone(self.order(A_ID)["enforced_vendor_courier_accounts"])


# ----------------------------------------------------------- sample data -----
class TestSampleData(SimTestCase):
    def test_sample_orders_totals_and_variety(self):
        ids = self.load_sample()
        self.assertEqual(ids, [A_ID, B_ID, C_ID, D_ID, E_ID, F_ID, G_ID])
        totals = {i: str(self.sim.order_total(i)) for i in ids}
        self.assertEqual(
            totals,
            {
                A_ID: "1020.99",
                B_ID: "2547.98",
                C_ID: "114.96",
                D_ID: "143.81",
                E_ID: "64.98",
                F_ID: "90.00",
                G_ID: "778.98",
            },
        )
        orders = {o["id"]: o for o in self.sim.orders()}
        self.assertEqual(orders[B_ID]["customer"]["legal_entity"], 1)
        self.assertEqual(orders[B_ID]["customer"]["code"], "RO18458796")
        self.assertEqual(orders[C_ID]["delivery_mode"], "pickup")
        self.assertIn("[EasyBox #", orders[C_ID]["customer"]["shipping_street"])
        self.assertEqual({o["payment_mode_id"] for o in orders.values()}, {1, 2, 3})
        vats = {ln["vat"] for o in orders.values() for ln in o["products"]}
        self.assertEqual(vats, {"0.2100", "0.1100"})
        self.assertEqual(len(orders[D_ID]["vouchers"]), 2)
        self.assertEqual(self.sim.collectible_amount(B_ID), Decimal("0.00"))
        self.assertEqual(self.sim.collectible_amount(D_ID), Decimal("143.81"))
        # voucher splits add up to the vouchers
        for order in orders.values():
            for voucher in order["vouchers"]:
                parts = [
                    s
                    for ln in order["products"]
                    for s in ln["product_voucher_split"]
                    if s["voucher_id"] == voucher["voucher_id"]
                ]
                parts += [
                    s
                    for s in order["shipping_tax_voucher_split"]
                    if s["voucher_id"] == voucher["voucher_id"]
                ]
                self.assertEqual(
                    sum(Decimal(s["value"]) for s in parts),
                    Decimal(voucher["sale_price"]),
                )
                self.assertEqual(
                    sum(Decimal(s["vat_value"]) for s in parts),
                    Decimal(voucher["sale_price_vat"]),
                )

    def test_generated_orders_are_complete(self):
        order = self.sim.make_order(lines=3, vouchers=1, seed=7)
        self.assertEqual(len(order["products"]), 3)
        self.assertEqual(len(order["vouchers"]), 1)
        (oid,) = self.sim.seed_orders([order])
        stored = self.sim.get_order(oid)
        for key in (
            "reason_cancellation",
            "enforced_vendor_courier_accounts",
            "is_storno",
            "flags",
            "modified",
            "details",
            "shipping_tax_voucher_split",
        ):
            self.assertIn(key, stored)
        self.assertIn("serial_numbers", stored["products"][0])
        self.assertGreater(self.sim.order_total(oid), 0)


# ----------------------------------------------------------------- AWB ------
class TestAwb(SimTestCase):
    def setUp(self):
        super().setUp()
        self.load_sample()

    def awb(self, order_id, cod, **extra):
        order = self.sim.get_order(order_id)
        customer = order["customer"]
        payload = {
            "order_id": order_id,
            "sender": {
                "name": "Magazinul Demo SRL",
                "contact": "Depozit Cluj",
                "phone1": "0264123456",
                "locality_id": 8801,
                "street": "Str. Fabricii nr. 12",
            },
            "receiver": {
                "name": customer["shipping_contact"],
                "contact": customer["name"],
                "phone1": customer["shipping_phone"],
                "legal_entity": customer["legal_entity"],
                "locality_id": customer["shipping_locality_id"],
                "street": customer["shipping_street"],
            },
            "is_oversize": 0,
            "envelope_number": 0,
            "parcel_number": 1,
            "cod": cod,
        }
        payload.update(extra)
        return payload

    def test_awb_lifecycle(self):
        message = self.api.error("awb/save", self.awb(A_ID, "1020.99"))
        self.assertIn("acknowledged", message)
        self.ack(A_ID)
        message = self.api.error("awb/save", self.awb(A_ID, "1021.00"))
        self.assertEqual(
            message, "cash on delivery value cannot be greater than 1020.99"
        )
        result = self.api.ok(
            "awb/save", self.awb(A_ID, "1020.99", courier_account_id=7002)
        )
        self.assertEqual(
            set(result), {"reservation_id", "courier_id", "courier_name", "awb"}
        )
        self.assertEqual(result["courier_name"], "FAN Courier")
        emag_id = result["awb"][0]["emag_id"]
        self.assertTrue(result["awb"][0]["awb_number"])
        self.assertTrue(result["awb"][0]["awb_barcode"])
        self.assertEqual(self.sim.order_status(A_ID), 4)  # first AWB finalizes
        by_id = self.api.ok("awb/read", {"emag_id": emag_id})
        by_reservation = self.api.ok(
            "awb/read", {"reservation_id": result["reservation_id"]}
        )
        self.assertEqual(by_id, by_reservation)
        self.assertEqual(by_id[0]["order_id"], A_ID)
        self.assertEqual(by_id[0]["courier"]["courier_name"], "FAN Courier")
        self.assertEqual(set(by_id[0]["status"]), {"code", "name", "description"})
        for root in (False, True):
            status, headers, body = self.api.call(
                f"awb/read_pdf?emag_id={emag_id}&awb_format=A6", method="GET", root=root
            )
            self.assertEqual(status, 200)
            self.assertEqual(headers["Content-Type"], "application/pdf")
            self.assertTrue(body.startswith(b"%PDF"))
        status, headers, payload = self.api.call("awb/read_pdf?emag_id=1", method="GET")
        self.assertEqual((status, headers["Content-Type"]), (200, "application/json"))
        self.assertTrue(payload["isError"])
        self.assertTrue(
            self.api.error(
                f"awb/read_pdf?emag_id={emag_id}&awb_format=A3", method="GET"
            )
        )
        zpl = self.api.ok(f"awb/read_zpl?emag_id={emag_id}", method="GET")
        self.assertIn(b"^XA", base64.b64decode(zpl))
        # a second AWB (another parcel) is allowed; the order stays finalized
        listed = self.api.ok("awb/save", [self.awb(A_ID, "0")])
        self.assertEqual(len(listed), 1)
        self.assertIn("reservation_id", listed[0])
        self.assertEqual(len(self.sim.awbs), 2)

    def test_card_order_collects_nothing(self):
        self.ack(B_ID)
        message = self.api.error("awb/save", self.awb(B_ID, "10"))
        self.assertIn("cannot be greater than 0.00", message)
        self.api.ok("awb/save", self.awb(B_ID, 0))

    def test_locker_order(self):
        self.ack(C_ID)
        result = self.api.ok(
            "awb/save", self.awb(C_ID, "114.96", courier_account_id=7002)
        )
        self.assertEqual(result["courier_name"], "Sameday")
        awb = self.sim.awbs[0]
        self.assertEqual(awb["locker_id"], "dce0b7cf-dc38-11e8-a7d8-001a4a160153")
        self.assertEqual(awb["cod"], "114.96")

    def test_validation(self):
        self.ack(A_ID)
        bad = self.awb(A_ID, "1")
        bad["receiver"]["phone1"] = "12"
        self.assertIn("phone1", self.api.error("awb/save", bad))
        bad = self.awb(A_ID, "1")
        bad["sender"]["locality_id"] = 1
        self.assertIn("locality_id", self.api.error("awb/save", bad))
        bad = self.awb(A_ID, "1")
        del bad["cod"]
        self.assertIn("cod is mandatory", self.api.error("awb/save", bad))
        bad = self.awb(A_ID, "1", parcel_number=0)
        self.assertIn("both be 0", self.api.error("awb/save", bad))
        self.assertIn("canceled", self.api.error("awb/save", self.awb(E_ID, "0")))
        sender = {
            "address_id": "1004512",
            "name": "Magazinul Demo",
            "contact": "Ion",
            "phone1": "0264123456",
        }
        self.api.ok("awb/save", self.awb(A_ID, "1", sender=sender))

    def test_enforced_courier_accounts(self):
        self.ack(A_ID)
        self.sim.update_order(A_ID, enforced_vendor_courier_accounts=[])
        self.assertIn("cannot issue", self.api.error("awb/save", self.awb(A_ID, "1")))
        self.sim.update_order(A_ID, enforced_vendor_courier_accounts=[7002])
        self.assertIn(
            "7002",
            self.api.error("awb/save", self.awb(A_ID, "1", courier_account_id=7001)),
        )
        self.api.ok("awb/save", self.awb(A_ID, "1", courier_account_id=7002))

    def test_asynchronous_finalization(self):
        self.sim.awb_finalize_delay = 0.2
        self.ack(A_ID)
        self.api.ok("awb/save", self.awb(A_ID, "1020.99"))
        self.assertEqual(self.sim.order_status(A_ID), 2)
        self.assertTrue(self.sim.wait_for(lambda: self.sim.order_status(A_ID) == 4, 3))

    def test_awb_status_callback(self):
        recorder = Recorder()
        self.addCleanup(recorder.close)
        self.sim.set_callback_url(recorder.url + "/awb?awb=", kind="awb")
        self.ack(A_ID)
        emag_id = self.api.ok("awb/save", self.awb(A_ID, "1"))["awb"][0]["emag_id"]
        self.sim.set_awb_status(emag_id, "DLV", "Delivered")
        self.assertTrue(self.sim.wait_for(lambda: recorder.hits, 3))
        self.assertEqual(recorder.hits, [f"/awb?awb={A_ID}"])
        self.assertEqual(
            self.api.ok("awb/read", {"emag_id": emag_id})[0]["status"]["code"], "DLV"
        )


# --------------------------------------------------------- attachments ------
class TestAttachments(SimTestCase):
    def setUp(self):
        super().setUp()
        self.load_sample()
        self.pdf = make_pdf(["Factura FCT-0001"])
        self.files = Recorder(
            files={"/invoice.pdf": self.pdf, "/not-a-pdf.pdf": b"<html>"}
        )
        self.addCleanup(self.files.close)

    def attachment(self, url, **extra):
        item = {
            "order_id": A_ID,
            "order_type": 3,
            "name": "Factura FCT-0001",
            "url": url,
            "type": 1,
        }
        item.update(extra)
        return item

    def test_pdf_is_downloaded_and_checked(self):
        self.api.ok(
            "order/attachments/save", [self.attachment(self.files.url + "/invoice.pdf")]
        )
        (att,) = self.sim.attachments
        self.assertTrue(att["downloaded"])
        self.assertTrue(att["is_pdf"])
        self.assertEqual(att["content"], self.pdf)
        order = self.sim.get_order(A_ID)
        self.assertEqual(
            order["attachments"][0]["url"], self.files.url + "/invoice.pdf"
        )
        self.assertEqual(order["attachments"][0]["type"], 1)
        # same URL again: not downloaded again unless forced
        self.api.ok(
            "order/attachments/save", [self.attachment(self.files.url + "/invoice.pdf")]
        )
        self.assertEqual(self.files.hits.count("/invoice.pdf"), 1)
        self.api.ok(
            "order/attachments/save",
            [self.attachment(self.files.url + "/invoice.pdf", force_download=1)],
        )
        self.assertEqual(self.files.hits.count("/invoice.pdf"), 2)

    def test_not_a_pdf_or_unreachable(self):
        message = self.api.error(
            "order/attachments/save",
            [self.attachment(self.files.url + "/not-a-pdf.pdf")],
        )
        self.assertIn("not a PDF", message)
        message = self.api.error(
            "order/attachments/save", [self.attachment(self.files.url + "/missing.pdf")]
        )
        self.assertIn("HTTP 404", message)
        self.assertEqual([a["is_pdf"] for a in self.sim.attachments], [False, False])
        self.assertEqual(self.sim.get_order(A_ID)["attachments"], [])

    def test_validation(self):
        url = self.files.url + "/invoice.pdf"
        item = self.attachment(url)
        del item["order_type"]
        self.assertIn(
            "order_type is mandatory", self.api.error("order/attachments/save", [item])
        )
        self.assertIn(
            "does not match",
            self.api.error(
                "order/attachments/save", [self.attachment(url, order_type=2)]
            ),
        )
        self.assertIn(
            "name",
            self.api.error(
                "order/attachments/save", [self.attachment(url, name="x" * 61)]
            ),
        )
        self.assertIn(
            "order_product_id",
            self.api.error("order/attachments/save", [self.attachment(url, type=3)]),
        )
        self.assertIn(
            "type",
            self.api.error("order/attachments/save", [self.attachment(url, type=99)]),
        )
        self.assertIn(
            "not found",
            self.api.error(
                "order/attachments/save", [self.attachment(url, order_id=1)]
            ),
        )
        # FBE orders accept attachments
        self.api.ok(
            "order/attachments/save",
            [self.attachment(url, order_id=F_ID, order_type=2)],
        )

    def test_async_mode_and_custom_fetcher(self):
        self.sim.attachment_mode = "async"
        self.api.ok(
            "order/attachments/save",
            [self.attachment(self.files.url + "/not-a-pdf.pdf")],
        )
        self.assertTrue(
            self.sim.wait_for(lambda: self.sim.attachments[0]["downloaded"], 3)
        )
        self.assertFalse(self.sim.attachments[0]["is_pdf"])
        self.sim.attachment_mode = "sync"
        self.sim.fetch_url = lambda url, timeout: (200, b"%PDF-1.7 fake")
        self.api.ok(
            "order/attachments/save",
            [self.attachment("https://erp.example.ro/invoice/1.pdf")],
        )
        self.assertTrue(self.sim.attachments[-1]["is_pdf"])


# ------------------------------------------------------------ callbacks ------
class TestCallbacks(SimTestCase):
    def setUp(self):
        super().setUp()
        self.recorder = Recorder()
        self.addCleanup(self.recorder.close)
        self.load_sample()
        self.pending = [A_ID, B_ID, C_ID, D_ID, G_ID]

    def test_fire_once_for_each_pending_order(self):
        self.sim.set_callback_url(self.recorder.url + "/bocp/emag/tok/order?order_id=")
        records = self.sim.fire_callbacks()
        self.assertEqual([r.order_id for r in records], self.pending)
        self.assertEqual(self.recorder.hits[0], f"/bocp/emag/tok/order?order_id={A_ID}")
        self.assertTrue(all(r.status == 200 for r in records))
        self.assertEqual(len(self.sim.callback_log), 5)

    def test_url_forms(self):
        """eMAG glues the id onto the configured URL (NOD's working set-up
        registers URLs ending with the parameter name), nothing more."""
        target = EmagSimulator.callback_target
        self.assertEqual(
            target("http://h/p?type=x&order_id=", 5), "http://h/p?type=x&order_id=5"
        )
        self.assertEqual(target("http://h/p?order_id=", 5), "http://h/p?order_id=5")
        self.assertEqual(target("http://h/p", 5), "http://h/p5")

    def test_duplicates_reorder_and_concurrency(self):
        self.sim.set_callback_url(self.recorder.url + "/cb?order_id=")
        self.sim.fire_callbacks(order_ids=[A_ID], duplicates=3)
        self.assertEqual(self.recorder.order_ids(), [A_ID] * 3)
        self.recorder.hits.clear()
        self.sim.fire_callbacks(duplicates=2, shuffle=True)
        self.assertEqual(sorted(self.recorder.order_ids()), sorted(self.pending * 2))
        self.recorder.hits.clear()
        records = self.sim.fire_callbacks(
            order_ids=[B_ID], duplicates=20, concurrent=True
        )
        self.assertEqual(len(records), 20)
        self.assertEqual(self.recorder.order_ids(), [B_ID] * 20)

    def test_loop_repeats_until_acknowledged(self):
        self.sim.set_callback_url(self.recorder.url + "/cb?order_id=")
        self.sim.start_callback_loop(interval=0.05)
        self.assertTrue(
            self.sim.wait_for(lambda: self.recorder.order_ids().count(A_ID) >= 3, 5)
        )
        self.assertNotIn(E_ID, self.recorder.order_ids())  # canceled: never notified
        self.assertNotIn(F_ID, self.recorder.order_ids())  # FBE: no callbacks
        for order_id in self.pending:
            self.ack(order_id)
        time.sleep(0.15)  # let a round in flight finish
        count = len(self.recorder.hits)
        time.sleep(0.25)
        self.assertEqual(len(self.recorder.hits), count)
        self.sim.stop_callback_loop()

    def test_notify_on_seed_and_failures_are_recorded(self):
        self.sim.set_callback_url(self.recorder.url + "/cb?order_id=")
        (oid,) = self.sim.seed_orders([self.sim.make_order(seed=1)], notify=True)
        self.assertTrue(self.sim.wait_for(lambda: oid in self.recorder.order_ids(), 3))
        self.recorder.status = 500
        record = self.sim.fire_callbacks(order_ids=[oid])[0]
        self.assertEqual(record.status, 500)
        self.sim.set_callback_url("http://127.0.0.1:9/unreachable")
        record = self.sim.fire_callbacks(order_ids=[oid])[0]
        self.assertIsNone(record.status)
        self.assertTrue(record.error)

    def test_cancellation_callback(self):
        self.sim.set_callback_url(
            self.recorder.url + "/cancel?order_cancelled=", kind="cancellation"
        )
        self.sim.cancel_order(A_ID, reason=2)
        self.assertTrue(self.sim.wait_for(lambda: self.recorder.hits, 3))
        self.assertEqual(self.recorder.hits, [f"/cancel?order_cancelled={A_ID}"])


# --------------------------------------------------------------- faults ------
class TestFaults(SimTestCase):
    def setUp(self):
        super().setUp()
        self.load_sample()

    def test_gateway_errors(self):
        self.sim.inject_fault("order/read", status=502, times=2)
        for _ in range(2):
            status, headers, body = self.api.call("order/read", {})
            self.assertEqual(status, 502)
            self.assertIn(b"502 Bad Gateway", body)
            self.assertTrue(headers["Content-Type"].startswith("text/html"))
        self.assertEqual(len(self.api.ok("order/read", {})), 6)
        self.sim.inject_fault("*", status=500, times=1)
        self.assertEqual(self.api.call("vat/read")[0], 500)
        self.assertEqual(self.api.call("vat/read")[0], 200)
        faults = [r.fault for r in self.sim.request_log]
        self.assertEqual(faults, [502, 502, None, 500, None])

    def test_fault_after_processing(self):
        self.ack(A_ID)
        self.sim.inject_fault("awb/save", status=504, times=1, after_processing=True)
        payload = TestAwb.awb(self, A_ID, "0")
        status, _h, body = self.api.call("awb/save", payload)
        self.assertEqual(status, 504)
        self.assertIn(b"504 Gateway Time-out", body)
        self.assertEqual(len(self.sim.awbs), 1)  # the AWB exists nonetheless

    def test_slow_responses(self):
        self.sim.set_latency(0.3, route="product_offer/read")
        started = time.monotonic()
        self.api.ok("product_offer/read", {})
        self.assertGreaterEqual(time.monotonic() - started, 0.3)
        started = time.monotonic()
        self.api.ok("vat/read")
        self.assertLess(time.monotonic() - started, 0.3)
        self.sim.set_latency(0)
        started = time.monotonic()
        self.api.ok("product_offer/read", {})
        self.assertLess(time.monotonic() - started, 0.3)
        self.sim.inject_fault("vat/read", status=504, delay=0.2)
        started = time.monotonic()
        self.assertEqual(self.api.call("vat/read")[0], 504)
        self.assertGreaterEqual(time.monotonic() - started, 0.2)

    def test_client_timeout_does_not_break_the_server(self):
        self.sim.set_latency(0.5, route="vat/read", times=1)
        request = urllib.request.Request(
            self.sim.base_url + "/vat/read", data=b"", method="POST"
        )
        with self.assertRaises((TimeoutError, socket.timeout, urllib.error.URLError)):
            urllib.request.urlopen(request, timeout=0.1)
        time.sleep(0.5)
        self.assertTrue(self.api.ok("vat/read"))


# --------------------------------------------------------------- offers ------
class TestOffers(SimTestCase):
    def new_offer(self, oid=2001, **extra):
        offer = {
            "id": oid,
            "category_id": 1127,
            "name": "Husă piele iPhone 15 Pro, maro",
            "part_number": "HUSA-IP15P-MARO",
            "brand": "Spigen",
            "description": "<p>Husă din piele</p>",
            "ean": ["5901234123457"],
            "characteristics": [{"id": 6201, "value": "iPhone 15 Pro"}],
            "status": 1,
            "sale_price": 80,
            "min_sale_price": 60,
            "max_sale_price": 120,
            "vat_id": 1,
            "stock": [{"warehouse_id": 1, "value": 10}],
            "handling_time": [{"warehouse_id": 1, "value": 1}],
        }
        offer.update(extra)
        return offer

    def test_create_update_and_read(self):
        self.api.ok("product_offer/save", [self.new_offer()])
        offer = self.api.ok("product_offer/read", {"id": 2001})[0]
        self.assertEqual(offer["part_number"], "HUSA-IP15P-MARO")
        self.assertEqual(offer["validation_status"][0]["value"], 1)  # human validation
        self.assertEqual(offer["general_stock"], 10)
        self.assertEqual(offer["offer_validation_status"]["value"], 1)
        (oid,) = self.sim.seed_orders(
            [{"products": [{"product_id": "2001", "quantity": 3, "sale_price": "80"}]}]
        )
        offer = self.api.ok("product_offer/read", {"id": 2001})[0]
        self.assertEqual((offer["general_stock"], offer["estimated_stock"]), (10, 7))
        self.ack(oid)  # processed: general_stock decremented, nothing reserved
        offer = self.api.ok("product_offer/read", {"id": 2001})[0]
        self.assertEqual((offer["general_stock"], offer["estimated_stock"]), (7, 7))
        found = self.api.ok("product_offer/read", {"part_number": "HUSA-IP15P-MARO"})
        self.assertEqual([o["id"] for o in found], [2001])
        update = {
            "id": 2001,
            "status": 1,
            "sale_price": 70,
            "vat_id": 1,
            "handling_time": [{"warehouse_id": 1, "value": 2}],
            "stock": [{"warehouse_id": 1, "value": 4}],
        }
        self.api.ok("product_offer/save", [update])
        self.assertEqual(self.sim.get_offer(2001)["sale_price"], "70.0000")
        message = self.api.error("product_offer/save", [{"id": 2001, "sale_price": 71}])
        self.assertIn("mandatory when updating", message)

    def test_first_save_rules(self):
        message = self.api.error(
            "product_offer/save", [self.new_offer(min_sale_price=None)]
        )
        self.assertIn("min_sale_price is mandatory", message)
        message = self.api.error("product_offer/save", [self.new_offer(sale_price=200)])
        self.assertIn("must be between", message)
        self.assertIsNone(self.sim.get_offer(2001))
        message = self.api.error(
            "product_offer/save", [self.new_offer(part_number="TN-2420")]
        )
        self.assertEqual(
            message, "You already hold a Product associated with this PN:TN-2420"
        )
        message = self.api.error(
            "product_offer/save", [self.new_offer(ean=["5901234123458"])]
        )
        self.assertEqual(
            message, "5901234123458 is not a valid EAN. - Product id: 2001"
        )
        message = self.api.error("product_offer/save", [self.new_offer(vat_id=99)])
        self.assertIn("vat_id", message)

    def test_attach_by_pnk(self):
        attach = {
            "id": 2002,
            "part_number_key": "D5Q1ZKBBM",
            "status": 1,
            "sale_price": 300,
            "min_sale_price": 250,
            "max_sale_price": 400,
            "vat_id": 1,
            "stock": [{"warehouse_id": 1, "value": 3}],
            "handling_time": [{"warehouse_id": 1, "value": 1}],
        }
        self.api.ok("product_offer/save", [attach])
        self.assertEqual(self.sim.get_offer(2002)["ownership"], 2)
        message = self.api.error("product_offer/save", [dict(attach, id=2003)])
        self.assertEqual(
            message, "You already hold an offer associated with this PNK: D5Q1ZKBBM"
        )

    def test_documentation_error_still_saves(self):
        payload = self.new_offer(characteristics=[])
        message = self.api.error("product_offer/save", [payload])
        self.assertIn("mandatory characteristic", message)
        self.assertIsNotNone(self.sim.get_offer(2001))

    def test_light_offer_save(self):
        self.api.ok(
            "offer/save",
            [
                {
                    "id": 1001,
                    "sale_price": 700,
                    "stock": [{"warehouse_id": 1, "value": 9}],
                }
            ],
        )
        offer = self.sim.get_offer(1001)
        self.assertEqual((offer["sale_price"], offer["general_stock"]), ("700.0000", 9))
        self.assertEqual(
            self.api.error("offer/save", [{"id": 424242}]), "Offer 424242 not found"
        )
        self.assertIn(
            "between", self.api.error("offer/save", [{"id": 1001, "sale_price": 5}])
        )

    def test_offer_stock_patch(self):
        status, _h, body = self.api.call(
            "offer_stock/1001", {"stock": 21}, method="PATCH"
        )
        self.assertEqual((status, body), (204, b""))
        self.assertEqual(self.sim.get_offer(1001)["general_stock"], 21)
        status, _h, _b = self.api.call(
            "offer_stock/1001",
            {"stock": [{"warehouse_id": 1, "value": 5}]},
            method="PATCH",
        )
        self.assertEqual(status, 204)
        status, _h, _b = self.api.call(
            "offer_stock/1001", {"data": {"stock": 6}}, method="PATCH"
        )
        self.assertEqual(self.sim.get_offer(1001)["general_stock"], 6)
        self.assertEqual(
            self.api.call("offer_stock/999999", {"stock": 1}, method="PATCH")[::2],
            (404, {"message": "This offer does not exist"}),
        )
        self.assertEqual(
            self.api.call("offer_stock/abc", {"stock": 1}, method="PATCH")[::2],
            (404, {"message": "Invalid URL"}),
        )
        self.assertEqual(
            self.api.call("offer_stock/1001", {"stock": "x"}, method="PATCH")[::2],
            (400, {"message": "Invalid content"}),
        )
        self.assertEqual(
            self.api.call("offer_stock/1001", raw=b"{", method="PATCH")[::2],
            (400, {"message": "Invalid content"}),
        )
        self.sim.set_offer_campaign(1001, "BF")
        status, _h, payload = self.api.call(
            "offer_stock/1001", {"stock": 2}, method="PATCH"
        )
        self.assertEqual(status, 400)
        self.assertEqual(payload["message"], "Validation errors in your request")
        self.assertEqual(payload["errors"][0]["field"], "stock")
        self.assertIn("campaign BF", payload["errors"][0]["message"])
        self.assertEqual(self.sim.get_offer(1001)["general_stock"], 6)


# --------------------------------------------------------------- lookups -----
class TestLookups(SimTestCase):
    def test_courier_accounts_and_addresses(self):
        accounts = self.api.ok("courier_accounts/read", {})
        self.assertEqual(
            set(accounts[0]),
            {
                "account_id",
                "account_display_name",
                "courier_account_type",
                "courier_name",
                "courier_account_properties",
                "created",
                "status",
                "pickup_country_code",
            },
        )
        addresses = self.api.ok("addresses/read", {})
        self.assertTrue(
            any(a["address_type_id"] == 2 and a["is_default"] for a in addresses)
        )
        self.assertEqual(
            {
                a["address_type_id"]
                for a in self.api.ok("addresses/read", {"address_type_id": 2})
            },
            {2},
        )

    def test_categories(self):
        categories = self.api.ok("category/read", {})
        self.assertNotIn("characteristics", categories[0])
        self.assertEqual(len(self.api.ok("category/read", {"is_allowed": 1})), 7)
        (category,) = self.api.ok("category/read", {"id": 1127})
        self.assertEqual(category["name"], "Huse telefoane")
        size = next(c for c in category["characteristics"] if c["id"] == 6506)
        self.assertEqual(size["tags"], ["original", "converted"])
        self.assertEqual(size["type_id"], 60)
        self.assertEqual(
            category["family_types"][0]["characteristics"][0]["characteristic_id"], 6203
        )
        (english,) = self.api.ok("category/read?language=en", {"id": 1127})
        self.assertEqual(english["name"], "Phone cases")
        (paged,) = self.api.ok(
            "category/read", {"id": 1127, "valuesCurrentPage": 2, "valuesPerPage": 2}
        )
        compat = next(c for c in paged["characteristics"] if c["id"] == 6201)
        self.assertEqual(compat["values"], ["Galaxy S24"])

    def test_vat_handling_time_localities(self):
        self.assertEqual(
            [v["vat_rate"] for v in self.api.ok("vat/read")], [0.21, 0.11, 0.0]
        )
        self.assertIn({"id": 0}, self.api.ok("handling_time/read"))
        (corbeanca,) = self.api.ok("locality/read", {"emag_id": 41})
        self.assertEqual(corbeanca["name"], "Corbeanca")  # as in reference §2.7a
        (cluj,) = self.api.ok("locality/read", {"name": "Cluj-Napoca"})
        self.assertEqual((cluj["emag_id"], cluj["region2"]), (8801, "Cluj"))
        self.assertEqual(len(self.api.ok("locality/read", {"itemsPerPage": 5})), 5)


# ------------------------------------------------------- control & process ---
class TestControlAndState(SimTestCase):
    def control(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.sim.root_url + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())

    def test_control_routes(self):
        status, payload = self.control(
            "POST", "/_sim/orders", {"generate": 3, "seed": 5}
        )
        self.assertEqual((status, len(payload["ids"])), (201, 3))
        status, payload = self.control(
            "POST",
            "/_sim/orders",
            {"orders": json.loads(SAMPLE_ORDERS.read_text()), "notify": False},
        )
        self.assertEqual(len(payload["ids"]), 7)
        status, state = self.control("GET", "/_sim/state")
        self.assertEqual(len(state["orders"]), 10)
        self.assertEqual(
            self.control("POST", "/_sim/fault", {"route": "vat/read", "status": 502})[
                0
            ],
            201,
        )
        self.assertEqual(self.api.call("vat/read")[0], 502)
        status, order = self.control(
            "POST", f"/_sim/orders/{A_ID}/cancel", {"reason": 2}
        )
        self.assertEqual(order["status"], 0)
        self.assertEqual(self.control("GET", "/_sim/orders/1")[0], 404)
        status, log = self.control("GET", "/_sim/requests")
        self.assertEqual([r["route"] for r in log], ["vat/read"])
        self.sim.api_rights = False
        self.sim.allowed_ips = ["10.0.0.1"]
        self.sim.rate_limits["other"] = RateLimit(1, 1)
        self.sim.set_callback_url("http://127.0.0.1:9/x")
        self.assertEqual(self.control("POST", "/_sim/reset_rate_limits")[0], 200)
        self.assertFalse(self.sim.api_rights, "only the windows are reset")
        self.assertEqual(self.control("POST", "/_sim/reset")[0], 200)
        self.assertTrue(self.sim.api_rights)
        self.assertIsNone(self.sim.allowed_ips)
        self.assertEqual(self.sim.rate_limits["other"], RateLimit(3, 180))
        self.assertFalse(self.sim.rate_limit_enabled)  # as constructed in this class
        self.assertIsNone(self.sim.callback_url)
        self.assertEqual(len(self.sim.offers()), 8)
        self.assertEqual(self.sim.orders(), [])
        self.assertEqual(self.sim.request_log, [])
        self.assertEqual(self.control("GET", "/_sim/nothing")[0], 404)

    def test_keep_alive_requests_are_fast(self):
        # headers and body are separate writes: without TCP_NODELAY each
        # keep-alive request would wait ~40 ms for the client's delayed ACK
        connection = http.client.HTTPConnection("127.0.0.1", self.sim.port, timeout=5)
        self.addCleanup(connection.close)
        headers = {
            "Authorization": "Basic ZGVtbzpkZW1v",
            "Content-Type": "application/json",
        }
        started = time.monotonic()
        for _ in range(50):
            connection.request(
                "POST", "/api-3/order/count", body=b"{}", headers=headers
            )
            response = connection.getresponse()
            self.assertEqual(response.status, 200)
            response.read()
        self.assertLess(time.monotonic() - started, 1.5)

    def test_request_log_records(self):
        self.api.ok("vat/read")
        (record,) = self.sim.request_log
        self.assertEqual(
            (record.route, record.bucket, record.status, record.is_error),
            ("vat/read", "other", 200, False),
        )
        self.assertEqual(record.username, "demo")
        self.assertEqual(record.method, "POST")
        self.api.ok("order/read", {"id": 5})
        self.assertEqual(self.sim.requests_for("order/*")[0].payload, {"id": 5})


class TestProcessMode(unittest.TestCase):
    def test_runs_as_a_module(self):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        env = dict(os.environ, PYTHONPATH=str(REPO))
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.emag_simulator",
                "--port",
                str(port),
                "--seed",
                "data/orders_sample.json",
                "--username",
                "u",
                "--password",
                "p",
            ],
            cwd=str(REPO),
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.addCleanup(proc.stderr.close)
        self.addCleanup(proc.stdout.close)
        self.addCleanup(proc.wait, 5)
        self.addCleanup(proc.terminate)
        line = ""
        while "listening" not in line:
            line = proc.stdout.readline()
            if not line and proc.poll() is not None:
                self.fail(proc.stderr.read())
        sim = type(
            "S",
            (),
            {
                "base_url": f"http://127.0.0.1:{port}/api-3",
                "root_url": f"http://127.0.0.1:{port}",
            },
        )()
        count = Api(sim, "u", "p").ok("order/count", {})
        self.assertEqual(count["noOfItems"], "6")


if __name__ == "__main__":
    unittest.main()
