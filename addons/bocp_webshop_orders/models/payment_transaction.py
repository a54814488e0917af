from odoo import _, api, models
from odoo.exceptions import ValidationError


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    @api.model_create_multi
    def create(self, vals_list):
        transactions = super().create(vals_list)
        transactions._check_cash_on_delivery_carrier()
        return transactions

    def _check_cash_on_delivery_carrier(self):
        """The checkout only offers cash on delivery with a carrier allowing it;
        refuse a transaction forged around that (a direct call of the route)."""
        for tx in self.filtered(
            lambda t: t.provider_id.custom_mode == "cash_on_delivery"
        ):
            orders = tx.sale_order_ids
            if orders and not all(orders.carrier_id.mapped("allow_cash_on_delivery")):
                raise ValidationError(
                    _(
                        "Cash on delivery is not available with the delivery method "
                        "of order %(orders)s.",
                        orders=", ".join(orders.mapped("name")),
                    )
                )

    def _bocp_is_cash_on_delivery(self):
        self.ensure_one()
        return self.provider_id.custom_mode == "cash_on_delivery"

    def _post_process(self):
        """Override of `payment`: a cash-on-delivery order is confirmed at checkout
        (its delivery reserves the stock) while its transaction stays pending: it
        is a promise, not a payment, so nothing is invoiced or marked as paid.

        The orders are confirmed before `sale` post-processes the pending
        transaction, so the customer gets the order confirmation only, not also
        the "pending payment" e-mail (as `website_sale_collect` does for on-site
        payments)."""
        cod_txs = self.filtered(
            lambda tx: tx.state == "pending" and tx._bocp_is_cash_on_delivery()
        )
        cod_txs.sale_order_ids.filtered(
            lambda so: so.state in ("draft", "sent")
        ).with_context(send_email=True).action_confirm()
        return super()._post_process()
