from datetime import date

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import Form, TransactionCase, tagged

from .common_billing import BocpBillingCase


class TestBillingLinks(BocpBillingCase):
    """Nothing billed twice, nothing lost: cancelling, deleting or editing an
    invoice gives its readings and interventions back to billing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rental = cls._rent_priced(
            cls.printer,
            cls.partner,
            {cls.bw: 0, cls.color: 0},
            date(2025, 1, 10),
            fixed_fee=100.0,
        )
        cls.reading = cls._read(
            cls.rental, {cls.bw: 1000, cls.color: 100}, date(2025, 1, 31)
        )

    def _billable(self):
        return self.billing._estimate(self.partner, self.company, date(2025, 1, 31))

    def test_cancel_gives_items_back(self):
        move = self._invoice(day=date(2025, 1, 31))
        self.assertEqual(move.amount_untaxed, 50.0 + 20.0 + 100.0)
        self.assertFalse(self._billable())
        self.assertEqual(self.rental.billed_until, date(2025, 1, 31))
        move.button_cancel()
        self.assertFalse(any(self.reading.line_ids.mapped("is_invoiced")))
        self.rental.invalidate_recordset(["billed_until"])
        self.assertFalse(self.rental.billed_until)
        self.assertEqual(self._billable()[self.partner][0], 170.0)
        again = self._invoice(day=date(2025, 1, 31))
        self.assertEqual(again.amount_untaxed, 170.0)
        # the cancelled invoice cannot come back and bill them twice
        with self.assertRaisesRegex(UserError, "back to billing"):
            move.button_draft()

    def test_cancel_posted_invoice(self):
        move = self._invoice(day=date(2025, 1, 31), post=True)
        self.assertEqual(move.state, "posted")
        self.assertTrue(move.name.startswith(self.journal.code))
        move.button_draft()
        move.button_cancel()
        self.assertEqual(self._billable()[self.partner][0], 170.0)

    def test_delete_draft_invoice(self):
        move = self._invoice(day=date(2025, 1, 31))
        move.unlink()
        self.assertFalse(any(self.reading.line_ids.mapped("is_invoiced")))
        self.assertEqual(self._billable()[self.partner][0], 170.0)

    def test_remove_one_line_from_draft(self):
        move = self._invoice(day=date(2025, 1, 31), post=True)
        move.button_draft()
        colour_line = self._move_lines(move, "pages").filtered(
            lambda line: line.bocp_counter_type_id == self.color
        )
        colour_reading = colour_line.bocp_reading_line_ids
        move.write({"invoice_line_ids": [(2, colour_line.id)]})
        self.assertFalse(colour_reading.is_invoiced)
        bw_reading = self.reading.line_ids - colour_reading
        self.assertTrue(bw_reading.is_invoiced)
        # only the colour pages are billable again
        estimate = self._billable()[self.partner]
        self.assertEqual(estimate[0], 20.0)
        self.assertEqual(self._invoice(day=date(2025, 1, 31)).amount_untaxed, 20.0)

    def _reverse(self, move, modify=False):
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=move.ids)
            .create({"journal_id": move.journal_id.id, "reason": "Test"})
        )
        action = wizard.modify_moves() if modify else wizard.refund_moves()
        return self.env["account.move"].browse(action["res_id"])

    def _partial_refund(self, move, kind):
        """A draft credit note of `move` keeping only its lines of `kind`."""
        refund = self._reverse(move)
        dropped = refund.invoice_line_ids - self._move_lines(refund, kind)
        refund.write({"invoice_line_ids": [(2, line.id) for line in dropped]})
        return refund

    def test_full_credit_note_gives_items_back(self):
        move = self._invoice(day=date(2025, 1, 31), post=True)
        refund = self._reverse(move)
        self.assertEqual(refund.state, "draft")
        # a credit note in draft changes nothing yet
        self.assertTrue(all(self.reading.line_ids.mapped("is_invoiced")))
        refund.action_post()
        self.assertEqual(move.payment_state, "reversed")
        self.assertTrue(move.bocp_items_released)
        self.assertFalse(any(self.reading.line_ids.mapped("is_invoiced")))
        self.rental.invalidate_recordset(["billed_until"])
        self.assertFalse(self.rental.billed_until)
        # the credit note keeps the rental charges, so revenue nets to zero
        refund_pages = self._move_lines(refund, "pages")
        self.assertEqual(refund_pages.bocp_rental_id, self.rental)
        self.assertEqual(
            refund_pages.bocp_origin_line_id, self._move_lines(move, "pages")
        )
        self.assertFalse(any(refund_pages.mapped("bocp_period_end")))
        revenue = self.env["bocp.report.revenue"].search(
            [("rental_id", "=", self.rental.id), ("status", "=", "invoiced")]
        )
        self.assertEqual(sum(revenue.mapped("amount")), 0.0)
        self.assertEqual(sum(revenue.mapped("pages")), 0)
        # billed once again, fee included; neither document can come back
        self.assertEqual(self._billable()[self.partner][0], 170.0)
        self.assertEqual(self._invoice(day=date(2025, 1, 31)).amount_untaxed, 170.0)
        with self.assertRaisesRegex(UserError, "back to billing"):
            move.button_draft()
        with self.assertRaisesRegex(UserError, "back to billing"):
            self._reverse(move)
        with self.assertRaisesRegex(UserError, "cannot be reset, reversed"):
            refund.button_draft()
        with self.assertRaisesRegex(UserError, "cannot be reset, reversed"):
            self._reverse(refund)
        with self.assertRaisesRegex(UserError, "cannot be reset, reversed"):
            move.line_ids.remove_move_reconcile()
        self.assertEqual(move.payment_state, "reversed")

    def test_paid_invoice_credited_in_full(self):
        """The client paid, then got the whole invoice credited (money to
        give back): the pages are billed no more, so they are billable again."""
        move = self._invoice(day=date(2025, 1, 31), post=True)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=move.ids
        ).create({"payment_date": date(2025, 2, 10)})._create_payments()
        self.assertIn(move.payment_state, ("paid", "in_payment"))
        refund = self._reverse(move)
        refund.action_post()
        self.assertNotEqual(move.payment_state, "reversed")
        self.assertTrue(move.bocp_items_released)
        self.assertFalse(any(self.reading.line_ids.mapped("is_invoiced")))
        self.assertEqual(self._billable()[self.partner][0], 170.0)

    def test_cancelled_draft_credit_note_can_come_back(self):
        move = self._invoice(day=date(2025, 1, 31), post=True)
        refund = self._reverse(move)
        refund.button_cancel()
        self.assertFalse(refund.bocp_items_released)
        self.assertTrue(all(self.reading.line_ids.mapped("is_invoiced")))
        refund.button_draft()
        refund.action_post()
        self.assertTrue(move.bocp_items_released)
        self.assertFalse(any(self.reading.line_ids.mapped("is_invoiced")))

    def test_partial_credit_note_keeps_items_invoiced(self):
        move = self._invoice(day=date(2025, 1, 31), post=True)
        refund = self._partial_refund(move, "fee")
        refund.action_post()
        self.assertEqual(move.payment_state, "partial")
        self.assertFalse(move.bocp_items_released)
        self.assertTrue(all(self.reading.line_ids.mapped("is_invoiced")))
        self.assertFalse(self._billable())

    def test_partial_credit_note_credits_money_not_pages(self):
        move = self._invoice(day=date(2025, 1, 31), post=True)
        refund = self._partial_refund(move, "pages")
        kept = refund.invoice_line_ids
        kept.filtered(
            lambda line: line.bocp_counter_type_id == self.bw
        ).price_unit = 0.01
        refund.action_post()
        self.assertFalse(move.bocp_items_released)
        self.assertEqual(kept.mapped("bocp_pages"), [0, 0])
        revenue = self.env["bocp.report.revenue"].search(
            [("rental_id", "=", self.rental.id), ("status", "=", "invoiced")]
        )
        self.assertEqual(sum(revenue.mapped("pages")), 1100)
        self.assertAlmostEqual(sum(revenue.mapped("amount")), 170.0 - 10.0 - 20.0)

    def test_replace_with_future_date_refused(self):
        move = self._invoice(day=date(2025, 1, 31), post=True)
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=move.ids)
            .create(
                {
                    "journal_id": move.journal_id.id,
                    "date": date.today() + relativedelta(days=5),
                }
            )
        )
        with self.assertRaisesRegex(UserError, "today or earlier"):
            wizard.modify_moves()
        self.assertTrue(all(self.reading.line_ids.mapped("is_invoiced")))

    def test_cancelled_before_flag_stays_cancelled(self):
        """Invoices cancelled before the flag existed are still guarded."""
        move = self._invoice(day=date(2025, 1, 31))
        move.button_cancel()
        move.bocp_items_released = False
        with self.assertRaisesRegex(UserError, "back to billing"):
            move.button_draft()

    def test_reverse_and_replace_moves_items_to_new_invoice(self):
        move = self._invoice(day=date(2025, 1, 31), post=True)
        old_lines = self._move_lines(move, "pages")
        replacement = self._reverse(move, modify=True)
        self.assertEqual(replacement.move_type, "out_invoice")
        self.assertEqual(replacement.state, "draft")
        new_lines = self._move_lines(replacement, "pages")
        self.assertEqual(len(new_lines), 2)
        self.assertFalse(old_lines.bocp_reading_line_ids)
        self.assertEqual(new_lines.bocp_reading_line_ids, self.reading.line_ids)
        self.assertEqual(set(new_lines.mapped("bocp_period_end")), {date(2025, 1, 31)})
        # the replacement bills them: nothing is pending twice
        self.assertFalse(self._billable())
        with self.assertRaisesRegex(UserError, "back to billing"):
            move.button_draft()
        # cancelling the replacement gives them back as usual
        replacement.button_cancel()
        self.assertFalse(any(self.reading.line_ids.mapped("is_invoiced")))
        self.assertEqual(self._billable()[self.partner][0], 170.0)

    def test_rental_quantities_are_read_only_on_the_form(self):
        """Pages come from the linked readings: the quantity cannot drift from
        them on the invoice; the price (a goodwill discount) stays editable."""
        move = self._invoice(day=date(2025, 1, 31))
        form = Form(move)
        with form.invoice_line_ids.edit(0) as line:
            self.assertEqual(line.bocp_kind, "pages")
            with self.assertRaises(AssertionError):
                line.quantity = 1
            line.price_unit = 0.04
        form.save()
        self.assertEqual(self._move_lines(move, "pages")[0].quantity, 1000)
        # a partial credit note is made by editing the quantities
        move.action_post()
        refund_form = Form(self._reverse(move))
        with refund_form.invoice_line_ids.edit(0) as line:
            line.quantity = 100
        self.assertEqual(refund_form.save().invoice_line_ids[0].quantity, 100)

    def test_billing_screen(self):
        Screen = self.env["bocp.billing.client"]
        row = Screen.search([("partner_id", "=", self.partner.id)])
        self.assertEqual(len(row), 1)
        self.assertEqual(row.rental_count, 1)
        self.assertEqual(row.pages_unbilled, 1100)
        self.assertRegex(row.pages_summary, r"1[.,]000")
        action = row.action_invoice()
        self.assertEqual(action["context"]["default_partner_ids"], self.partner.ids)
        self._invoice(day=date.today())
        self.assertFalse(Screen.search([("partner_id", "=", self.partner.id)]))

    def test_invoiced_reading_is_frozen(self):
        self._invoice(day=date(2025, 1, 31))
        line = self.reading.line_ids[0]
        with self.assertRaises(UserError):
            line.value = 5000
        with self.assertRaises(UserError):
            self.reading.unlink()


@tagged("post_install", "-at_install")
class TestRentalLineViews(TransactionCase):
    """After every module is installed: the read-only condition is in the
    line list and in the small-screen line form, and sale's own condition
    (down payments) is kept next to it."""

    def test_rental_line_fields_read_only_in_invoice_views(self):
        view = self.env.ref("account.view_move_form")
        arch = etree.fromstring(self.env["account.move"].get_view(view.id)["arch"])
        for subview in ("list", "form"):
            for name in ("quantity", "product_id"):
                field = arch.xpath(
                    f"//field[@name='invoice_line_ids']/{subview}//field[@name='{name}']"
                )[0]
                self.assertIn("bocp_kind", field.get("readonly"))
        if "is_downpayment" in self.env["account.move.line"]._fields:  # sale
            product = arch.xpath(
                "//field[@name='invoice_line_ids']/list/field[@name='product_id']"
            )[0]
            self.assertIn("is_downpayment", product.get("readonly"))


class TestBillingScreenView(TransactionCase):
    def test_estimated_total_summed_at_the_foot(self):
        arch = etree.fromstring(
            self.env["bocp.billing.client"].get_view(view_type="list")["arch"]
        )
        for name in ("estimated_total", "intervention_amount"):
            (field,) = arch.xpath(f"//field[@name='{name}']")
            self.assertEqual(field.get("sum"), "Total")
