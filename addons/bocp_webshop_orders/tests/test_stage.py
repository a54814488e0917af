from odoo import Command
from odoo.tests import tagged

from .common import WebshopCommon


@tagged("post_install", "-at_install")
class TestStages(WebshopCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Stage = cls.env["bocp.webshop.stage"]
        cls.stage_new = Stage._get_by_code("new")
        cls.stage_taken = Stage._get_by_code("taken")
        cls.stage_preparing = Stage._get_by_code("preparing")
        cls.stage_shipped = Stage._get_by_code("shipped")
        cls.stage_delivered = Stage._get_by_code("delivered")
        cls.template = cls.env.ref("bocp_webshop_orders.mail_template_order_status")
        cls.stage_preparing.write(
            {"mail_template_id": cls.template.id, "mail_mode": "auto"}
        )

    def test_shop_order_gets_new_when_it_leaves_the_cart(self):
        cart = self._shop_order(carrier=self.cod_carrier)
        self.assertFalse(cart.bocp_stage_id)
        self._pay(cart, self.cod_provider)
        self.assertEqual(cart.bocp_stage_id, self.stage_new)
        back_office = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        back_office.action_confirm()
        self.assertFalse(back_office.bocp_stage_id)

    def test_status_change_tracked_and_its_mail_sent_once(self):
        order = self._cod_order()
        self._flush_tracking()
        order.with_user(self.salesman).write({"bocp_stage_id": self.stage_preparing.id})
        self._flush_tracking()
        mails = self._status_mails(order)
        self.assertEqual(len(mails), 1)
        self.assertIn(order.name, mails.subject)
        self.assertIn(self.stage_preparing.name, mails.subject)
        self.assertEqual(mails.state, "outgoing")
        tracking = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "sale.order"),
                ("mail_message_id.res_id", "=", order.id),
                ("field_id.name", "=", "bocp_stage_id"),
                ("new_value_char", "=", self.stage_preparing.name),
            ]
        )
        self.assertEqual(len(tracking), 1)
        self.assertEqual(tracking.mail_message_id.author_id, self.salesman.partner_id)
        self.assertEqual(tracking.old_value_char, self.stage_new.name)
        # the same status again: no change, no second mail
        order.write({"bocp_stage_id": self.stage_preparing.id})
        self._flush_tracking()
        self.assertEqual(len(self._status_mails(order)), 1)

    def test_no_automatic_mail_for_never_and_for_confirm(self):
        order = self._cod_order()
        self._flush_tracking()
        self.stage_preparing.mail_mode = "none"
        order.bocp_stage_id = self.stage_preparing
        self._flush_tracking()
        self.assertFalse(self._status_mails(order))
        self.stage_delivered.write(
            {"mail_template_id": self.template.id, "mail_mode": "confirm"}
        )
        order.bocp_stage_id = self.stage_delivered
        self._flush_tracking()
        self.assertFalse(self._status_mails(order))

    def test_cancelled_order_moves_to_cancelled(self):
        order = self._cod_order()
        order.with_context(disable_cancel_warning=True).action_cancel()
        self.assertEqual(order.bocp_stage_id.code, "cancelled")
        # set back to quotation and confirmed again: New again
        order.action_draft()
        order.action_confirm()
        self.assertEqual(order.bocp_stage_id, self.stage_new)

    def test_validated_with_awb_moves_to_shipped(self):
        order = self._cod_order()
        picking = order.picking_ids
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(order.bocp_stage_id, self.stage_new, "no AWB yet")
        picking.carrier_tracking_ref = "2150000123"
        self.assertEqual(order.bocp_stage_id, self.stage_shipped)
        self.assertEqual(order.bocp_awb, "2150000123")

    def test_automatic_moves_only_go_forward(self):
        order = self._cod_order()
        order.bocp_stage_id = self.stage_delivered
        picking = order.picking_ids
        picking.carrier_tracking_ref = "2150000123"
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(order.bocp_stage_id, self.stage_delivered)

    def test_return_received_moves_to_returned(self):
        order = self._cod_order()
        picking = order.picking_ids
        picking.carrier_tracking_ref = "2150000123"
        picking.move_ids.picked = True
        picking.button_validate()
        order.bocp_stage_id = self.stage_delivered
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=picking.id, active_model="stock.picking")
            .create({})
        )
        wizard.product_return_moves.quantity = 2
        action = wizard.action_create_returns()
        returned = self.env["stock.picking"].browse(action["res_id"])
        returned.move_ids.picked = True
        returned.button_validate()
        self.assertEqual(returned.state, "done")
        self.assertEqual(order.bocp_stage_id.code, "returned")

    def test_status_mails_wait_in_the_queue_without_a_mail_server(self):
        self.env["ir.mail_server"].search([]).unlink()
        order = self._cod_order()
        self._flush_tracking()
        order.bocp_stage_id = self.stage_preparing
        self._flush_tracking()
        mail = self._status_mails(order)
        self.env["mail.mail"].process_email_queue(ids=mail.ids)
        self.assertEqual(mail.state, "outgoing", "kept for when a server is set")
        self.env["ir.mail_server"].create(
            {
                "name": "SMTP",
                "smtp_host": "smtp.example.ro",
                "smtp_port": 465,
                "smtp_encryption": "ssl",
            }
        )
        self.env["mail.mail"].process_email_queue(ids=mail.ids)
        self.assertFalse(mail.exists() and mail.state == "outgoing")

    def test_kanban_shows_every_status(self):
        groups = self.env["sale.order"].read_group(
            [("id", "=", 0)], ["bocp_stage_id"], ["bocp_stage_id"]
        )
        names = {g["bocp_stage_id"][1] for g in groups if g["bocp_stage_id"]}
        self.assertIn(self.stage_returned_name(), names)

    def stage_returned_name(self):
        return self.env["bocp.webshop.stage"]._get_by_code("returned").name
