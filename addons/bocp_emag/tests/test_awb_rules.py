"""Shipping as eMAG's live API and help pages want it: no AWB for unpaid card
or bank orders, one AWB object per request, eMAG's courier rules, no empty
postcodes, the label where the documentation fetches it (or the fallback)."""

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import EmagAwbCase, sample_order


class AwbCase(EmagAwbCase):
    def _wizard(self, order):
        action = order.action_open_awb_wizard()
        return Form(self.env[action["res_model"]].with_context(**action["context"]))

    def _generate(self, order):
        result = self._wizard(order).save().action_generate()
        self.assertEqual(
            result["params"]["type"], "success", result["params"]["message"]
        )
        return self.sim.awbs[-1]


@tagged("post_install", "-at_install")
class TestAwbRules(AwbCase):
    def test_unpaid_card_order_gets_no_awb_nor_finalized(self):
        oid, order = self._order(
            sample_order(3500000001, payment_mode_id=3, payment_status=0)
        )
        with self.assertRaisesRegex(UserError, "not paid the order by card"):
            order.action_open_awb_wizard()
        with self.assertRaisesRegex(UserError, "not paid the order by card"):
            order.action_send_finalized()
        self.assertFalse(self.sim.requests_for("awb/save"))
        self.assertEqual(order.finalize_state, "none")
        # paid meanwhile: the button reads eMAG again and lets it go
        self.sim.update_order(oid, payment_status=1)
        awb = self._generate(order)
        self.assertEqual(float(awb["cod"]), 0.0)

    def test_unpaid_bank_transfer_order_gets_no_awb(self):
        _oid, order = self._order(
            sample_order(3500000002, payment_mode_id=2, payment_status=0)
        )
        with self.assertRaisesRegex(UserError, "bank transfer"):
            order.action_open_awb_wizard()
        self.assertFalse(self.sim.requests_for("awb/save"))

    def test_one_object_without_empty_postcodes(self):
        oid, order = self._order(sample_order(3500000003))
        self._generate(order)
        [request] = self.sim.requests_for("awb/save")
        sent = request.payload  # the simulator logs the "data" it was sent
        self.assertIsInstance(sent, dict, "one AWB object, not a list")
        self.assertEqual(sent["order_id"], oid)
        self.assertNotIn("zipcode", sent["receiver"], "the order has no postcode")

    def test_enforced_courier_account(self):
        self.account.courier_account_id = self.account.courier_account_ids.filtered(
            lambda c: c.emag_id == 7001
        )
        data = sample_order(
            3500000004,
            delivery_mode="courier",
            details={},
            enforced_vendor_courier_accounts=["7002"],
        )
        data["customer"] = dict(data["customer"], shipping_street="Str. X 8")
        _oid, order = self._order(data)
        wizard = self._wizard(order)
        self.assertEqual(wizard.courier_account_id.emag_id, 7002)
        awb = self._generate(order)
        self.assertEqual(awb["courier_account_id"], 7002)

    def test_no_courier_account_allowed(self):
        _oid, order = self._order(
            sample_order(3500000005, enforced_vendor_courier_accounts=[])
        )
        with self.assertRaisesRegex(UserError, "does not let this order's AWB"):
            order.action_open_awb_wizard()

    def test_locker_order_goes_to_a_locker_courier(self):
        fan = self.account.courier_account_ids.filtered(lambda c: c.emag_id == 7002)
        self.account.courier_account_id = fan
        _oid, order = self._order(sample_order(3500000006))  # easybox order
        wizard = self._wizard(order)
        self.assertEqual(wizard.courier_account_id.emag_id, 7001)
        self.assertTrue(wizard.courier_account_id.lockers)

    def test_fulfilled_by_emag_order_gets_no_awb(self):
        order = self.env["bocp.emag.order"].create(
            {
                "account_id": self.account.id,
                "emag_id": 3500000007,
                "emag_type": "2",
                "emag_status": "4",
                "state": "imported",
            }
        )
        with self.assertRaisesRegex(UserError, "eMAG ships"):
            order.action_open_awb_wizard()


@tagged("post_install", "-at_install")
class TestAwbObjectOnlyLabelAtRoot(AwbCase):
    """eMAG as DOC449 documents it: the label at the host root."""

    sim_kwargs = {"awb_request_form": "object", "awb_pdf_paths": "root"}

    def test_awb_and_label(self):
        _oid, order = self._order(sample_order(3500000010))
        self._generate(order)
        self.assertEqual(order.awb_state, "done")
        self.assertEqual(order.awb_pdf_id.raw[:4], b"%PDF")
        [label] = self.sim.requests_for("awb/read_pdf")
        self.assertFalse(label.path.startswith("/api-3"))


@tagged("post_install", "-at_install")
class TestAwbListAnswerLabelUnderApi3(AwbCase):
    """The other forms seen in public clients: a list back, /api-3 labels."""

    sim_kwargs = {"awb_result_form": "list", "awb_pdf_paths": "api-3"}

    def test_awb_and_label(self):
        _oid, order = self._order(sample_order(3500000011))
        awb = self._generate(order)
        self.assertEqual(order.awb_number, awb["awb_number"])
        self.assertEqual(order.awb_emag_id, str(awb["emag_id"]))
        self.assertEqual(order.awb_pdf_id.raw[:4], b"%PDF")
