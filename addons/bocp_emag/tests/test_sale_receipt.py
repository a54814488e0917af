"""Bon vânzare on the shared take-over: stock checked, never silently negative."""

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import EmagSimCase, sample_order


@tagged("post_install", "-at_install")
class TestSaleReceipt(EmagSimCase):
    def _imported(self, emag_id, stock=0):
        [oid] = self.sim.seed_orders([sample_order(emag_id)])
        if stock:
            self.give_stock(oid, stock)
        self.import_all()
        order = self.emag_order(oid)
        self.assertEqual(order.state, "imported", order.error_message)
        return order

    def qty(self, product, warehouse=None):
        self.env.invalidate_all()
        wh = warehouse or self.warehouse
        return product.with_context(warehouse_id=wh.id).qty_available

    def receipts(self, order):
        return order.message_ids.filtered(lambda m: "Sales receipt issued" in m.body)

    def test_receipt_takes_the_goods_out_of_the_work_point_once(self):
        order = self._imported(3300000001, stock=5)
        sale = order.sale_order_id
        product = sale.order_line.product_id.filtered("is_storable")

        self.sale_receipt(order)

        self.assertEqual(sale.state, "sale")
        self.assertEqual(sale.picking_ids.state, "done")
        self.assertEqual(sale.picking_ids.picking_type_id.warehouse_id, self.warehouse)
        self.assertEqual(self.qty(product), 4)
        self.assertEqual(len(self.receipts(order)), 1)

        self.sale_receipt(order)  # a second click

        self.assertEqual(len(sale.picking_ids), 1)
        self.assertEqual(self.qty(product), 4)
        self.assertEqual(len(self.receipts(order)), 1)

    def test_receipt_without_stock_refused(self):
        order = self._imported(3300000002)
        sale = order.sale_order_id
        product = sale.order_line.product_id.filtered("is_storable")

        with self.assertRaises(UserError) as error:
            self.sale_receipt(order)

        self.assertIn(product.display_name, str(error.exception))
        self.assertIn(self.warehouse.display_name, str(error.exception))
        self.assertEqual(sale.state, "draft")
        self.assertFalse(sale.picking_ids)
        self.assertEqual(self.qty(product), 0, "no negative stock")
        self.assertFalse(self.receipts(order))

    def test_wizard_offers_the_account_work_point(self):
        order = self._imported(3300000003)
        shop = self.env["stock.warehouse"].create(
            {"name": "Magazin Iași", "code": "IAS", "company_id": self.company.id}
        )
        self.account.warehouse_id = shop  # changed after the import
        self.give_stock(order.emag_id, 2)

        action = order.action_sale_receipt()
        form = Form(self.env[action["res_model"]].with_context(**action["context"]))

        self.assertEqual(form.warehouse_id, shop)
        self.assertTrue(form.validate_delivery)
        form.save().action_take_over()
        self.assertEqual(order.sale_order_id.warehouse_id, shop)
        self.assertEqual(order.sale_order_id.picking_ids.state, "done")

    def test_automatic_receipt_without_stock_leaves_an_activity(self):
        self.account.auto_sale_receipt = True

        order = self._imported(3300000004)

        sale = order.sale_order_id
        product = sale.order_line.product_id.filtered("is_storable")
        self.assertTrue(order.acknowledged, "the import itself went through")
        self.assertEqual(self.sim.order_status(order.emag_id), 2)
        self.assertEqual(sale.state, "draft")
        self.assertFalse(sale.picking_ids)
        self.assertEqual(self.qty(product), 0)
        [activity] = order.activity_ids
        self.assertEqual(activity.summary, "Issue the sales receipt")
        self.assertIn(product.display_name, str(activity.note))
        self.assertTrue(
            order.message_ids.filtered(lambda m: "not issued" in m.body),
            "the reason is in the chatter",
        )

    def test_automatic_receipt_with_negative_stock_allowed(self):
        self.company.bocp_allow_negative_stock = True
        self.account.auto_sale_receipt = True

        order = self._imported(3300000005)

        sale = order.sale_order_id
        product = sale.order_line.product_id.filtered("is_storable")
        self.assertEqual(sale.picking_ids.state, "done")
        self.assertEqual(self.qty(product), -1)
        self.assertFalse(order.activity_ids)
