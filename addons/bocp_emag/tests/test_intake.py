"""Order intake as eMAG's live API behaves: incomplete orders, re-read after
acknowledging, Fulfilled-by-eMAG orders, old sparse orders, one
acknowledgement per order even after a crash."""

import json
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from ..tools import EmagClient
from .common import EmagSimCase, sample_order

MINI_PDF = b"%PDF-1.4\n%%EOF\n"


def sparse_order(order_id):
    """An order as old answers give it: no type, modified, locality ids,
    currency, recycle_warranties, enforced courier accounts...; details as
    PHP's empty array."""
    return {
        "id": order_id,
        "status": 1,
        "payment_mode_id": 1,
        "payment_mode": "RAMBURS",
        "date": "2021-12-05 11:19:26",
        "delivery_mode": "courier",
        "customer": {
            "id": 4411,
            "name": "Maria Ionescu",
            "phone_1": "0744111222",
            "billing_name": "Maria Ionescu",
            "billing_country": "RO",
            "billing_suburb": "Cluj",
            "billing_city": "Cluj-Napoca",
            "billing_street": "Str. Memorandumului 3",
            "shipping_country": "RO",
            "shipping_suburb": "Cluj",
            "shipping_city": "Cluj-Napoca",
            "shipping_street": "Str. Memorandumului 3",
            "shipping_contact": "Maria Ionescu",
            "shipping_phone": "0744111222",
            "legal_entity": 0,
        },
        "products": [
            {
                "id": 87503001,
                "product_id": "1004",
                "name": "Toner Brother TN-2420",
                "part_number": "TN-2420",
                "sale_price": "289.2562",
                "quantity": 1,
                "vat": "0.2100",
                "status": 1,
            }
        ],
        "shipping_tax": 19.99,
        "vouchers": [],
        "details": [],
    }


@tagged("post_install", "-at_install")
class TestIntake(EmagSimCase):
    def test_incomplete_order_waits_unacknowledged(self):
        [oid] = self.sim.seed_orders([sample_order(3400000001, is_complete=0)])
        self.import_all()
        order = self.emag_order(oid)
        self.assertEqual(order.state, "incomplete")
        self.assertIn("incomplete", order.error_message)
        self.assertFalse(order.sale_order_id, "not invoiced")
        self.assertFalse(order.acknowledged)
        self.assertEqual(self.sim.order_status(oid), 1)
        self.assertFalse(self.sim.requests_for("order/acknowledge"))
        # eMAG completes it: the next check imports and acknowledges it
        self.sim.update_order(oid, is_complete=1)
        self.import_all()
        self.assertEqual(order.state, "imported")
        self.assertTrue(order.sale_order_id)
        self.assertEqual(self.sim.order_status(oid), 2)

    def test_incomplete_order_canceled_by_emag(self):
        [oid] = self.sim.seed_orders([sample_order(3400000002, is_complete=0)])
        self.import_all()
        self.sim.cancel_order(oid, reason=22)
        self.import_all()
        order = self.emag_order(oid)
        self.assertEqual(order.state, "skipped")
        self.assertFalse(order.sale_order_id)

    def test_order_is_read_again_after_acknowledging(self):
        """eMAG's staff lower a quantity from 2 to 1 just before the
        acknowledgement: the sale follows the order read after it."""
        data = sample_order(3400000003)
        data["products"][0]["quantity"] = 2
        [oid] = self.sim.seed_orders([data])
        real_ack = EmagClient.acknowledge
        sim = self.sim

        def staff_edit_then_ack(client, order_id):
            sim.update_line(order_id, 87503654, quantity=1)
            return real_ack(client, order_id)

        with patch.object(EmagClient, "acknowledge", staff_edit_then_ack):
            self.import_all()
        line = self.emag_order(oid).sale_order_id.order_line.filtered(
            lambda li: li.bocp_emag_line_key == "p:87503654"
        )
        self.assertEqual(line.product_uom_qty, 1)

    def test_many_orders_are_read_again_in_one_call(self):
        ids = self.sim.generate_orders(6, lines=1, vouchers=0, shipping=True, seed=8)
        self.import_all()
        for oid in ids:
            self.assertTrue(self.emag_order(oid).acknowledged)
        reads = [
            r
            for r in self.sim.requests_for("order/read")
            if "modifiedAfter" in r.payload and r.payload.get("type") != 2
        ]
        self.assertTrue(reads, "one modifiedAfter read after the acknowledgements")
        by_id = [r for r in self.sim.requests_for("order/read") if "id" in r.payload]
        self.assertFalse(by_id, "no read order by order")

    def test_fulfilled_by_emag_order_is_imported_and_invoiced(self):
        fbe = sample_order(
            3400000004,
            type=2,
            status=4,
            payment_mode_id=3,
            payment_status=1,
            finalization_date="2026-01-10 10:00:00",
            modified=self.sim.now().strftime("%Y-%m-%d %H:%M:%S"),
        )
        [oid] = self.sim.seed_orders([fbe])
        self.import_all()
        order = self.emag_order(oid)
        self.assertEqual(order.state, "imported", order.error_message)
        self.assertEqual(order.emag_type, "2")
        self.assertTrue(order.sale_order_id)
        self.assertFalse(self.sim.requests_for("order/acknowledge"))
        self.sim.fetch_url = lambda url, timeout: (200, MINI_PDF)
        sale = order.sale_order_id
        sale.action_confirm()
        invoice = sale._create_invoices()
        with patch.object(type(order), "_get_invoice_pdf", lambda self, inv: MINI_PDF):
            invoice.action_post()  # manual mode: eMAG's own orders get it anyway
            self.env["bocp.emag.order"]._cron_send_finalized()
        self.assertEqual(order.finalize_state, "done", order.finalize_message)
        [attachment] = self.sim.attachments
        self.assertEqual((attachment["order_id"], attachment["order_type"]), (oid, 2))
        self.assertFalse(self.sim.requests_for("order/save"), "eMAG ships it")

    def test_one_acknowledgement_even_when_the_worker_dies_after_it(self):
        """The worker dies once eMAG accepted the acknowledgements, before Odoo
        recorded them: the next run reads the orders (two pages, not one read
        per order) and acknowledges none of them again."""
        ids = self.sim.generate_orders(5, lines=1, vouchers=0, shipping=True, seed=21)
        Order = self.env["bocp.emag.order"]
        Order._poll_account(self.account)
        commits = []

        def crash_after_acknowledging(records):
            records.env.flush_all()
            commits.append(1)
            if len(commits) == 2:  # eMAG accepted the acks, Odoo did not record them
                raise RuntimeError("worker killed")

        crashed = False  # (not assertRaises: it rolls back, a crash does not)
        with patch.object(type(Order), "_commit_point", crash_after_acknowledging):
            try:
                Order._cron_import_orders()
            except RuntimeError:
                crashed = True
        self.assertTrue(crashed)
        orders = Order.search([("emag_id", "in", ids)])
        for order in orders:
            # what the database holds after the crash: the import, not the acks
            data = dict(order._get_data(), status=1)
            order.write(
                {
                    "acknowledged": False,
                    "emag_status": "1",
                    "raw_data": json.dumps(data),
                }
            )
            self.assertEqual(self.sim.order_status(order.emag_id), 2)
        reads_before = len(self.sim.requests_for("order/read"))
        Order._cron_import_orders()
        self.assertEqual(set(orders.mapped("acknowledged")), {True})
        acks = [r.path for r in self.sim.requests_for("order/acknowledge")]
        self.assertEqual(len(acks), 5, "each order acknowledged once")
        reads = self.sim.requests_for("order/read")[reads_before:]
        self.assertFalse([r for r in reads if "id" in r.payload], "no read by id")

    def test_emag_failing_mid_import_retries_in_a_minute(self):
        [oid] = self.sim.generate_orders(1, lines=1, vouchers=0, shipping=True, seed=22)
        Order = self.env["bocp.emag.order"]
        Order._register_callback(self.account, oid)
        cron = self.env.ref("bocp_emag.ir_cron_import_orders")
        self.sim.inject_fault("order/read", status=502, times=50)
        Order._cron_import_orders()
        self.assertEqual(self.emag_order(oid).state, "new")
        later = self.env["ir.cron.trigger"].search(
            [("cron_id", "=", cron.id), ("call_at", ">", fields.Datetime.now())]
        )
        self.assertTrue(later, "the import tries again by itself")

    def test_callbacks_of_a_stuck_order_wake_the_import_once(self):
        """The import stopped on an order (its worker died): eMAG's repeated
        callbacks add one trigger, then only wake the cron workers."""
        Order = self.env["bocp.emag.order"]
        cron = self.env.ref("bocp_emag.ir_cron_import_orders")
        Order._register_ids(self.account, [3400000099])
        Triggers = self.env["ir.cron.trigger"]
        Triggers.search([("cron_id", "=", cron.id)]).unlink()
        woken = []
        with patch.object(type(cron), "_notifydb", lambda self: woken.append(1)):
            for _i in range(5):
                Order._register_callback(self.account, 3400000099)
        self.assertEqual(Triggers.search_count([("cron_id", "=", cron.id)]), 1)
        self.assertEqual(len(woken), 4, "woken by each repeat, one trigger")
        # an order done with (acknowledged) is not woken for
        self.emag_order(3400000099).write({"state": "imported", "acknowledged": True})
        with patch.object(type(cron), "_notifydb", lambda self: woken.append(1)):
            Order._register_callback(self.account, 3400000099)
        self.assertEqual(len(woken), 4)

    def test_test_connection_shows_the_url_to_paste(self):
        action = self.account.action_test_connection()
        url = self.account.callback_url
        self.assertTrue(url.endswith("/order?order_id="))
        self.assertIn(url, action["params"]["message"])
        self.assertTrue(action["params"]["sticky"], "time to copy it")

    def test_sparse_old_order(self):
        """Toner 289.2562 at 21% = 350.00 plus shipping 19.99: 369.99."""
        [oid] = self.sim.seed_orders([sparse_order(3400000006)], sparse=True)
        self.assertNotIn("type", self.sim.get_order(oid))
        self.import_all()
        order = self.emag_order(oid)
        self.assertEqual(order.state, "imported", order.error_message)
        self.assertEqual(order.emag_type, "3")
        self.assertTrue(order.acknowledged)
        self.assertAlmostEqual(order.sale_order_id.amount_total, 369.99, places=2)
        self.assertEqual(order.currency_id, self.ron)
        # no shipping_locality_id: the AWB finds the locality by city and county
        self.account.action_sync_logistics()
        payload = order._prepare_awb_payload(
            self.account.pickup_address_id,
            self.account.courier_account_id,
            1,
            0,
            1.0,
            0.0,
        )
        self.assertTrue(payload["receiver"]["locality_id"])
        self.assertNotIn("zipcode", payload["receiver"])
