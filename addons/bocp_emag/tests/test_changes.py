"""eMAG-side changes applied to the Odoo order, with a chatter message."""

from odoo.tests import tagged

from .common import EmagSimCase


@tagged("post_install", "-at_install")
class TestEmagChanges(EmagSimCase):
    def _imported(self, seed, **kwargs):
        [oid] = self.sim.generate_orders(1, seed=seed, **kwargs)
        self.give_stock(oid)
        self.import_all()
        return oid, self.emag_order(oid)

    def _poll(self):
        # the poll reads changes since its last run
        self.account.last_poll_at = self.account.last_poll_at.replace(year=2000)
        self.env["bocp.emag.order"]._poll_account(self.account)

    def test_storno_adjusts_the_delivered_sale(self):
        self.account.auto_sale_receipt = True
        oid, order = self._imported(20, lines=2, vouchers=0, shipping=True)
        sale = order.sale_order_id
        self.assertEqual(sale.state, "sale")
        line = self.sim.get_order(oid)["products"][0]
        self.sim.set_order_status(oid, 4)
        self.sim.storno_line(oid, line["id"], 1)
        before = sale.amount_total
        self._poll()
        sol = sale.order_line.filtered(
            lambda li: li.bocp_emag_line_key == "p:{}".format(line["id"])
        )
        self.assertEqual(sol.product_uom_qty, line["quantity"] - 1)
        self.assertEqual(
            sol.qty_delivered, line["quantity"] - 1, "the storno was received back"
        )
        self.assertLess(sale.amount_total, before)
        self.assertIn("storno", order.message_ids[0].body.lower())
        returns = sale.picking_ids.filtered(lambda p: p.picking_type_code == "incoming")
        self.assertEqual(returns.state, "done")

    def test_quantity_change_on_a_quotation(self):
        oid, order = self._imported(21, lines=2, vouchers=0, shipping=False)
        line = self.sim.get_order(oid)["products"][1]
        self.sim.update_line(oid, line["id"], status=0)
        self._poll()
        sol = order.sale_order_id.order_line.filtered(
            lambda li: li.bocp_emag_line_key == "p:{}".format(line["id"])
        )
        self.assertEqual(sol.product_uom_qty, 0)
        self.assertIn(sol.name, order.message_ids[0].body)

    def test_cancellation_after_acknowledge(self):
        oid, order = self._imported(22, lines=1, vouchers=0, shipping=False)
        self.sim.cancel_order(oid, reason=24)
        self._poll()
        self.assertEqual(order.emag_status, "0")
        self.assertEqual(order.sale_order_id.state, "cancel")
        self.assertIn("canceled", order.message_ids[0].body.lower())

    def test_cancellation_after_delivery_asks_for_action(self):
        self.account.auto_sale_receipt = True
        oid, order = self._imported(23, lines=1, vouchers=0, shipping=False)
        self.sim.cancel_order(oid, reason=24)
        self._poll()
        self.assertEqual(order.sale_order_id.state, "sale")
        self.assertTrue(order.activity_ids)

    def test_returned_order_is_noted(self):
        oid, order = self._imported(24, lines=1, vouchers=0, shipping=False)
        self.sim.set_order_status(oid, 5)
        self._poll()
        self.assertEqual(order.emag_status, "5")
        self.assertIn("credit note", order.message_ids[0].body)
