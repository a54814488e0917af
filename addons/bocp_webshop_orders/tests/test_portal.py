from odoo.tests import HttpCase, tagged

from .common import WebshopCommon


@tagged("post_install", "-at_install")
class TestPortal(WebshopCommon, HttpCase):
    def test_customer_sees_the_status_on_the_portal(self):
        order = self._cod_order()
        order.picking_ids.carrier_tracking_ref = "2150000999"
        preparing = self.env["bocp.webshop.stage"]._get_by_code("preparing")
        preparing.update_field_translations(
            "name",
            {
                lang: "Se pregătește"
                for lang, _name in self.env["res.lang"].get_installed()
            },
        )
        order.bocp_stage_id = preparing
        self.env.flush_all()
        response = self.url_open(order.get_portal_url())
        self.assertEqual(response.status_code, 200)
        self.assertIn("Se pregătește", response.text)
        self.assertIn("2150000999", response.text)
        self.assertIn("bocp_webshop_status", response.text)
