"""What the take-over refuses, changing nothing."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import WorkpointCase


@tagged("post_install", "-at_install")
class TestTakeOverRefusals(WorkpointCase):
    def assertUntouched(self, order, pickings, warehouse):
        self.assertEqual(order.warehouse_id, warehouse)
        self.assertEqual(order.picking_ids, pickings)
        self.assertTrue(all(p.state != "cancel" for p in pickings))

    def test_not_enough_free_stock_refused_nothing_changed(self):
        order = self.order([(self.mouse, 4)], self.wh1, confirm=True)
        pickings = order.picking_ids
        states = pickings.mapped("state")

        with self.assertRaises(UserError) as error:
            order._bocp_take_over(self.wh2, validate_delivery=True)

        message = str(error.exception)
        self.assertIn(order.name, message)
        self.assertIn(self.mouse.display_name, message)
        self.assertIn(self.wh2.display_name, message)
        self.assertUntouched(order, pickings, self.wh1)
        self.assertEqual(pickings.mapped("state"), states)
        self.assertEqual(self.free(self.mouse, self.wh1), 1, "still reserved in WH1")
        self.assertEqual(self.free(self.mouse, self.wh2), 3)
        self.assertEqual(self.qty(self.mouse, self.wh2), 3)

    def test_the_orders_together_cannot_take_the_same_pieces(self):
        first = self.order([(self.mouse, 2)], self.wh1)
        second = self.order([(self.mouse, 2)], self.wh1)

        with self.assertRaises(UserError) as error:
            (first | second)._bocp_take_over(self.wh2)

        self.assertIn(first.name, str(error.exception))
        self.assertIn(second.name, str(error.exception))
        self.assertEqual((first | second).mapped("state"), ["draft", "draft"])
        self.assertFalse((first | second).picking_ids)
        self.assertEqual(self.free(self.mouse, self.wh2), 3)

    def test_one_bad_order_stops_the_whole_batch(self):
        good = self.order([(self.cable, 1)], self.wh1)
        bad = self.order([(self.mouse, 1)], self.wh1, confirm=True)
        bad.action_lock()

        with self.assertRaises(UserError):
            (good | bad)._bocp_take_over(self.wh2)

        self.assertEqual(good.state, "draft")
        self.assertFalse(good.picking_ids)

    def test_locked_order_refused(self):
        order = self.order([(self.mouse, 1)], self.wh1, confirm=True)
        order.action_lock()
        pickings = order.picking_ids

        with self.assertRaises(UserError) as error:
            order._bocp_take_over(self.wh2)

        self.assertIn("locked", str(error.exception))
        self.assertUntouched(order, pickings, self.wh1)

    def test_half_shipped_order_refused(self):
        order = self.order([(self.mouse, 4)], self.wh1, confirm=True)
        picking = order.picking_ids
        picking.move_ids.quantity = 2
        picking.move_ids.picked = True
        picking.with_context(cancel_backorder=False)._action_done()
        pickings = order.picking_ids
        self.assertEqual(len(pickings), 2, "shipped 2, backorder of 2")

        for warehouse in (self.wh2, self.wh1):
            with self.assertRaises(UserError) as error:
                order._bocp_take_over(warehouse, validate_delivery=True)
            self.assertIn(picking.name, str(error.exception))
        self.assertUntouched(order, pickings, self.wh1)
        self.assertEqual(self.qty(self.mouse, self.wh1), 3)

    def test_delivery_being_picked_refused(self):
        order = self.order([(self.mouse, 2), (self.cable, 1)], self.wh1, confirm=True)
        picking = order.picking_ids
        picking.move_ids[0].picked = True

        with self.assertRaises(UserError):
            order._bocp_take_over(self.wh2)

        self.assertUntouched(order, picking, self.wh1)

    def test_canceled_order_and_foreign_work_point_refused(self):
        canceled = self.order([(self.cable, 1)], self.wh1)
        canceled._action_cancel()
        other_company = self.env["res.company"].create({"name": "Altă firmă SRL"})
        foreign = self.env["stock.warehouse"].search(
            [("company_id", "=", other_company.id)], limit=1
        )
        order = self.order([(self.cable, 1)], self.wh1)

        with self.assertRaises(UserError):
            canceled._bocp_take_over(self.wh1)
        with self.assertRaises(UserError) as error:
            order._bocp_take_over(foreign)

        self.assertIn("another company", str(error.exception))
        self.assertEqual(order.state, "draft")

    def test_tracked_product_without_lots_refused_with_a_clear_message(self):
        self.company.bocp_allow_negative_stock = True
        tracked = self._storable("Imprimantă laser", tracking="serial")
        order = self.order([(tracked, 1)], self.wh1)

        with self.assertRaises(UserError) as error:
            order._bocp_take_over(self.wh2, validate_delivery=True)

        self.assertIn("serial", str(error.exception))
        self.assertIn(tracked.display_name, str(error.exception))
        self.assertEqual(order.state, "draft", "the confirmation is undone too")
        self.assertFalse(order.picking_ids)
