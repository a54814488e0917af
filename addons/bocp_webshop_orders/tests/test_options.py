from odoo import Command
from odoo.tests import Form, tagged

from .common import WebshopCommon


@tagged("post_install", "-at_install")
class TestOrderOptions(WebshopCommon):
    def test_one_screen_publishes_carriers_and_providers(self):
        other_site = self.env["website"].create({"name": "Alt magazin"})
        foreign = self._carrier("Doar pe celălalt site", 10.0, cod=False)
        foreign.website_id = other_site
        form = Form(self.env["bocp.webshop.options"])
        form.website_id = self.website
        self.assertIn(self.cod_carrier.id, form.carrier_ids.ids)
        self.assertNotIn(foreign.id, form.carrier_ids.ids)
        self.assertIn(self.cod_provider.id, form.provider_ids.ids)
        # what the screen sends when lines are ticked and "Publish" is clicked
        options = self.env["bocp.webshop.options"].create(
            {
                "website_id": self.website.id,
                "carrier_ids": [
                    Command.update(
                        self.other_carrier.id,
                        {"is_published": False, "allow_cash_on_delivery": True},
                    )
                ],
                "provider_ids": [
                    Command.update(self.wire_provider.id, {"is_published": False})
                ],
            }
        )
        options.action_publish()
        self.assertFalse(self.other_carrier.is_published)
        self.assertTrue(self.other_carrier.allow_cash_on_delivery)
        self.assertFalse(self.wire_provider.is_published)
        self.assertNotIn(self.other_carrier, self._shop_order()._get_delivery_methods())
