from odoo.exceptions import AccessError
from odoo.tests import tagged

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
