from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import WebshopCommon


@tagged("post_install", "-at_install")
class TestTakeOver(WebshopCommon):
    """The take-over of bocp_sale_workpoint on shop orders ("Preia comanda în
    gestiune"): the order moves to "Taken over" and its customer is told."""

    def _free(self, warehouse):
        return self.product.with_context(warehouse_id=warehouse.id).free_qty

    def _on_hand(self, warehouse):
        return self.product.with_context(warehouse_id=warehouse.id).qty_available

    def _paid_online(self, qty=2):
        order = self._shop_order(carrier=self.cod_carrier, qty=qty)
        self._pay(order, self.card_provider, state="done")
        return order

    def test_online_paid_order_reserved_in_wh1_taken_over_from_wh2(self):
        order = self._paid_online(qty=2)
        self.assertEqual(order.picking_ids.picking_type_id.warehouse_id, self.wh1)
        self.assertEqual(self._free(self.wh1), 3)  # 5 on hand, 2 reserved
        self._flush_tracking()
        action = order.with_user(self.shipper).action_bocp_take_over()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.shipper)
            .with_context(**action["context"])
        )
        wizard.warehouse_id = self.wh2
        wizard.validate_delivery = True
        wizard.save().action_take_over()
        self._flush_tracking()
        # WH2 gave the goods (3 - 2), WH1 kept its 5 and released the reservation
        self.assertEqual(self._on_hand(self.wh2), 1)
        self.assertEqual(self._on_hand(self.wh1), 5)
        self.assertEqual(self._free(self.wh1), 5)
        done = order.picking_ids.filtered(lambda p: p.state == "done")
        self.assertEqual(done.picking_type_id.warehouse_id, self.wh2)
        self.assertEqual(done.carrier_id, self.cod_carrier, "the carrier is kept")
        self.assertEqual(order.warehouse_id, self.wh2)
        self.assertEqual(order.bocp_stage_id.code, "taken")
        mails = self._status_mails(order)
        self.assertEqual(len(mails), 1, "the Taken over e-mail, once")
        self.assertIn(order.bocp_stage_id.name, mails.subject)
        # a second click changes nothing and sends nothing
        order.with_user(self.shipper)._bocp_take_over(self.wh2, validate_delivery=True)
        self._flush_tracking()
        self.assertEqual(len(self._status_mails(order)), 1)
        self.assertEqual(self._on_hand(self.wh2), 1)

    def test_not_enough_stock_refused_nothing_changed(self):
        order = self._paid_online(qty=4)
        picking = order.picking_ids
        with self.assertRaisesRegex(UserError, "cannot be taken over"):
            order._bocp_take_over(self.wh2)  # 3 in WH2
        self.assertEqual(order.picking_ids, picking)
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(order.warehouse_id, self.wh1)
        self.assertEqual(order.bocp_stage_id.code, "new")
        self.assertEqual(self._free(self.wh2), 3)

    def test_locked_or_half_shipped_order_refused(self):
        locked = self._paid_online(qty=1)
        locked.action_lock()
        with self.assertRaisesRegex(UserError, "locked"):
            locked._bocp_take_over(self.wh2)
        self.assertEqual(locked.bocp_stage_id.code, "new")
        half = self._paid_online(qty=2)
        half.picking_ids.move_ids.quantity = 1
        half.picking_ids.move_ids.picked = True
        with self.assertRaises(UserError):
            half._bocp_take_over(self.wh2)
        self.assertEqual(half.bocp_stage_id.code, "new")
        self.assertEqual(half.picking_ids.picking_type_id.warehouse_id, self.wh1)

    def test_many_orders_at_once_from_the_list(self):
        orders = self._cod_order(qty=1) | self._cod_order(qty=1)
        orders._bocp_take_over(self.wh2)
        self.assertEqual(set(orders.mapped("bocp_stage_id.code")), {"taken"})
        self.assertEqual(orders.warehouse_id, self.wh2)

    def test_salesman_without_stock_rights_cannot_take_over(self):
        order = self._cod_order()
        with self.assertRaises(AccessError):
            order.with_user(self.salesman).action_bocp_take_over()
        with self.assertRaises(AccessError):
            order.with_user(self.salesman)._bocp_take_over(self.wh2)
        self.assertEqual(order.bocp_stage_id.code, "new")
