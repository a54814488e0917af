from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import WebshopCommon


@tagged("post_install", "-at_install")
class TestShipping(WebshopCommon):
    def _ship(self, order, awb="2150000123", without_awb=False, user=None):
        env = self.env(user=user) if user else self.env
        action = order.with_env(env).action_bocp_ship()
        form = Form(env[action["res_model"]].with_context(**action["context"]))
        if without_awb:
            form.without_awb = True
        else:
            form.awb = awb
        return form.save().action_ship()

    def _send_composer(self, action):
        composer = Form(
            self.env[action["res_model"]].with_context(**action["context"])
        ).save()
        composer.action_send_mail()

    def test_ship_writes_the_awb_validates_and_opens_the_composer(self):
        order = self._cod_order()
        self._flush_tracking()
        action = self._ship(order, awb=" 2150000123 ")
        picking = order.picking_ids
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.carrier_tracking_ref, "2150000123")
        self.assertEqual(picking.carrier_id, self.cod_carrier)
        url = "https://www.fancourier.ro/awb-tracking/?tracking=2150000123"
        self.assertEqual(picking.carrier_tracking_url, url)
        self.assertEqual(order.bocp_stage_id.code, "shipped")
        self.assertEqual(order.bocp_tracking_url, url)
        # the Shipped status asks for the composer, pre-filled with its template
        self.assertEqual(action["res_model"], "mail.compose.message")
        self.assertEqual(
            action["context"]["default_template_id"],
            self.env.ref("bocp_webshop_orders.mail_template_order_status").id,
        )
        self._flush_tracking()
        self.assertFalse(self._status_mails(order), "nothing sent before the composer")
        self._send_composer(action)
        mail = self._status_mails(order)
        self.assertEqual(len(mail), 1)
        self.assertIn("2150000123", mail.body_html)
        self.assertIn(url, mail.body_html)
        self.assertIn(self.product.name, mail.body_html)
        self.assertIn(order.name, mail.subject)

    def test_ship_needs_an_awb_or_the_confirmation(self):
        order = self._cod_order()
        with self.assertRaises(UserError):
            order._bocp_ship(order.picking_ids, self.cod_carrier, "  ")
        self.assertEqual(order.picking_ids.state, "assigned")
        self.assertEqual(order.bocp_stage_id.code, "new")
        self._ship(order, without_awb=True)
        self.assertEqual(order.picking_ids.state, "done")
        self.assertFalse(order.picking_ids.carrier_tracking_ref)
        self.assertEqual(order.bocp_stage_id.code, "shipped")

    def test_ship_refuses_a_delivery_not_fully_reserved(self):
        order = self._cod_order(qty=5)
        picking = order.picking_ids
        picking.do_unreserve()
        self.env["stock.quant"]._update_available_quantity(
            self.product, self.wh1.lot_stock_id, -3
        )
        picking.action_assign()
        with self.assertRaises(UserError):
            self._ship(order)
        self.assertNotEqual(picking.state, "done")
        self.assertFalse(picking.carrier_tracking_ref)
        self.assertEqual(order.bocp_stage_id.code, "new")

    def test_one_customer_mail_per_shipment_with_core_delivery_mail_on(self):
        self.company.stock_move_email_validation = True
        shipped = self.env["bocp.webshop.stage"]._get_by_code("shipped")
        # automatic Shipped mail: ours replaces core's delivery confirmation
        shipped.mail_mode = "auto"
        order = self._cod_order()
        self._flush_tracking()
        mails_before = self._customer_mails(order)
        self._ship(order)
        self._flush_tracking()
        new_mails = self._customer_mails(order) - mails_before
        self.assertEqual(len(new_mails), 1)
        self.assertIn("2150000123", new_mails.body_html)
        picking_mails = self.env["mail.mail"].search(
            [("model", "=", "stock.picking"), ("res_id", "=", order.picking_ids.id)]
        )
        self.assertFalse(picking_mails)

    def test_core_delivery_mail_kept_when_the_status_sends_none(self):
        self.company.stock_move_email_validation = True
        shipped = self.env["bocp.webshop.stage"]._get_by_code("shipped")
        shipped.mail_mode = "none"
        order = self._cod_order()
        self._ship(order)
        self._flush_tracking()
        self.assertFalse(self._status_mails(order))
        picking_messages = self.env["mail.message"].search(
            [
                ("model", "=", "stock.picking"),
                ("res_id", "=", order.picking_ids.id),
                ("partner_ids", "in", order.partner_id.ids),
            ]
        )
        self.assertEqual(len(picking_messages), 1)

    def test_salesman_without_stock_rights_cannot_ship(self):
        order = self._cod_order()
        with self.assertRaises(UserError):
            order.with_user(self.salesman).action_bocp_ship()
        self._ship(order, user=self.shipper)
        self.assertEqual(order.picking_ids.state, "done")

    def test_shipping_mail_in_the_customers_language(self):
        self.env["res.lang"]._activate_lang("ro_RO")
        self.env["ir.module.module"]._load_module_terms(
            ["bocp_webshop_orders"], ["ro_RO"], overwrite=True
        )
        self.customer.lang = "ro_RO"
        order = self._cod_order()
        self._send_composer(self._ship(order))
        mail = self._status_mails(order)
        self.assertIn("Comanda dvs.", mail.body_html)
        self.assertIn("Expediată", mail.subject)
        self.assertIn("2150000123", mail.subject)
