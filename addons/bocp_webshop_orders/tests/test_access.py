from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import WebshopCommon


@tagged("post_install", "-at_install")
class TestAccess(WebshopCommon):
    def test_salesman_sees_the_list_and_changes_statuses(self):
        order = self._cod_order()
        action = self.env.ref("bocp_webshop_orders.action_webshop_orders")
        Order = self.env["sale.order"].with_user(self.salesman)
        self.assertIn(order, Order.search(eval(action.domain)))
        rows = Order.web_search_read(
            [("id", "=", order.id)],
            {
                "bocp_stage_id": {"fields": {"display_name": {}}},
                "bocp_payment_state": {},
                "bocp_payment_provider_id": {"fields": {"display_name": {}}},
                "bocp_awb": {},
                "carrier_id": {"fields": {"display_name": {}}},
                "warehouse_id": {"fields": {"display_name": {}}},
            },
        )
        self.assertEqual(rows["records"][0]["bocp_payment_state"], "on_delivery")
        preparing = self.env["bocp.webshop.stage"]._get_by_code("preparing")
        order.with_user(self.salesman).bocp_stage_id = preparing
        self.assertEqual(order.bocp_stage_id, preparing)

    def test_salesman_cannot_configure_statuses(self):
        with self.assertRaises(AccessError):
            self.env["bocp.webshop.stage"].with_user(self.salesman).create(
                {"name": "X"}
            )

    def test_ship_wizard_needs_stock_rights(self):
        order = self._cod_order()
        with self.assertRaises(AccessError):
            self.env["bocp.webshop.ship.wizard"].with_user(self.salesman).create(
                {"order_id": order.id}
            )
        wizard = (
            self.env["bocp.webshop.ship.wizard"]
            .with_user(self.shipper)
            .create({"order_id": order.id, "awb": "1"})
        )
        self.assertEqual(wizard.picking_id, order.picking_ids)

    def test_warehouse_worker_validates_receipts_and_shop_deliveries(self):
        """A stock user without sales rights validates a receipt (no shop
        status is read) and a shop delivery with its AWB (the order moves to
        Shipped): the shop's statuses never stop the warehouse."""
        worker = new_test_user(
            self.env, login="magazioner", groups="stock.group_stock_user"
        )
        receipt = self.env["stock.picking"].create(
            {
                "picking_type_id": self.wh1.in_type_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": self.product2.name,
                            "product_id": self.product2.id,
                            "product_uom_qty": 4,
                            "location_id": self.wh1.in_type_id.default_location_src_id.id,
                            "location_dest_id": self.wh1.lot_stock_id.id,
                        }
                    )
                ],
            }
        )
        receipt.action_confirm()
        receipt.move_ids.write({"quantity": 4, "picked": True})
        receipt.with_user(worker).button_validate()
        self.assertEqual(receipt.state, "done")

        order = self._cod_order()
        delivery = order.picking_ids.with_user(worker)
        delivery.carrier_tracking_ref = "FAN123"
        delivery.move_ids.picked = True
        delivery.button_validate()
        self.assertEqual(delivery.state, "done")
        self.assertEqual(order.bocp_stage_id.code, "shipped")
