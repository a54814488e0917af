"""sale.order._bocp_take_over: confirm, re-route, deliver from a work point."""

from odoo.tests import tagged

from .common import WorkpointCase


@tagged("post_install", "-at_install")
class TestTakeOver(WorkpointCase):
    def test_reserved_order_taken_over_from_the_other_work_point(self):
        """Paid online, reserved in WH1, taken over and delivered from WH2."""
        order = self.order([(self.mouse, 2)], self.wh1, confirm=True)
        [old] = order.picking_ids
        self.assertEqual(old.state, "assigned")
        self.assertEqual(self.free(self.mouse, self.wh1), 3)

        done = order._bocp_take_over(self.wh2, validate_delivery=True)

        self.assertEqual(done, order)
        self.assertEqual(old.state, "cancel")
        new = order.picking_ids - old
        self.assertEqual(len(new), 1)
        self.assertEqual(new.state, "done")
        self.assertEqual(new.picking_type_id.warehouse_id, self.wh2)
        self.assertEqual(new.location_id, self.wh2.lot_stock_id)
        self.assertEqual(new.carrier_id, self.carrier, "the carrier is kept")
        self.assertEqual(order.carrier_id, self.carrier)
        self.assertEqual(order.warehouse_id, self.wh2)
        self.assertEqual(order.order_line.warehouse_id, self.wh2)
        self.assertEqual(order.order_line.qty_delivered, 2)
        # 3 - 2 left in WH2; WH1 untouched, its reservation released
        self.assertEqual(self.qty(self.mouse, self.wh2), 1)
        self.assertEqual(self.qty(self.mouse, self.wh1), 5)
        self.assertEqual(self.free(self.mouse, self.wh1), 5)
        self.assertIn(old.name, order.message_ids[0].body)

    def test_reroute_without_delivery_reserves_at_the_new_work_point(self):
        order = self.order([(self.mouse, 2), (self.cable, 4)], self.wh1, confirm=True)
        old = order.picking_ids

        order._bocp_take_over(self.wh2)

        self.assertEqual(old.state, "cancel")
        new = self.open_pickings(order)
        self.assertEqual(new.picking_type_id.warehouse_id, self.wh2)
        self.assertEqual(new.state, "assigned")
        self.assertEqual(new.carrier_id, self.carrier)
        self.assertEqual(self.free(self.mouse, self.wh2), 1)
        self.assertEqual(self.free(self.cable, self.wh2), 6)
        self.assertEqual(self.free(self.mouse, self.wh1), 5)
        self.assertEqual(self.free(self.cable, self.wh1), 10)
        self.assertEqual(self.qty(self.mouse, self.wh2), 3, "nothing delivered yet")

    def test_own_reservation_counts_at_its_work_point(self):
        """All 5 pieces of WH1 reserved by the order itself: free for it."""
        order = self.order([(self.mouse, 5)], self.wh1, confirm=True)
        self.assertEqual(self.free(self.mouse, self.wh1), 0)

        order._bocp_take_over(self.wh1, validate_delivery=True)

        self.assertEqual(order.picking_ids.state, "done")
        self.assertEqual(self.qty(self.mouse, self.wh1), 0)
        self.assertEqual(self.qty(self.mouse, self.wh2), 3)

    def test_quotation_confirmed_from_the_chosen_work_point(self):
        order = self.order([(self.mouse, 3)], self.wh1)
        self.assertEqual(order.state, "draft")

        order._bocp_take_over(self.wh2)

        self.assertEqual(order.state, "sale")
        self.assertEqual(order.warehouse_id, self.wh2)
        self.assertEqual(order.order_line.warehouse_id, self.wh2)
        self.assertEqual(order.picking_ids.picking_type_id.warehouse_id, self.wh2)
        self.assertEqual(order.picking_ids.state, "assigned")
        self.assertEqual(self.free(self.mouse, self.wh2), 0)
        self.assertEqual(self.free(self.mouse, self.wh1), 5)

    def test_own_work_point_kept_when_none_is_given(self):
        first = self.order([(self.mouse, 1)], self.wh1)
        second = self.order([(self.mouse, 1)], self.wh2)

        (first | second)._bocp_take_over(validate_delivery=True)

        self.assertEqual(first.picking_ids.picking_type_id.warehouse_id, self.wh1)
        self.assertEqual(second.picking_ids.picking_type_id.warehouse_id, self.wh2)
        self.assertEqual(self.qty(self.mouse, self.wh1), 4)
        self.assertEqual(self.qty(self.mouse, self.wh2), 2)

    def test_repeated_take_over_does_nothing_twice(self):
        order = self.order([(self.mouse, 2)], self.wh1, confirm=True)
        order._bocp_take_over(self.wh2, validate_delivery=True)
        pickings = order.picking_ids

        again = order._bocp_take_over(self.wh2, validate_delivery=True)

        self.assertFalse(again, "already taken over: nothing done")
        self.assertEqual(order.picking_ids, pickings)
        self.assertEqual(self.qty(self.mouse, self.wh2), 1)

    def test_repeated_take_over_without_delivery_keeps_the_reservation(self):
        order = self.order([(self.mouse, 3)], self.wh1)
        order._bocp_take_over(self.wh2)
        picking = order.picking_ids

        order._bocp_take_over(self.wh2)

        self.assertEqual(order.picking_ids, picking, "no second delivery")
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(self.free(self.mouse, self.wh2), 0)

    def test_delivery_canceled_by_hand_is_made_again(self):
        order = self.order([(self.mouse, 2)], self.wh1, confirm=True)
        order.picking_ids.action_cancel()

        order._bocp_take_over(self.wh1, validate_delivery=True)

        self.assertEqual(order.order_line.qty_delivered, 2)
        self.assertEqual(self.qty(self.mouse, self.wh1), 3)

    def test_negative_stock_when_the_company_allows_it(self):
        self.assertFalse(self.company.bocp_allow_negative_stock, "off by default")
        self.company.bocp_allow_negative_stock = True
        order = self.order([(self.mouse, 4)], self.wh1, confirm=True)

        order._bocp_take_over(self.wh2, validate_delivery=True)

        self.assertEqual(
            order.picking_ids.filtered(
                lambda p: p.state == "done"
            ).picking_type_id.warehouse_id,
            self.wh2,
        )
        self.assertEqual(self.qty(self.mouse, self.wh2), -1)
        self.assertEqual(self.qty(self.mouse, self.wh1), 5)
        self.assertEqual(order.order_line.qty_delivered, 4)

    def test_two_step_delivery_validated_step_after_step(self):
        self.wh2.delivery_steps = "pick_ship"
        order = self.order([(self.mouse, 2)], self.wh1, confirm=True)

        order._bocp_take_over(self.wh2, validate_delivery=True)

        active = order.picking_ids.filtered(lambda p: p.state != "cancel")
        self.assertEqual(len(active), 2, "pick and ship")
        self.assertEqual(set(active.mapped("state")), {"done"})
        self.assertEqual(order.order_line.qty_delivered, 2)
        self.assertEqual(self.qty(self.mouse, self.wh2), 1)
        self.assertEqual(self.qty(self.mouse, self.wh1), 5)

    def test_services_and_consumables_need_no_stock(self):
        service = self.env["product.product"].create(
            {"name": "Montaj", "type": "service", "list_price": 30}
        )
        paper = self.env["product.product"].create(
            {"name": "Hârtie", "type": "consu", "is_storable": False}
        )
        order = self.order([(service, 1), (paper, 7), (self.cable, 1)], self.wh1)

        order._bocp_take_over(self.wh2, validate_delivery=True)

        self.assertEqual(order.picking_ids.state, "done")
        self.assertEqual(self.qty(self.cable, self.wh2), 9)
