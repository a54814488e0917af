"""Order intake against the simulator: idempotence, safety net, faults."""

from unittest.mock import patch

from odoo.tests import tagged

from .common import _REPO, EmagSimCase, sample_order


class Crash(Exception):
    pass


@tagged("post_install", "-at_install")
class TestOrderImport(EmagSimCase):
    def test_duplicate_notifications_give_one_order(self):
        [oid] = self.sim.generate_orders(1, lines=3, vouchers=1, shipping=True, seed=3)
        Order = self.env["bocp.emag.order"]
        for _i in range(100):
            Order._register_callback(self.account, oid)
        Order._cron_import_orders()
        orders = self.emag_order(oid)
        self.assertEqual(len(orders), 1)
        self.assertEqual(orders.state, "imported")
        sales = self.env["sale.order"].search([("bocp_emag_order_id", "=", orders.id)])
        self.assertEqual(len(sales), 1)
        self.assertEqual(self.sim.order_status(oid), 2)
        self.assertTrue(orders.acknowledged)
        # later notifications of the same order change nothing
        Order._register_callback(self.account, oid)
        Order._cron_import_orders()
        self.assertEqual(
            self.env["sale.order"].search_count(
                [("bocp_emag_order_id", "=", orders.id)]
            ),
            1,
        )

    def test_lost_callback_is_imported_by_the_poll(self):
        ids = self.sim.generate_orders(3, lines=2, vouchers=0, shipping=True, seed=4)
        self.assertFalse(self.emag_order(ids[0]))
        self.env["bocp.emag.order"]._cron_poll_orders()
        self.env["bocp.emag.order"]._cron_import_orders()
        for oid in ids:
            order = self.emag_order(oid)
            self.assertEqual(order.state, "imported")
            self.assertTrue(order.sale_order_id)
            self.assertEqual(self.sim.order_status(oid), 2)

    def test_crash_after_commit_before_acknowledge(self):
        [oid] = self.sim.generate_orders(1, lines=3, vouchers=1, shipping=True, seed=5)
        Order = self.env["bocp.emag.order"]
        Order._register_callback(self.account, oid)
        calls = []

        def commit_then_crash(records):
            records.env.flush_all()
            calls.append(1)
            if len(calls) == 1:
                raise Crash("worker killed after the commit")

        # (not assertRaises: Odoo's rolls back to a savepoint, a crash does not)
        crashed = False
        with patch.object(type(Order), "_commit_point", commit_then_crash):
            try:
                Order._cron_import_orders()
            except Crash:
                crashed = True
        self.assertTrue(crashed)
        order = self.emag_order(oid)
        self.assertEqual(order.state, "imported")
        self.assertFalse(order.acknowledged)
        self.assertEqual(self.sim.order_status(oid), 1, "not acknowledged yet")
        # eMAG keeps announcing the order; the cron runs again
        self.sim.fire_callbacks([oid], duplicates=3)
        Order._register_callback(self.account, oid)
        Order._cron_import_orders()
        self.assertEqual(
            self.env["sale.order"].search_count(
                [("bocp_emag_order_id", "=", order.id)]
            ),
            1,
        )
        self.assertTrue(order.acknowledged)
        self.assertEqual(self.sim.order_status(oid), 2)

    def test_429_and_5xx_bursts(self):
        ids = self.sim.generate_orders(6, lines=3, vouchers=1, shipping=True, seed=6)
        self.sim.burst_429(times=4, route="order/*")
        self.sim.inject_fault("order/read", status=502, times=2)
        self.sim.inject_fault("order/acknowledge", status=500, times=2)
        self.sim.inject_fault("order/acknowledge", status=504, times=1)
        self.import_all()
        for oid in ids:
            self.assertEqual(self.emag_order(oid).state, "imported")
            self.assertEqual(self.sim.order_status(oid), 2)
        self.assertEqual(
            self.sim.rate_limit_hits(), [], "our limiter kept every call legal"
        )
        self.assertLessEqual(self.sim.max_observed_rate("orders"), 12)
        errors = self.env["bocp.emag.api.log"].search(
            [("account_id", "=", self.account.id), ("is_error", "=", True)]
        )
        self.assertGreaterEqual(len(errors), 9, "faults are in the API log")

    def test_rate_limit_holds_for_many_calls(self):
        self.sim.generate_orders(30, lines=1, vouchers=0, shipping=False, seed=7)
        Order = self.env["bocp.emag.order"]
        for order in self.sim.orders(status=1):
            Order._register_callback(self.account, order["id"])
        Order._cron_import_orders()
        self.assertEqual(self.sim.rate_limit_hits(), [])
        self.assertLessEqual(self.sim.max_observed_rate("orders"), 12)
        self.assertEqual(len(self.sim.orders(status=2)), 30)

    def test_order_canceled_before_acknowledge_is_not_confirmed(self):
        self.account.auto_sale_receipt = True
        [oid] = self.sim.generate_orders(1, lines=2, vouchers=0, shipping=True, seed=8)
        Order = self.env["bocp.emag.order"]
        Order._poll_account(self.account)  # data read while still new
        self.sim.cancel_order(oid, reason=24)  # the customer cancels before our ack
        Order._cron_import_orders()
        order = self.emag_order(oid)
        self.assertEqual(order.emag_status, "0")
        self.assertFalse(order.acknowledged)
        self.assertIn(order.sale_order_id.state, ("cancel",))
        self.assertFalse(
            order.sale_order_id.picking_ids.filtered(lambda p: p.state == "done")
        )

    def test_order_already_canceled_is_not_imported(self):
        [oid] = self.sim.generate_orders(1, lines=1, vouchers=0, shipping=False, seed=9)
        self.sim.cancel_order(oid, reason=2)
        Order = self.env["bocp.emag.order"]
        Order._register_callback(self.account, oid)
        Order._cron_import_orders()
        order = self.emag_order(oid)
        self.assertEqual(order.state, "skipped")
        self.assertFalse(order.sale_order_id)

    def test_totals_match_emag_to_the_ban(self):
        """Each generated order has an eMAG voucher of 10.00 and a seller one of
        20.00: the customer pays eMAG's total; the invoice is 10.00 more (eMAG
        pays that part)."""
        ids = self.sim.generate_orders(15, lines=3, vouchers=2, shipping=True, seed=10)
        self.import_all()
        for oid in ids:
            order = self.emag_order(oid)
            expected = float(self.sim.order_total(oid))
            self.assertAlmostEqual(order.amount_emag_funded, 10.00, places=2)
            self.assertAlmostEqual(
                order.sale_order_id.amount_total, expected + 10.00, places=2
            )
            self.assertAlmostEqual(order.amount_total, expected, places=2)
            self.assertAlmostEqual(order._cod_amount(), expected, places=2)

    def test_sample_file_orders(self):
        path = "tests/emag_simulator/data/orders_sample.json"
        ids = self.sim.load_orders(str(_REPO / path))
        self.import_all()
        for oid in ids:
            order = self.emag_order(oid)
            if self.sim.get_order(oid)["status"] in (1, 2, 3):
                self.assertEqual(order.state, "imported", order.error_message)
                # the invoice less what eMAG pays is what the customer pays
                self.assertAlmostEqual(
                    order.sale_order_id.amount_total - order.amount_emag_funded,
                    float(self.sim.order_total(oid)),
                    places=2,
                )

    def test_auto_sales_receipt_and_notification(self):
        self.account.write(
            {"auto_sale_receipt": True, "notification_emails": "a@firma.ro, b@firma.ro"}
        )
        [oid] = self.sim.generate_orders(1, lines=2, vouchers=0, shipping=True, seed=11)
        self.give_stock(oid)
        self.import_all()
        order = self.emag_order(oid)
        sale = order.sale_order_id
        self.assertEqual(sale.state, "sale")
        self.assertEqual(sale.warehouse_id, self.warehouse)
        delivery = sale.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing"
        )
        self.assertEqual(set(delivery.mapped("state")), {"done"})
        mail = self.env["mail.mail"].search(
            [("model", "=", "bocp.emag.order"), ("res_id", "=", order.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn("a@firma.ro", mail.email_to)
        self.assertIn(str(oid), mail.subject)

    def test_sales_receipt_by_button_only_after_ack(self):
        [oid] = self.sim.generate_orders(
            1, lines=1, vouchers=0, shipping=False, seed=12
        )
        self.import_all()
        order = self.emag_order(oid)
        self.assertEqual(order.sale_order_id.state, "draft")
        self.give_stock(oid)
        self.sale_receipt(order)
        self.assertEqual(order.sale_order_id.state, "sale")

    def test_callback_order_unknown_to_emag(self):
        Order = self.env["bocp.emag.order"]
        Order._register_callback(self.account, 123456789)
        Order._cron_import_orders()
        order = self.emag_order(123456789)
        self.assertEqual(order.state, "error")
        self.assertTrue(order.error_message)
        # a new notification puts it back in the queue
        Order._register_callback(self.account, 123456789)
        self.assertEqual(order.state, "new")

    def test_sample_reference_order_through_simulator(self):
        [oid] = self.sim.seed_orders([sample_order(3000000777)])
        self.import_all()
        order = self.emag_order(oid)
        self.assertEqual(order.locker_id, "dce0b7cf-dc38-11e8-a7d8-001a4a160153")
