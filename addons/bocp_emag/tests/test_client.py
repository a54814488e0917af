"""The eMAG client alone: auth, envelope, retries, pagination, limiter."""

import time

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.bocp_emag.tools import (
    EmagApiError,
    EmagAuthError,
    EmagClient,
    EmagIpError,
    EmagServerError,
)

from .common import PASSWORD, USER, EmagSimCase


@tagged("post_install", "-at_install")
class TestClient(EmagSimCase):
    def client(self, **kwargs):
        kwargs.setdefault("backoff", 0.01)
        return EmagClient(
            self.sim.base_url, USER, kwargs.pop("password", PASSWORD), **kwargs
        )

    def test_wrong_password(self):
        with self.assertRaises(EmagAuthError):
            self.client(password="wrong").call("vat/read", {})

    def test_ip_not_allowed(self):
        self.sim.allowed_ips = ["10.1.2.3"]
        with self.assertRaises(EmagIpError) as caught:
            self.client().call("vat/read", {})
        self.assertEqual(caught.exception.ip, "127.0.0.1")

    def test_envelope_error_is_an_exception_with_emag_message(self):
        with self.assertRaises(EmagApiError) as caught:
            self.client().save("offer", [{"id": 987654, "sale_price": 10}])
        self.assertIn("987654", str(caught.exception))

    def test_reads_are_retried(self):
        self.sim.inject_fault("vat/read", status=502, times=2)
        self.sim.burst_429(times=1, route="vat/read")
        self.assertTrue(self.client().call("vat/read", {}))
        self.assertEqual(len(self.sim.requests_for("vat/read")), 4)

    def test_awb_is_never_retried(self):
        self.sim.inject_fault("awb/save", status=500, times=1)
        with self.assertRaises(EmagServerError) as caught:
            self.client().save("awb", [{"order_id": 1}], retry=False)
        self.assertTrue(caught.exception.uncertain)
        self.assertEqual(len(self.sim.requests_for("awb/save")), 1)

    def test_awb_not_retried_by_default(self):
        self.sim.inject_fault("awb/save", status=502, times=1)
        with self.assertRaises(EmagServerError):
            self.client().call("awb/save", {"data": [{"order_id": 1}]})
        self.assertEqual(len(self.sim.requests_for("awb/save")), 1)

    def test_pagination(self):
        self.sim.generate_orders(230, lines=1, vouchers=0, shipping=False, seed=2)
        self.sim.rate_limit_enabled = False
        items = list(self.client().read_all("order", {"status": 1}))
        self.assertEqual(len(items), 230)
        self.assertEqual(len({i["id"] for i in items}), 230)
        self.assertEqual(len(self.sim.requests_for("order/read")), 3)
        self.assertEqual(self.client().count("order", {"status": 1}), 230)

    def test_account_client_logs_and_limits(self):
        client = self.account._get_client()
        started = time.monotonic()
        for _i in range(7):
            client.call("vat/read", {})
        elapsed = time.monotonic() - started
        self.assertGreaterEqual(elapsed, 6 / 3.0, "3 calls per second at most")
        self.assertEqual(self.sim.rate_limit_hits(), [])
        logs = self.env["bocp.emag.api.log"].search(
            [("account_id", "=", self.account.id), ("route", "=", "vat/read")]
        )
        self.assertEqual(len(logs), 7)

    def test_test_connection_explains_errors(self):
        self.assertEqual(
            self.account.action_test_connection()["params"]["type"], "success"
        )
        self.sim.allowed_ips = ["10.1.2.3"]
        with self.assertRaises(UserError) as caught:
            self.account.action_test_connection()
        self.assertIn("127.0.0.1", str(caught.exception))
        self.assertIn("allow-list", str(caught.exception))
        self.sim.allowed_ips = None
        self.account.api_password = "wrong"
        with self.assertRaises(UserError) as caught:
            self.account.action_test_connection()
        self.assertIn("password", str(caught.exception))
        self.account.api_url = "http://127.0.0.1:9/api-3"
        with self.assertRaises(UserError) as caught:
            self.account.action_test_connection()
        self.assertIn("cannot be reached", str(caught.exception))
