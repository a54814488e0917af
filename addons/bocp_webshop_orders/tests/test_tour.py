from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import FAN_TRACKING_URL


@tagged("post_install", "-at_install")
class TestWebshopTour(HttpCase):
    """Shop checkout paying ramburs -> back office: take over from the second
    work point -> invoice -> ship with an AWB -> the e-mail in the outbox."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.website = env.ref("website.default_website")
        company = cls.website.company_id
        cls.wh1 = env["stock.warehouse"].search(
            [("company_id", "=", company.id)], limit=1
        )
        cls.wh2 = env["stock.warehouse"].create(
            {"name": "Punct de lucru tur", "code": "TUR2", "company_id": company.id}
        )
        cls.website.warehouse_id = cls.wh1
        pricelist = env["product.pricelist"].create(
            {
                "name": "Tur RON",
                "currency_id": company.currency_id.id,
                "website_id": cls.website.id,
                "sequence": 0,
                "selectable": True,
            }
        )
        # the shop sells in RON only (other data may bring EUR pricelists)
        elsewhere = env["website"].create(
            {"name": "Alt site tur", "company_id": company.id}
        )
        env["product.pricelist"].search(
            [
                ("id", "!=", pricelist.id),
                ("website_id", "in", [False, cls.website.id]),
                ("company_id", "in", [False, company.id]),
            ]
        ).website_id = elsewhere
        tax = env["account.tax"].create(
            {
                "name": "TVA 21% tur",
                "amount": 21,
                "type_tax_use": "sale",
                "company_id": company.id,
            }
        )
        cls.product = env["product.product"].create(
            {
                "name": "Cartuș tur",
                "is_storable": True,
                "list_price": 100.0,
                "taxes_id": [Command.set(tax.ids)],
                "invoice_policy": "order",
                "is_published": True,
                "website_id": cls.website.id,
            }
        )
        for warehouse in (cls.wh1, cls.wh2):
            env["stock.quant"]._update_available_quantity(
                cls.product, warehouse.lot_stock_id, 5
            )
        delivery_product = env["product.product"].create(
            {
                "name": "Livrare tur",
                "type": "service",
                "list_price": 20.0,
                "taxes_id": [Command.set(tax.ids)],
            }
        )
        cls.carrier = env["delivery.carrier"].create(
            {
                "name": "Curier tur ramburs",
                "delivery_type": "fixed",
                "fixed_price": 20.0,
                "product_id": delivery_product.id,
                "allow_cash_on_delivery": True,
                "tracking_url": FAN_TRACKING_URL,
                "is_published": True,
                "website_id": cls.website.id,
                "sequence": 1,
            }
        )
        cls.cod_provider = env.ref(
            "bocp_webshop_orders.payment_provider_cash_on_delivery"
        )
        cls.cod_provider.write(
            {"state": "enabled", "is_published": True, "company_id": company.id}
        )
        env["ir.mail_server"].search([]).unlink()

    def test_checkout_ramburs_then_back_office(self):
        self.start_tour("/shop?search=Cartuș tur", "bocp_webshop_checkout_cod")
        order = self.env["sale.order"].search(
            [("partner_id.name", "=", "Ion Tur")], order="id desc", limit=1
        )
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.partner_id.state_id, self.env.ref("base.RO_CJ"))
        self.assertEqual(order.carrier_id, self.carrier)
        self.assertEqual(order.bocp_payment_state, "on_delivery")
        self.assertEqual(order.transaction_ids.state, "pending")
        self.assertFalse(order.invoice_ids)
        self.assertEqual(order.picking_ids.picking_type_id.warehouse_id, self.wh1)

        self.start_tour(
            "/odoo/action-bocp_webshop_orders.action_webshop_orders",
            "bocp_webshop_backoffice",
            login="admin",
        )
        picking = order.picking_ids.filtered(lambda p: p.state == "done")
        self.assertEqual(picking.carrier_tracking_ref, "2150000777")
        self.assertEqual(order.invoice_ids.state, "posted")
        self.assertEqual(order.bocp_stage_id.code, "shipped")
        mail = self.env["mail.mail"].search(
            [
                ("model", "=", "sale.order"),
                ("res_id", "=", order.id),
                ("body_html", "ilike", "2150000777"),
            ]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing")
