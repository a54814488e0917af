"""The take-over wizard, driven as a user would (Form)."""

from odoo.tests import Form, tagged

from .common import WorkpointCase


@tagged("post_install", "-at_install")
class TestTakeOverWizard(WorkpointCase):
    def lines(self, form, product=None):
        """The wizard lines as the user sees them (values by field)."""
        return [
            values
            for values in form.line_ids._records
            if product is None or values["product_id"] == product.id
        ]

    def wizard(self, orders):
        action = orders.action_bocp_take_over()
        self.assertEqual(action["res_model"], "bocp.sale.take.over")
        return Form(self.env[action["res_model"]].with_context(**action["context"]))

    def test_free_stock_per_work_point_with_the_order_reservation(self):
        order = self.order([(self.mouse, 2), (self.cable, 1)], self.wh1, confirm=True)
        # another order's reservation is not free for this one
        self.order([(self.mouse, 1)], self.wh2, confirm=True)

        form = self.wizard(order)

        self.assertEqual(form.warehouse_id, self.wh1, "the order's work point")
        [mouse] = self.lines(form, self.mouse)
        # WH1: 5 in stock, 2 reserved by this very order -> 5; WH2: 3 - 1 -> 2
        self.assertEqual(mouse["free_qty_by_warehouse"][str(self.wh1.id)], 5)
        self.assertEqual(mouse["free_qty_by_warehouse"][str(self.wh2.id)], 2)
        self.assertEqual(mouse["free_qty"], 5)
        self.assertEqual(mouse["product_qty"], 2)
        self.assertFalse(mouse["is_short"])
        self.assertIn(self.wh1.code, mouse["free_qty_summary"])
        self.assertIn(self.wh2.code, mouse["free_qty_summary"])

        form.warehouse_id = self.wh2
        [mouse] = self.lines(form, self.mouse)
        self.assertEqual(mouse["warehouse_id"], self.wh2.id)
        self.assertEqual(mouse["free_qty"], 2)
        self.assertFalse(form.has_shortage)

    def test_shortage_shown_before_the_take_over(self):
        order = self.order([(self.mouse, 4)], self.wh1)
        form = self.wizard(order)
        self.assertFalse(form.has_shortage)
        form.warehouse_id = self.wh2
        self.assertTrue(form.has_shortage)
        self.assertTrue(self.lines(form)[0]["is_short"])

    def test_several_orders_taken_over_and_delivered_at_once(self):
        quotation = self.order([(self.mouse, 1)], self.wh1)
        confirmed = self.order(
            [(self.mouse, 1), (self.cable, 2)], self.wh1, confirm=True
        )
        orders = quotation | confirmed

        form = self.wizard(orders)
        self.assertEqual(len(form.line_ids), 3)
        form.warehouse_id = self.wh2
        form.validate_delivery = True
        form.save().action_take_over()

        self.assertEqual(orders.mapped("state"), ["sale", "sale"])
        self.assertEqual(orders.warehouse_id, self.wh2)
        delivered = orders.picking_ids.filtered(lambda p: p.state == "done")
        self.assertEqual(len(delivered), 2)
        self.assertEqual(delivered.picking_type_id.warehouse_id, self.wh2)
        self.assertEqual(self.qty(self.mouse, self.wh2), 1)
        self.assertEqual(self.qty(self.cable, self.wh2), 8)
        self.assertEqual(self.qty(self.mouse, self.wh1), 5)

    def test_orders_of_different_work_points_keep_their_own(self):
        first = self.order([(self.mouse, 1)], self.wh1)
        second = self.order([(self.mouse, 1)], self.wh2)

        form = self.wizard(first | second)
        self.assertFalse(form.warehouse_id)
        lines = {li["order_id"]: li for li in self.lines(form)}
        self.assertEqual(lines[first.id]["warehouse_id"], self.wh1.id)
        self.assertEqual(lines[second.id]["warehouse_id"], self.wh2.id)
        form.save().action_take_over()

        self.assertEqual(first.picking_ids.picking_type_id.warehouse_id, self.wh1)
        self.assertEqual(second.picking_ids.picking_type_id.warehouse_id, self.wh2)

    def test_negative_stock_setting_in_the_settings(self):
        Settings = self.env["res.config.settings"]
        arch = Settings.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="bocp_allow_negative_stock"', arch)
        self.assertFalse(Settings.create({}).bocp_allow_negative_stock)
        Settings.create({"bocp_allow_negative_stock": True}).execute()
        self.assertTrue(self.company.bocp_allow_negative_stock)

    def test_free_stock_read_in_the_same_queries_for_2_or_20_lines(self):
        def queries(order):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            free = order._bocp_free_qty_by_line(self.wh1 | self.wh2)
            self.assertEqual(len(free), len(order.order_line))
            return self.env.cr.sql_log_count - before

        small = self.order([(self.mouse, 1), (self.cable, 1)], self.wh1, confirm=True)
        products = [self._storable(f"Toner {i}") for i in range(20)]
        for product in products:
            self.stock(product, self.wh1, 2)
        large = self.order([(p, 1) for p in products], self.wh1, confirm=True)

        self.assertEqual(queries(small), queries(large))
