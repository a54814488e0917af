from odoo import api, fields, models


class DeliveryCarrier(models.Model):
    _inherit = "delivery.carrier"

    # Named as Odoo 19's `delivery` names it, so that an upgrade drops this field.
    allow_cash_on_delivery = fields.Boolean(
        string="Cash on Delivery",
        compute="_compute_allow_cash_on_delivery",
        store=True,
        readonly=False,
        help="Allow customers to choose Cash on Delivery as their payment method "
        "with this delivery method (the courier collects the money).",
    )

    @api.depends("delivery_type")
    def _compute_allow_cash_on_delivery(self):
        """A pick-up in store is paid on site, never by the courier."""
        self.filtered(
            lambda c: c.delivery_type == "in_store"
        ).allow_cash_on_delivery = False
