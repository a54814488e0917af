from datetime import date

from odoo.exceptions import UserError

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
        with self.assertRaisesRegex(UserError, "cancelled rental invoice"):
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
