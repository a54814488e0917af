"""The public routes are strict: malformed ids and tokens get 400/404 with
nothing recorded and no traceback logged; a flood of identical callbacks
wakes the import once. Includes a property test (hypothesis)."""

from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import odoo.http
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestStrictRoutes(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account = cls.env["bocp.emag.account"].create(
            {
                "name": "Strict eMAG",
                "api_url": "http://127.0.0.1:9/api-3",
                "api_username": "u",
                "api_password": "p",
            }
        )
        cls.token = cls.account.callback_token

    def setUp(self):
        super().setUp()
        dbname = self.env.cr.dbname
        self.patch(odoo.http, "db_list", lambda force=False, host=None: [dbname])
        self.env.flush_all()

    def _state(self):
        cron = self.env.ref("bocp_emag.ir_cron_import_orders")
        return (
            self.env["bocp.emag.order"].search_count([]),
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]),
        )

    def _get(self, path):
        with self.assertNoLogs("odoo", "ERROR"):
            return self.url_open(path, allow_redirects=False)

    def test_non_ascii_and_out_of_range_order_ids_are_400(self):
        before = self._state()
        for order_id in (
            "²",  # str.isdigit() is True, int() raises: a 500 today
            "1²",
            "１２３",  # full-width digits: recorded as order 123 today
            "١٢٣",  # Arabic-Indic digits
            "4294967296",  # above what eMAG issues (uint32)
            "0",
            "+5",
            "5.0",
            "9" * 400,
        ):
            for path in (
                f"/bocp/emag/{self.token}/order?order_id={quote(order_id)}",
                f"/bocp/emag/{self.token}/order{quote(order_id)}",  # id glued on
            ):
                response = self._get(path)
                self.assertEqual(response.status_code, 400, path)
        self.assertEqual(self._state(), before, "nothing recorded, no import woken")

    def test_malformed_tokens_are_404(self):
        before = self._state()
        for token in ("%00" * 20, "é" * 20, "a" * 300, "a%2Fb" * 8, "x" * 15):
            response = self._get(f"/bocp/emag/{token}/order?order_id=5")
            self.assertEqual(response.status_code, 404, token)
            response = self._get(f"/bocp/emag/document/{token}.pdf")
            self.assertEqual(response.status_code, 404, token)
        self.assertEqual(self._state(), before)

    def test_100_identical_callbacks_add_one_trigger(self):
        orders, triggers = self._state()
        for index in range(100):
            path = "/order?order_id=4294967295" if index % 2 else "/order4294967295"
            response = self._get(f"/bocp/emag/{self.token}{path}")
            self.assertEqual(response.status_code, 200)
        # today: one trigger per call, 100 in all
        self.assertEqual(self._state(), (orders + 1, triggers + 1))

    @settings(
        max_examples=40,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(order_id=st.text(max_size=30), token_ok=st.booleans())
    def test_callback_answers_200_400_or_404_never_500(self, order_id, token_ok):
        token = self.token if token_ok else quote(order_id, safe="") or "t"
        response = self._get(f"/bocp/emag/{token}/order?order_id={quote(order_id)}")
        self.assertIn(response.status_code, (200, 400, 404), repr(order_id))
        if response.status_code == 200:
            self.assertTrue(order_id.strip(" \t\r\n").isascii())
