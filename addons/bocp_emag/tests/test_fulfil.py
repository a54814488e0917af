"""AWB (COD, locker, never retried) and "finalized" sent to eMAG."""

from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged

from .common import EmagAwbCase, EmagSimCase, sample_order


@tagged("post_install", "-at_install")
class TestAwb(EmagAwbCase):
    def _generate(self, order, **values):
        action = order.action_open_awb_wizard()
        form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        for key, value in values.items():
            setattr(form, key, value)
        return form.save().action_generate()

    def test_awb_with_cod_and_locker(self):
        oid, order = self._order(sample_order(3100000001))
        self.assertEqual(self.account.pickup_address_id.address_type_id, "2")
        result = self._generate(order, weight=2.5)
        self.assertEqual(
            result["params"]["type"], "success", result["params"]["message"]
        )
        [awb] = self.sim.awbs
        self.assertEqual(awb["order_id"], oid)
        self.assertEqual(awb["locker_id"], "dce0b7cf-dc38-11e8-a7d8-001a4a160153")
        expected_cod = float(self.sim.collectible_amount(oid))
        self.assertAlmostEqual(float(awb["cod"]), expected_cod, places=2)
        self.assertAlmostEqual(order.sale_order_id.amount_total, expected_cod, places=2)
        self.assertEqual(order.awb_state, "done")
        self.assertEqual(order.awb_number, awb["awb_number"])
        self.assertTrue(order.awb_pdf_id)
        self.assertEqual(order.awb_pdf_id.raw[:4], b"%PDF")
        with self.assertRaises(UserError):
            order.action_open_awb_wizard()

    def test_emag_user_issues_receipt_and_awb(self):
        user = new_test_user(
            self.env, login="emag_clerk", groups="bocp_emag.group_bocp_emag_user"
        )
        oid, order = self._order(sample_order(3100000007))
        order_as_user = order.with_user(user)
        self.give_stock(oid)
        self.sale_receipt(order, user)
        self.assertEqual(order.sale_order_id.state, "sale")
        action = order_as_user.action_open_awb_wizard()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(user)
            .with_context(**action["context"])
        ).save()
        result = wizard.action_generate()
        self.assertEqual(
            result["params"]["type"], "success", result["params"]["message"]
        )
        self.assertEqual(self.sim.awbs[0]["order_id"], oid)

    def test_card_order_has_no_cod(self):
        _oid, order = self._order(
            sample_order(3100000002, payment_mode_id=3, payment_status=1)
        )
        self._generate(order)
        self.assertEqual(float(self.sim.awbs[0]["cod"]), 0.0)

    def test_awb_timeout_is_never_retried(self):
        _oid, order = self._order(sample_order(3100000003))
        self.sim.inject_fault("awb/save", status=504, times=1, after_processing=True)
        result = self._generate(order)
        self.assertEqual(result["params"]["type"], "danger")
        self.assertEqual(len(self.sim.requests_for("awb/save")), 1, "sent exactly once")
        self.assertEqual(order.awb_state, "uncertain")
        with self.assertRaises(UserError):
            order.action_open_awb_wizard()

    def test_awb_refused_for_canceled_order(self):
        oid, order = self._order(sample_order(3100000004))
        action = order.action_open_awb_wizard()
        wizard = Form(
            self.env[action["res_model"]].with_context(**action["context"])
        ).save()
        self.sim.cancel_order(oid, reason=24)
        with self.assertRaises(UserError):
            wizard.action_generate()
        self.assertFalse(self.sim.awbs)

    def test_finalize_on_awb(self):
        self.account.finalize_mode = "awb"
        oid, order = self._order(sample_order(3100000005))
        self._generate(order)
        self.assertEqual(self.sim.order_status(oid), 4)
        self.assertEqual(order.finalize_state, "pending")

    def test_cod_too_high_is_explained(self):
        _oid, order = self._order(sample_order(3100000006))
        result = self._generate(order, cod=999.0)
        self.assertEqual(result["params"]["type"], "danger")
        self.assertIn("cash on delivery", result["params"]["message"])
        self.assertEqual(order.awb_state, "failed")


@tagged("post_install", "-at_install")
class TestFinalizeManual(EmagSimCase):
    def test_manual_finalize_without_invoice(self):
        [oid] = self.sim.seed_orders([sample_order(3100000010)])
        self.import_all()
        order = self.emag_order(oid)
        self.give_stock(oid)
        self.sale_receipt(order)
        order.action_send_finalized()
        self.assertEqual(order.finalize_state, "pending", "sent in the background")
        self.assertEqual(self.sim.order_status(oid), 2, "nothing sent in the request")
        self.env["bocp.emag.order"]._cron_send_finalized()
        self.assertEqual(order.finalize_state, "done", order.finalize_message)
        self.assertEqual(self.sim.order_status(oid), 4)
        self.assertFalse(self.sim.attachments, "no invoice yet: status only")

    def test_finalize_refused_for_new_order(self):
        [oid] = self.sim.seed_orders([sample_order(3100000011)])
        Order = self.env["bocp.emag.order"]
        Order._poll_account(self.account)
        order = self.emag_order(oid)
        with self.assertRaises(UserError):
            order.action_send_finalized()
