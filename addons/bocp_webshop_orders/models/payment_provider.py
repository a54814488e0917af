from odoo import _, api, fields, models

from odoo.addons.payment import utils as payment_utils

COD_PAYMENT_METHOD_CODES = {"cash_on_delivery"}


class PaymentProvider(models.Model):
    _inherit = "payment.provider"

    # Named as Odoo 19's `delivery` names it, so that an upgrade drops this.
    custom_mode = fields.Selection(
        selection_add=[("cash_on_delivery", "Cash On Delivery")]
    )

    def _get_default_payment_method_codes(self):
        """Override of `payment`: the COD provider uses the COD payment method."""
        if self.custom_mode != "cash_on_delivery":
            return super()._get_default_payment_method_codes()
        return COD_PAYMENT_METHOD_CODES

    @api.model
    def _get_compatible_providers(
        self, *args, sale_order_id=None, report=None, **kwargs
    ):
        """Override of `payment`: cash on delivery only with a carrier that
        allows it (the courier collects the money)."""
        providers = super()._get_compatible_providers(
            *args, sale_order_id=sale_order_id, report=report, **kwargs
        )
        order = self.env["sale.order"].browse(sale_order_id).exists()
        if not order.carrier_id.allow_cash_on_delivery:
            cod = providers.filtered(lambda p: p.custom_mode == "cash_on_delivery")
            providers -= cod
            payment_utils.add_to_report(
                report,
                cod,
                available=False,
                reason=_("cash on delivery not allowed by selected delivery method"),
            )
        return providers
