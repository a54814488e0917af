"""Two users taking the same order over at once: one take-over."""

import threading

import psycopg2.errors

from odoo import Command, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger


@tagged("post_install", "-at_install")
class TestTakeOverConcurrency(TransactionCase):
    """Works in committed transactions of its own and removes what it made."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            wh1 = env["stock.warehouse"].search(
                [("company_id", "=", env.company.id)], limit=1
            )
            product = env["product.product"].create(
                {"name": "Toner concurență", "type": "consu", "is_storable": True}
            )
            env["stock.quant"]._update_available_quantity(product, wh1.lot_stock_id, 3)
            partner = env["res.partner"].create({"name": "Client concurență"})
            order = env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "warehouse_id": wh1.id,
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": 2})
                    ],
                }
            )
            cls.data = {
                "order": order.id,
                "warehouse": wh1.id,
                "product": product.id,
                "partner": partner.id,
            }
        cls.addClassCleanup(cls._remove_data)

    @classmethod
    def _remove_data(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            order = env["sale.order"].browse(cls.data["order"])
            order.picking_ids.action_cancel()
            order.picking_ids.unlink()
            order._action_cancel()
            order.unlink()
            cr.execute(
                SQL(
                    "DELETE FROM stock_quant WHERE product_id = %s", cls.data["product"]
                )
            )
            env["product.product"].browse(cls.data["product"]).product_tmpl_id.unlink()
            env["res.partner"].browse(cls.data["partner"]).unlink()

    def _take_over(self, cr):
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        order = env["sale.order"].browse(self.data["order"])
        return order._bocp_take_over(
            env["stock.warehouse"].browse(self.data["warehouse"])
        )

    def test_two_users_at_once_take_the_order_over_once(self):
        outcome = {}
        # the second user's transaction (its environment made here: a thread
        # cannot reach the registry while the tests run)
        cr_b = self.registry.cursor()
        env_b = api.Environment(cr_b, api.SUPERUSER_ID, {})
        order_b = env_b["sale.order"].browse(self.data["order"])
        warehouse_b = env_b["stock.warehouse"].browse(self.data["warehouse"])

        def second_user():
            try:
                with mute_logger("odoo.sql_db"):
                    outcome["taken"] = order_b._bocp_take_over(warehouse_b).ids
            except psycopg2.errors.SerializationFailure as exc:
                outcome["error"] = exc

        try:
            with self.registry.cursor() as cr:
                self.assertEqual(self._take_over(cr).ids, [self.data["order"]])
                thread = threading.Thread(target=second_user)
                thread.start()
                thread.join(timeout=1)
                self.assertTrue(thread.is_alive(), "the second waits for the first")
            thread.join(timeout=30)
        finally:
            cr_b.close()
        # the second waited for the first, then failed to serialize: Odoo
        # replays its request, which finds the order taken over
        self.assertNotIn("taken", outcome, outcome)
        self.assertIsInstance(
            outcome.get("error"), psycopg2.errors.SerializationFailure
        )
        with self.registry.cursor() as cr:
            self._take_over(cr)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            order = env["sale.order"].browse(self.data["order"])
            self.assertEqual(order.state, "sale")
            self.assertEqual(len(order.picking_ids), 1, "one delivery")
            self.assertEqual(
                order.picking_ids.picking_type_id.warehouse_id.id,
                self.data["warehouse"],
            )
