from datetime import date

from odoo.exceptions import UserError
from odoo.tests import users
from odoo.tools import format_date

from .common_billing import BocpBillingCase

JAN_20, JAN_31 = date(2025, 1, 20), date(2025, 1, 31)
FEB_15, FEB_28 = date(2025, 2, 15), date(2025, 2, 28)
MAR_31, APR_30 = date(2025, 3, 31), date(2025, 4, 30)
# (date, B/W index, colour index) of the dossier handed over on 10 January
READINGS = [
    (JAN_20, 400, 10),
    (JAN_31, 900, 30),
    (FEB_15, 1200, 40),
    (FEB_28, 1500, 60),
    (APR_30, 4000, 100),
]


class AllowanceCase(BocpBillingCase):
    """The dossier of the readings above: B/W 0.05 with 1,000 pages included
    per month, colour 0.20."""

    @classmethod
    def _rent_with_readings(cls, **vals):
        """The dossier handed over on 10 January 2025 with READINGS."""
        rental = cls._rent_priced(
            cls.printer,
            cls.partner,
            {cls.bw: 0, cls.color: 0},
            date(2025, 1, 10),
            **vals,
        )
        cls._included(rental, cls.bw, 1000)
        for day, bw, color in READINGS:
            cls._read(rental, {cls.bw: bw, cls.color: color}, day)
        return rental


class TestAllowanceOrderOfEvents(AllowanceCase):
    """Included pages are an allowance of each billing period: whatever the
    number and the order of the invoices (and what happens to them), the
    same readings end with the same total.

    One dossier, handed over on 10 January 2025 (B/W 0, colour 0):
    B/W 0.05 with 1,000 pages included per month, colour 0.20 with none,
    fixed fee 40.00 and minimum 20.00 per month. Readings (B/W, colour):
    20 Jan 400/10, 31 Jan 900/30, 15 Feb 1,200/40, 28 Feb 1,500/60, none in
    March, 30 Apr 4,000/100.

    By hand, per period:
    - January, rented 22 of 31 days: 1,000 × 22 / 31 = 709.68 → 710 included.
      B/W 900 pages − 710 = 190 billed = 9.50; colour 30 × 0.20 = 6.00;
      pages 15.50 < minimum 20.00 → minimum line 4.50; fee 40.00.
    - February: B/W 600 pages, all within the 1,000 included (the 400 left
      are not carried anywhere) = 0.00; colour 30 = 6.00; pages 6.00 → minimum
      14.00; fee 40.00.
    - March and April, one reading on 30 April for both (no reading in
      March): 2 × 1,000 included; B/W 2,500 pages − 2,000 = 500 billed =
      25.00; colour 40 = 8.00; pages 33.00 < 2 × 20.00 → minimum 7.00;
      fees 2 × 40.00.
    Pages 9.50 + 6.00 + 6.00 + 25.00 + 8.00 = 54.50; minimums 4.50 + 14.00
    + 7.00 = 25.50; fees 160.00: total 240.00 untaxed."""

    TOTAL = 240.0

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rental = cls._rent_with_readings(fixed_fee=40.0, minimum_amount=20.0)

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _net_billed(self):
        """Untaxed total of the dossier's live invoices less credit notes."""
        moves = self.env["account.move"].search(
            [
                ("line_ids.bocp_rental_id", "=", self.rental.id),
                ("state", "!=", "cancel"),
            ]
        )
        invoices = moves.filtered(lambda move: move.move_type == "out_invoice")
        refunds = moves.filtered(
            lambda move: move.move_type == "out_refund" and move.state == "posted"
        )
        return sum(invoices.mapped("amount_untaxed")) - sum(
            refunds.mapped("amount_untaxed")
        )

    def _assert_same_total(self):
        self.assertAlmostEqual(self._net_billed(), self.TOTAL, places=2)
        readings = self.rental.reading_ids.line_ids.filtered(
            lambda line: line.source != "handover"
        )
        self.assertTrue(all(readings.mapped("is_invoiced")), "every reading billed")
        self.assertFalse(
            self.billing._estimate(self.partner, self.company, APR_30),
            "nothing left to invoice",
        )

    def _bw_lines(self, move):
        return move.invoice_line_ids.filtered(
            lambda line: line.bocp_counter_type_id == self.bw
        )

    def _credit(self, move):
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=move.ids)
            .create({"journal_id": move.journal_id.id, "reason": "Test"})
        )
        refund = self.env["account.move"].browse(wizard.refund_moves()["res_id"])
        refund.action_post()
        return refund

    # ------------------------------------------------------------------
    # The table of event orders
    # ------------------------------------------------------------------

    def test_one_invoice(self):
        move = self._invoice(day=APR_30)
        self.assertAlmostEqual(move.amount_untaxed, self.TOTAL, places=2)
        # one B/W line per period group, each with its own allowance
        bw = self._bw_lines(move).sorted("bocp_period_start")
        self.assertEqual(bw.mapped("bocp_allowance"), [710, 1000, 2000])
        self.assertEqual(bw.mapped("bocp_allowance_used"), [710, 600, 2000])
        self.assertEqual(bw.mapped("bocp_pages"), [190, 0, 500])
        self.assertEqual(
            [(line.bocp_period_start, line.bocp_period_end) for line in bw],
            [
                (date(2025, 1, 1), JAN_31),
                (date(2025, 2, 1), FEB_28),
                (date(2025, 3, 1), APR_30),
            ],
        )
        self.assertEqual(self._move_lines(move, "fee").mapped("quantity"), [4])
        self.assertEqual(
            self._move_lines(move, "minimum").mapped("price_subtotal"),
            [4.5, 14.0, 7.0],
        )
        self._assert_same_total()

    def test_one_invoice_per_month(self):
        amounts = [
            self._invoice(day=day).amount_untaxed
            for day in (JAN_31, FEB_28, MAR_31, APR_30)
        ]
        # January 9.50 + 6.00 + 4.50 + 40.00; February 6.00 + 14.00 + 40.00;
        # March: its fee only (its pages are read on 30 April);
        # April: 25.00 + 8.00 + 7.00 + 40.00
        self.assertEqual(amounts, [60.0, 60.0, 40.0, 80.0])
        self._assert_same_total()

    def test_two_invoices_in_one_month(self):
        first = self._invoice(day=JAN_20)
        # 400 B/W pages within January's 710: nothing billed, noted; colour
        # 10 × 0.20; January's fee; January's minimum waits for its end
        self.assertEqual(first.amount_untaxed, 2.0 + 40.0)
        self.assertEqual(self._move_lines(first, "note").bocp_allowance_used, 400)
        second = self._invoice(day=JAN_31)
        # the 310 pages left of the allowance cover the next 500: 190 billed
        self.assertEqual(self._move_lines(second, "pages")[0].bocp_pages, 190)
        self.assertEqual(second.amount_untaxed, 9.5 + 4.0 + 4.5)
        self._invoice(day=FEB_15)
        self._invoice(day=FEB_28)
        self._invoice(day=APR_30)
        self._assert_same_total()

    def test_several_months_at_once(self):
        self._invoice(day=FEB_28)
        self._invoice(day=APR_30)
        self._assert_same_total()

    def test_mid_month_then_several_months(self):
        self._invoice(day=FEB_15)
        self._invoice(day=APR_30)
        self._assert_same_total()

    def test_cancel_and_invoice_again(self):
        move = self._invoice(day=FEB_28, post=True)
        self._invoice(day=APR_30)
        move.button_draft()
        move.button_cancel()
        self.assertAlmostEqual(self._net_billed(), self.TOTAL - 120.0, places=2)
        self._invoice(day=APR_30)
        self._assert_same_total()

    def test_credit_note_and_invoice_again(self):
        january = self._invoice(day=JAN_31, post=True)
        self._invoice(day=FEB_28, post=True)
        self._credit(january)
        again = self._invoice(day=APR_30)
        # January comes back whole (its pages with its own allowance, its
        # fee and minimum) with March and April
        self.assertEqual(again.amount_untaxed, 60.0 + 40.0 + 80.0)
        self._assert_same_total()

    def test_replace_and_invoice_again(self):
        """ "Reverse and create invoice": the replacement takes the readings."""
        move = self._invoice(day=FEB_28, post=True)
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=move.ids)
            .create({"journal_id": move.journal_id.id, "reason": "Test"})
        )
        wizard.modify_moves()
        self._invoice(day=APR_30)
        self._assert_same_total()

    def _reset_remove_post(self, kind):
        move = self._invoice(day=APR_30, post=True)
        move.button_draft()
        line = self._move_lines(move, kind)[:1]
        move.write({"invoice_line_ids": [(2, line.id)]})
        move.action_post()
        self.assertLess(self._net_billed(), self.TOTAL)
        self._invoice(day=APR_30)
        self._assert_same_total()

    def test_reset_remove_page_line_post_invoice_again(self):
        self._reset_remove_post("pages")

    def test_reset_remove_note_post_invoice_again(self):
        """February's B/W pages are all included: a note. Removed, its
        readings wait (a note alone is no invoice) and come back with the
        next invoice, within February's allowance again."""
        move = self._invoice(day=APR_30, post=True)
        move.button_draft()
        move.write({"invoice_line_ids": [(2, self._move_lines(move, "note").id)]})
        move.action_post()
        self.assertAlmostEqual(self._net_billed(), self.TOTAL, places=2)
        with self.assertRaisesRegex(UserError, "Nothing to invoice"):
            self._invoice(day=APR_30)
        self._read(self.rental, {self.bw: 4300, self.color: 110}, date(2025, 5, 31))
        may = self._invoice(day=date(2025, 5, 31))
        # May: 300 B/W pages within 1,000, colour 10 × 0.20 = 2.00, fee 40.00,
        # minimum 20.00 − 2.00 = 18.00; February: a note again, 600 used
        self.assertEqual(may.amount_untaxed, 60.0)
        february = self._move_lines(may, "note").filtered(
            lambda line: line.bocp_period_start == date(2025, 2, 1)
        )
        self.assertEqual(february.bocp_allowance_used, 600)

    def test_reset_remove_fee_post_invoice_again(self):
        self._reset_remove_post("fee")

    def test_reset_remove_minimum_post_invoice_again(self):
        self._reset_remove_post("minimum")

    def test_proforma_then_conversion(self):
        proforma = self.billing._create_proformas(self.partner, FEB_28)
        self.assertEqual(proforma.amount_untaxed, 60.0 + 60.0)
        invoice = self.billing._convert_proforma(proforma)
        self.assertEqual(invoice.amount_untaxed, proforma.amount_untaxed)
        self._invoice(day=APR_30)
        self._assert_same_total()

    def test_proforma_cancelled_then_invoice(self):
        self.billing._create_proformas(self.partner, APR_30).action_cancel()
        self._invoice(day=FEB_28)
        self._invoice(day=APR_30)
        self._assert_same_total()

    @users("bocp_rental_user")
    def test_rental_user_one_invoice_per_month(self):
        for day in (JAN_31, FEB_28, MAR_31, APR_30):
            self.env["bocp.billing"]._create_invoices(self.partner, day)
        self._assert_same_total()


class TestAllowanceRules(AllowanceCase):
    """Pooled option, pro rata periods, dossier billing period, what the
    lines and the annex say."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rental = cls._rent_with_readings()

    def test_no_pooling_by_default(self):
        move = self._invoice(day=APR_30)
        # B/W 190 + 0 + 500 = 690 × 0.05 = 34.50; colour 100 × 0.20 = 20.00
        self.assertAlmostEqual(move.amount_untaxed, 54.5)

    def test_pooled_over_the_invoice(self):
        self.rental.allowance_pooled = True
        move = self._invoice(day=APR_30)
        # the periods invoiced together share 710 + 1,000 + 2,000 = 3,710
        # included pages: 4,000 − 3,710 = 290 × 0.05 = 14.50; colour 20.00
        bw = self._bw_lines(move)
        self.assertEqual(len(bw), 1)
        self.assertEqual(bw.bocp_allowance, 3710)
        self.assertEqual(bw.bocp_pages, 290)
        self.assertIn("pooled over the invoice", bw.name)
        self.assertAlmostEqual(move.amount_untaxed, 14.5 + 20.0)

    def test_pooled_over_each_invoice_only(self):
        self.rental.allowance_pooled = True
        first = self._invoice(day=FEB_28)
        # January and February share 1,710: 1,500 pages, nothing billed
        self.assertFalse(self._bw_lines(first).filtered("bocp_pages"))
        second = self._invoice(day=APR_30)
        # March and April: 2,500 − 2,000 = 500 × 0.05
        self.assertEqual(self._bw_lines(second).bocp_pages, 500)
        self.assertAlmostEqual(first.amount_untaxed + second.amount_untaxed, 45.0)

    def test_pooled_minimum(self):
        self.rental.write({"allowance_pooled": True, "minimum_amount": 10.0})
        move = self._invoice(day=APR_30)
        # 4 monthly minimums 40.00 against the pooled pages 34.50: 5.50
        minimum = self._move_lines(move, "minimum")
        self.assertEqual(minimum.price_subtotal, 5.5)
        self.assertAlmostEqual(move.amount_untaxed, 40.0)
        self.rental.allowance_pooled = False

    def test_minimum_per_period_not_pooled(self):
        self.rental.minimum_amount = 10.0
        move = self._invoice(day=APR_30)
        # January 15.50 ≥ 10; February 6.00 → 4.00; March-April 33.00 ≥ 20
        self.assertEqual(self._move_lines(move, "minimum").price_subtotal, 4.0)
        self.assertAlmostEqual(move.amount_untaxed, 54.5 + 4.0)

    def _bw_lines(self, move):
        return move.invoice_line_ids.filtered(
            lambda line: line.bocp_counter_type_id == self.bw
        )

    def test_partial_last_period_pro_rata(self):
        rental = self._rent_priced(
            self.printer_mono, self.partner_other, {self.bw: 0}, date(2025, 2, 1)
        )
        self._included(rental, self.bw, 1000)
        rental._create_reading(
            "pickup", self._lines({self.bw: 1500}), date=date(2025, 3, 10)
        )
        rental.action_close()
        move = self._invoice(partner=self.partner_other, day=date(2025, 3, 31))
        # February (whole) 1,000 + March, picked up on the 10th:
        # 1,000 × 10 / 31 = 322.58 → 323: 1,500 − 1,323 = 177 × 0.05 = 8.85
        line = self._move_lines(move, "pages")
        self.assertEqual(line.bocp_allowance, 1323)
        self.assertEqual(line.bocp_allowance_used, 1323)
        self.assertEqual(line.bocp_pages, 177)
        self.assertEqual(move.amount_untaxed, 8.85)
        self.assertIn("pro rata 10 of 31 days", line.name)
        self.assertRegex(line.name, r"1[.,]000 included per period")

    def test_dossier_billing_period(self):
        """A quarterly dossier in a monthly company: one allowance per quarter."""
        self.rental.billing_period = "3"
        move = self._invoice(day=APR_30)
        # Q1 (from 10 January: 81 of 90 days) 1,000 × 81 / 90 = 900 included,
        # 1,500 pages → 600 billed; Q2 (reading of 30 April) 1,000 included,
        # 2,500 pages → 1,500 billed; 2,100 × 0.05 = 105.00; colour 20.00
        bw = self._bw_lines(move).sorted("bocp_period_start")
        self.assertEqual(bw.mapped("bocp_allowance"), [900, 1000])
        self.assertEqual(bw.mapped("bocp_pages"), [600, 1500])
        self.assertAlmostEqual(move.amount_untaxed, 125.0)

    def test_page_line_says_everything(self):
        move = self._invoice(day=FEB_28)
        line = self._bw_lines(move).sorted("bocp_period_start")[0]
        self.assertEqual(line.bocp_kind, "pages")
        lang_env = self.env(context=dict(self.env.context, lang=self.partner.lang))
        for text in (
            self.printer.code,
            self.printer.serial_number,
            self.bw.name,
            format_date(lang_env, date(2025, 1, 10)),  # previous index (handover)
            format_date(lang_env, JAN_31),  # current index
            "710 included pages used",
            "190 pages billed at",
            "pro rata 22 of 31 days",
        ):
            self.assertIn(text, line.name)
        self.assertRegex(line.name, r": 0 → 900 \(")
        self.assertRegex(line.name, r"billed at 0[.,]0500\W+lei per page")

    def test_annex_shows_allowance_per_period(self):
        move = self._invoice(day=APR_30)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("bocp_printer_rental.report_invoice_annex", move.ids)[0]
            .decode()
        )
        self.assertIn("bocp_annex_allowances", html)
        # per period: included pages, used on this invoice, billed
        for row in (("710", "710", "190"), ("1[.,]000", "600", "0"), ("2[.,]000",) * 2):
            cells = "".join(
                rf'<td class="text-end"><span>{value}</span></td>\s*' for value in row
            )
            self.assertRegex(html, cells)
