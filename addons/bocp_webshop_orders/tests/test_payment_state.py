from odoo.tests import tagged

from .common import WebshopCommon


@tagged("post_install", "-at_install")
class TestPaymentState(WebshopCommon):
    def test_payment_columns_of_card_wire_and_cod_orders(self):
        card = self._shop_order(carrier=self.other_carrier)
        self._pay(card, self.card_provider, state="done")
        wire = self._shop_order(carrier=self.other_carrier)
        self._pay(wire, self.wire_provider, state="pending")
        cod = self._cod_order()
        authorized = self._shop_order(carrier=self.other_carrier)
        self._pay(authorized, self.card_provider, state="authorized")
        cart = self._shop_order(carrier=self.other_carrier)

        self.assertEqual(card.bocp_payment_state, "paid")
        self.assertEqual(card.state, "sale")
        self.assertEqual(card.bocp_payment_provider_id, self.card_provider)
        self.assertEqual(wire.bocp_payment_state, "pending")
        self.assertEqual(wire.state, "sent")
        self.assertEqual(wire.bocp_payment_method_id.code, "wire_transfer")
        self.assertEqual(cod.bocp_payment_state, "on_delivery")
        self.assertEqual(authorized.bocp_payment_state, "authorized")
        self.assertEqual(cart.bocp_payment_state, "unpaid")
        self.assertFalse(cart.bocp_payment_provider_id)

        orders = card | wire | cod | authorized | cart
        Order = self.env["sale.order"]
        self.assertEqual(
            Order.search(
                [("id", "in", orders.ids), ("bocp_payment_state", "=", "pending")]
            ),
            wire,
        )
        self.assertEqual(
            Order.search(
                [("id", "in", orders.ids), ("bocp_payment_state", "=", "on_delivery")]
            ),
            cod,
        )
        groups = Order.read_group(
            [("id", "in", orders.ids)], ["bocp_payment_state"], ["bocp_payment_state"]
        )
        self.assertEqual(len(groups), 5)

    def test_payment_state_follows_the_transaction(self):
        wire = self._shop_order(carrier=self.other_carrier)
        tx = self._pay(wire, self.wire_provider, state="pending")
        self.assertEqual(wire.bocp_payment_state, "pending")
        tx._set_done()
        self.assertEqual(wire.bocp_payment_state, "paid")

    def test_cod_order_paid_when_its_invoice_is_paid(self):
        order = self._cod_order()
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertEqual(order.bocp_payment_state, "on_delivery")
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(order.bocp_payment_state, "paid")

    def test_wire_transfer_of_a_romanian_customer(self):
        """Core's Romanian "Payment Done" e-mail renders again (18.0's
        translation lost a line), so the pending wire order is processed."""
        self.env["res.lang"]._activate_lang("ro_RO")
        self.env["ir.module.module"]._load_module_terms(
            ["sale"], ["ro_RO"], overwrite=True
        )
        self.customer.lang = "ro_RO"
        order = self._shop_order(carrier=self.other_carrier)
        self._pay(order, self.wire_provider, state="pending")
        self.assertEqual(order.state, "sent")
        self.assertEqual(order.bocp_payment_state, "pending")
        message = order.message_ids.filtered(lambda m: self.customer in m.partner_ids)
        self.assertEqual(len(message), 1)
        self.assertIn(order.transaction_ids.reference, message.body)

    def test_cancelled_cod_order_is_no_longer_to_collect(self):
        order = self._cod_order()
        order.with_context(disable_cancel_warning=True).action_cancel()
        self.assertEqual(order.bocp_payment_state, "unpaid")
