"""Public routes (callback, documents) and the main screens, over HTTP."""

import base64
from unittest.mock import patch

import odoo.http
from odoo.tests import HttpCase, tagged

from .common import PASSWORD, USER, EmagSimulator, SaleReceiptMixin, sample_order

MINI_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@tagged("post_install", "-at_install")
class TestHttp(SaleReceiptMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sim = EmagSimulator(username=USER, password=PASSWORD)
        cls.sim.start()
        cls.addClassCleanup(cls.sim.stop)
        cls.env["ir.config_parameter"].sudo().set_param(
            "bocp_emag.retry_backoff", "0.01"
        )
        for rate in (21, 19, 11, 0):
            cls.env["account.tax"].create(
                {
                    "name": f"HTTP TVA {rate}%",
                    "amount": rate,
                    "amount_type": "percent",
                    "type_tax_use": "sale",
                    "sequence": 0,
                }
            )
        # the eMAG platform's currency, whatever pricelist other addons' demo
        # data make the default one
        ron = cls.env.ref("base.RON")
        ron.active = True
        pricelist = cls.env["product.pricelist"].create(
            {"name": "eMAG RON (HTTP)", "currency_id": ron.id}
        )
        cls.account = cls.env["bocp.emag.account"].create(
            {
                "name": "Tour eMAG",
                "pricelist_id": pricelist.id,
                "api_url": cls.sim.base_url,
                "api_username": USER,
                "api_password": PASSWORD,
                "finalize_mode": "invoice",
            }
        )

    def setUp(self):
        super().setUp()
        # eMAG's requests carry no session: the server must pick the database by
        # itself (one database, or dbfilter by host name, as in production)
        dbname = self.env.cr.dbname
        self.patch(odoo.http, "db_list", lambda force=False, host=None: [dbname])
        self.sim.reset()
        self.env.flush_all()

    def _orders(self, emag_id):
        return self.env["bocp.emag.order"].search(
            [("account_id", "=", self.account.id), ("emag_id", "=", emag_id)]
        )

    def test_duplicate_callbacks_over_http(self):
        self.sim.set_callback_url(self.account.callback_url)
        [oid] = self.sim.generate_orders(1, lines=3, vouchers=1, shipping=True, seed=31)
        records = self.sim.fire_callbacks([oid], duplicates=100)
        self.assertEqual({r.status for r in records}, {200})
        self.assertEqual(len(self._orders(oid)), 1)
        self.env["bocp.emag.order"]._cron_import_orders()
        order = self._orders(oid)
        self.assertEqual(order.state, "imported")
        self.assertEqual(
            self.env["sale.order"].search_count(
                [("bocp_emag_order_id", "=", order.id)]
            ),
            1,
        )

    def _callback(self, token, query="?order_id=55"):
        return self.url_open(f"/bocp/emag/{token}/order{query}")

    def _triggers(self):
        cron = self.env.ref("bocp_emag.ir_cron_import_orders")
        return self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])

    def test_wrong_token_is_404_and_records_nothing(self):
        Order = self.env["bocp.emag.order"]
        before, triggers = Order.search_count([]), self._triggers()
        token = self.account.callback_token
        archived = self.account.copy({"name": "Arhivat"})
        archived_token = archived.callback_token
        archived.active = False
        self.env.flush_all()
        for wrong in (
            "x" * 32,
            token[:-1] + ("y" if token[-1] != "y" else "z"),
            token[:10],
            archived_token,
        ):
            response = self._callback(wrong)
            self.assertEqual(response.status_code, 404, wrong)
            self.assertNotIn(self.account.name, response.text)
            self.assertNotIn("Arhivat", response.text)
        self.assertEqual(Order.search_count([]), before, "nothing recorded")
        self.assertEqual(self._triggers(), triggers, "no import started")
        # the right token with a missing or absurd order id: refused as well
        for query in (
            "",
            "?order_id=",
            "?order_id=abc",
            "?order_id=-4",
            "?order_id=" + "9" * 30,
        ):
            self.assertEqual(self._callback(token, query).status_code, 400, query)
        self.assertEqual(Order.search_count([]), before)
        # and the right one is recorded, once
        self.assertEqual(self._callback(token, "?order_id=4294967295").text, "OK")
        self.assertEqual(len(self._orders(4294967295)), 1)
        self.assertGreater(self._triggers(), triggers)

    def test_both_callback_url_forms(self):
        """Published: ".../order?order_id=" (eMAG appends the id, DOC449's
        example ...?order_id=123); a URL pasted without the parameter gets the
        id glued on (".../order123"): both are recorded."""
        url = self.account.callback_url
        self.assertTrue(url.endswith("/order?order_id="), url)
        token = self.account.callback_token
        for query, emag_id in (
            ("?order_id=3100000201", 3100000201),
            ("3100000202", 3100000202),
        ):
            response = self._callback(token, query)
            self.assertEqual(response.status_code, 200, query)
            self.assertEqual(len(self._orders(emag_id)), 1, query)
        # eMAG (the simulator) calling either URL
        [first, second] = self.sim.generate_orders(2, lines=1, vouchers=0, seed=32)
        self.sim.set_callback_url(url)
        self.sim.fire_callbacks([first])
        self.sim.set_callback_url(url[: -len("?order_id=")])
        self.sim.fire_callbacks([second])
        self.assertEqual({r.status for r in self.sim.callback_log}, {200})
        self.assertEqual(len(self._orders(first) | self._orders(second)), 2)

    def test_document_route_needs_the_exact_token(self):
        Order = self.env["bocp.emag.order"]
        Order._register_ids(self.account, [92])
        order = self._orders(92)
        order.write({"document_token": "d" * 43, "document_type": "1"})
        for token in ("y" * 40, "d" * 42, "d" * 20):
            response = self.url_open(f"/bocp/emag/document/{token}.pdf")
            self.assertEqual(response.status_code, 404, token)
        # the exact token of an order without a document yet: nothing to serve
        response = self.url_open("/bocp/emag/document/%s.pdf" % ("d" * 43))
        self.assertEqual(response.status_code, 404)

    def test_invoice_pdf_reaches_emag_on_invoicing(self):
        [oid] = self.sim.seed_orders([sample_order(3200000001)])
        Order = self.env["bocp.emag.order"]
        Order._poll_account(self.account)
        Order._cron_import_orders()
        order = self._orders(oid)
        self.give_stock(oid)
        self.sale_receipt(order)
        invoice = order.sale_order_id._create_invoices()
        with patch.object(type(order), "_get_invoice_pdf", lambda self, inv: MINI_PDF):
            invoice.action_post()
            self.assertEqual(order.finalize_state, "pending")
            Order._cron_send_finalized()
        self.assertEqual(order.finalize_state, "done", order.finalize_message)
        [attachment] = self.sim.attachments
        self.assertEqual(attachment["order_id"], oid)
        self.assertEqual(attachment["type"], 1)
        self.assertTrue(attachment["downloaded"], attachment.get("error"))
        self.assertTrue(attachment["is_pdf"])
        self.assertEqual(attachment["content"], MINI_PDF)
        self.assertEqual(self.sim.order_status(oid), 4)
        self.assertEqual(order.emag_status, "4")

    def test_tour_account_and_orders(self):
        [oid] = self.sim.seed_orders(
            [
                sample_order(
                    3200000002,
                    customer=dict(sample_order()["customer"], name="Ion Popescu"),
                )
            ]
        )
        Order = self.env["bocp.emag.order"]
        Order._poll_account(self.account)
        Order._cron_import_orders()
        self.assertTrue(self._orders(oid).sale_order_id)
        self.start_tour("/odoo", "bocp_emag_tour", login="admin")

    def test_document_route_serves_pdf(self):
        order = self.env["bocp.emag.order"]
        order._register_ids(self.account, [91])
        order = self._orders(91)
        attachment = self.env["ir.attachment"].create(
            {
                "name": "f.pdf",
                "datas": base64.b64encode(MINI_PDF),
                "mimetype": "application/pdf",
            }
        )
        order.write({"document_id": attachment.id, "document_token": "t" * 43})
        response = self.url_open("/bocp/emag/document/%s.pdf" % ("t" * 43))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, MINI_PDF)
