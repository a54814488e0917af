from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.bocp_webshop_orders.controllers.main import WebshopCheckout

from .common import WebshopCommon


@tagged("post_install", "-at_install")
class TestCheckout(WebshopCommon):
    def _compatible(self, order):
        """As the checkout asks, for a visitor (only published providers)."""
        public = self.env.ref("base.public_user")
        return (
            self.env["payment.provider"]
            .with_user(public)
            .sudo()
            ._get_compatible_providers(
                self.company.id,
                order.partner_id.id,
                order.amount_total,
                sale_order_id=order.id,
                website_id=self.website.id,
            )
        )

    def test_checkout_offers_exactly_the_published_carriers(self):
        self.other_carrier.is_published = False
        order = self._shop_order()
        carriers = order._get_delivery_methods()
        self.assertIn(self.cod_carrier, carriers)
        self.assertNotIn(self.other_carrier, carriers)
        self.other_carrier.is_published = True
        self.assertIn(self.other_carrier, order._get_delivery_methods())

    def test_checkout_offers_exactly_the_published_providers(self):
        order = self._shop_order(carrier=self.cod_carrier)
        self.assertEqual(
            self._compatible(order)
            & (self.cod_provider | self.wire_provider | self.card_provider),
            self.cod_provider | self.wire_provider | self.card_provider,
        )
        self.wire_provider.is_published = False
        providers = self._compatible(order)
        self.assertNotIn(self.wire_provider, providers)
        self.assertIn(self.cod_provider, providers)

    def test_cash_on_delivery_only_with_carriers_that_allow_it(self):
        with_cod = self._shop_order(carrier=self.cod_carrier)
        without_cod = self._shop_order(carrier=self.other_carrier)
        no_carrier = self._shop_order()
        self.assertIn(self.cod_provider, self._compatible(with_cod))
        self.assertNotIn(self.cod_provider, self._compatible(without_cod))
        self.assertNotIn(self.cod_provider, self._compatible(no_carrier))
        # the other providers stay offered with the courier without COD
        self.assertIn(self.wire_provider, self._compatible(without_cod))

    def test_availability_report_says_why_cod_is_missing(self):
        order = self._shop_order(carrier=self.other_carrier)
        report = {}
        self.env["payment.provider"]._get_compatible_providers(
            self.company.id,
            order.partner_id.id,
            order.amount_total,
            sale_order_id=order.id,
            website_id=self.website.id,
            report=report,
        )
        entry = report["providers"][self.cod_provider]
        self.assertFalse(entry["available"])
        self.assertIn("cash on delivery", entry["reason"])

    def test_cod_transaction_refused_with_a_carrier_without_cod(self):
        order = self._shop_order(carrier=self.other_carrier)
        with self.assertRaises(ValidationError):
            self._pay(order, self.cod_provider)

    def test_cod_provider_uses_the_cod_payment_method(self):
        method = self.env.ref("bocp_webshop_orders.payment_method_cash_on_delivery")
        self.assertEqual(method.code, "cash_on_delivery")
        self.assertEqual(self.cod_provider.custom_mode, "cash_on_delivery")
        self.assertEqual(
            self.cod_provider._get_default_payment_method_codes(), {"cash_on_delivery"}
        )
        self.assertIn(method, self.cod_provider.payment_method_ids)

    def test_checkout_asks_the_county_for_romanian_addresses(self):
        controller = WebshopCheckout()
        self.assertIn("state_id", controller._get_mandatory_address_fields(self.ro))
        self.assertIn(
            "state_id", controller._get_mandatory_billing_address_fields(self.ro)
        )
        france = self.env.ref("base.fr")
        self.assertNotIn("state_id", controller._get_mandatory_address_fields(france))

    def test_several_websites_each_their_own_options(self):
        other_site = self.env["website"].create(
            {"name": "Al doilea magazin", "company_id": self.company.id}
        )
        self.other_carrier.website_id = other_site
        self.wire_provider.website_id = other_site
        order = self._shop_order(carrier=self.cod_carrier)
        # as in the checkout's request, the current website in the context
        in_shop = order.with_context(website_id=self.website.id)
        self.assertNotIn(self.other_carrier, in_shop._get_delivery_methods())
        self.assertIn(self.cod_carrier, in_shop._get_delivery_methods())
        providers = self._compatible(order)
        self.assertNotIn(self.wire_provider, providers)
        self.assertIn(self.cod_provider, providers)
