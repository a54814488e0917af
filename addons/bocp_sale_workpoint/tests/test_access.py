"""Take-over needs sales and stock rights."""

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import WorkpointCase


@tagged("post_install", "-at_install")
class TestTakeOverAccess(WorkpointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env, login="vanzator", groups="sales_team.group_sale_salesman"
        )
        cls.storekeeper = new_test_user(
            cls.env,
            login="gestionar",
            groups="sales_team.group_sale_salesman,stock.group_stock_user",
        )

    def bindings(self, user):
        actions = (
            self.env["ir.actions.actions"].with_user(user).get_bindings("sale.order")
        )
        return {a["id"] for a in actions.get("action", [])}

    def test_salesman_without_stock_rights_cannot_take_over(self):
        order = self.order([(self.mouse, 1)], self.wh1, confirm=True)
        order.user_id = self.salesman  # his own order: only the stock rights lack
        as_salesman = order.with_user(self.salesman)

        with self.assertRaises(AccessError):
            as_salesman.action_bocp_take_over()
        with self.assertRaises(AccessError):
            as_salesman._bocp_take_over(self.wh2)
        with self.assertRaises(AccessError):
            self.env["bocp.sale.take.over"].with_user(self.salesman).create(
                {"sale_order_ids": order.ids}
            )
        self.assertEqual(order.warehouse_id, self.wh1)
        action = self.env.ref("bocp_sale_workpoint.action_server_bocp_take_over")
        self.assertNotIn(action.id, self.bindings(self.salesman))

    def test_salesman_with_stock_rights_takes_over(self):
        order = self.order([(self.mouse, 1)], self.wh1, confirm=True)
        order.user_id = self.storekeeper
        action = self.env.ref("bocp_sale_workpoint.action_server_bocp_take_over")
        self.assertIn(action.id, self.bindings(self.storekeeper))

        result = (
            action.with_user(self.storekeeper)
            .with_context(
                active_model="sale.order", active_ids=order.ids, active_id=order.id
            )
            .run()
        )
        form = Form(
            self.env[result["res_model"]]
            .with_user(self.storekeeper)
            .with_context(**result["context"])
        )
        form.warehouse_id = self.wh2
        form.validate_delivery = True
        form.save().action_take_over()

        self.assertEqual(order.warehouse_id, self.wh2)
        self.assertEqual(self.qty(self.mouse, self.wh2), 2)
