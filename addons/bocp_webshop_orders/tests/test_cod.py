from odoo import Command
from odoo.tests import tagged

from .common import WebshopCommon


@tagged("post_install", "-at_install")
class TestCashOnDelivery(WebshopCommon):
    def test_cod_order_confirmed_reserved_unpaid_uninvoiced(self):
        self.env["ir.config_parameter"].sudo().set_param("sale.automatic_invoice", True)
        order = self._shop_order(carrier=self.cod_carrier, qty=2)
        tx = self._pay(order, self.cod_provider)
        self.assertEqual(tx.state, "pending")
        self.assertEqual(order.state, "sale")
        picking = order.picking_ids
        self.assertEqual(len(picking), 1)
        self.assertEqual(picking.picking_type_id.warehouse_id, self.wh1)
        self.assertEqual(picking.state, "assigned")
        # 5 in WH1, 2 reserved by the order
        self.assertEqual(
            self.product.with_context(warehouse_id=self.wh1.id).free_qty, 3
        )
        self.assertEqual(order.amount_paid, 0)
        self.assertFalse(order.invoice_ids)
        self.assertEqual(order.bocp_payment_state, "on_delivery")
        self.assertEqual(order.bocp_payment_provider_id, self.cod_provider)
        self.assertEqual(order.bocp_payment_method_id.code, "cash_on_delivery")
        self.assertEqual(order.bocp_stage_id.code, "new")

    def test_cod_post_processing_is_idempotent(self):
        order = self._shop_order(carrier=self.cod_carrier)
        tx = self._pay(order, self.cod_provider)
        tx._post_process()
        self.assertEqual(len(order.picking_ids), 1)
        self.assertEqual(order.state, "sale")

    def test_cod_fee_through_the_provider(self):
        """The COD fee (taxa ramburs) is OCA website_sale_charge_payment_fee's
        fee line of the COD provider: 2 x 100, courier 20 and fee 15, all with
        21% VAT."""
        fee = self.env["product.product"].create(
            {
                "name": "Taxă ramburs",
                "type": "service",
                "taxes_id": [Command.set(self.tax.ids)],
            }
        )
        self.cod_provider.write(
            {
                "charge_fee": True,
                "charge_fee_product_id": fee.id,
                "charge_fee_type": "fixed",
                "charge_fee_fixed_price": 15.0,
                "charge_fee_currency_id": self.company.currency_id.id,
            }
        )
        order = self._shop_order(carrier=self.cod_carrier, qty=2)
        order.update_fee_line(self.cod_provider)
        self.assertAlmostEqual(order.amount_total, (2 * 100 + 20 + 15) * 1.21)
        tx = self._pay(order, self.cod_provider)
        self.assertAlmostEqual(tx.amount, 284.35)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.bocp_payment_state, "on_delivery")
