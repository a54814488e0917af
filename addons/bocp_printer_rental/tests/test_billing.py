from datetime import date

from odoo.exceptions import UserError

from .common_billing import BocpBillingCase


class TestBillingAmounts(BocpBillingCase):
    """Invoice amounts equal pages × price per counter, plus interventions,
    fees and minimums, on hand-computed cases."""

    def _intervention(self, rental, day, values, lines):
        intervention = self.env["bocp.intervention"].create(
            {"rental_id": rental.id, "date": day, "line_ids": lines}
        )
        for counter in intervention.counter_ids:
            counter.value = values[counter.counter_type_id]
        intervention.action_done()
        return intervention

    def test_pages_and_interventions(self):
        rental = self._rent_priced(
            self.printer,
            self.partner,
            {self.bw: 1000, self.color: 200},
            date(2025, 1, 10),
        )
        self._read(rental, {self.bw: 1500, self.color: 260}, date(2025, 1, 31))
        self._intervention(
            rental,
            date(2025, 2, 15),
            {self.bw: 1800, self.color: 280},
            [
                (0, 0, {"intervention_type_id": self.itype_repair.id}),
                (0, 0, {"product_id": self.toner.id, "quantity": 2}),
                (0, 0, {"intervention_type_id": self.itype_cleaning.id}),
            ],
        )
        self._read(rental, {self.bw: 2100, self.color: 300}, date(2025, 2, 28))
        move = self._invoice()
        # B/W: 500 + 300 + 300 = 1,100 × 0.05 = 55.00
        # colour: 60 + 20 + 20 = 100 × 0.20 = 20.00
        # interventions: repair 120.00 + 2 toners × 300.00 (cleaning not billable)
        pages = self._move_lines(move, "pages")
        self.assertEqual(pages.mapped("quantity"), [1100, 100])
        self.assertEqual(pages.mapped("price_unit"), [0.05, 0.20])
        self.assertEqual(pages.mapped("price_subtotal"), [55.0, 20.0])
        self.assertRegex(pages[0].name, r"1[.,]000 → 2[.,]100")
        self.assertIn(self.printer.code, pages[0].name)
        interventions = self._move_lines(move, "intervention")
        self.assertEqual(interventions.mapped("price_subtotal"), [120.0, 600.0])
        self.assertEqual(move.amount_untaxed, 795.0)
        self.assertEqual(move.amount_tax, 166.95)
        self.assertEqual(move.amount_total, 961.95)
        self.assertEqual(pages.tax_ids, self.tax)
        self.assertEqual(move.journal_id, self.journal)
        self.assertEqual(move.state, "draft")
        self.assertEqual(move.partner_id, self.partner)
        # every reading line and billable operation is linked, none twice
        reading_lines = rental.reading_ids.line_ids.filtered(
            lambda line: line.source != "handover"
        )
        self.assertTrue(all(reading_lines.mapped("is_invoiced")))
        self.assertEqual(pages.bocp_reading_line_ids, reading_lines)
        self.assertEqual(len(interventions.bocp_intervention_line_ids), 2)
        with self.assertRaisesRegex(UserError, "Nothing to invoice"):
            self._invoice()

    def test_counter_reset(self):
        rental = self._rent_priced(
            self.printer_mono, self.partner, {self.bw: 1000}, date(2025, 1, 10)
        )
        self._read(rental, {self.bw: 1500}, date(2025, 1, 31))
        rental._create_reading(
            "manual",
            [
                {
                    "counter_type_id": self.bw.id,
                    "value": 400,
                    "is_reset": True,
                    "reset_reason": "Mainboard",
                    "reset_final_value": 1700,
                }
            ],
            date=date(2025, 2, 20),
        )
        self._read(rental, {self.bw: 500}, date(2025, 2, 28))
        move = self._invoice()
        # 500 + (1,700 − 1,500 + 400) + 100 = 1,200 pages × 0.05 = 60.00
        line = self._move_lines(move, "pages")
        self.assertEqual(line.quantity, 1200)
        self.assertEqual(move.amount_untaxed, 60.0)

    def test_included_pages(self):
        rental = self._rent_priced(
            self.printer, self.partner, {self.bw: 0, self.color: 0}, date(2025, 1, 10)
        )
        self._included(rental, self.bw, 1000)
        self._read(rental, {self.bw: 500, self.color: 60}, date(2025, 1, 31))
        january = self._invoice(day=date(2025, 1, 31))
        # B/W within the 1,000 included pages: a note, no amount
        note = self._move_lines(january, "note")
        self.assertEqual(note.display_type, "line_note")
        self.assertRegex(note.name, r"1[.,]000 included")
        self.assertEqual(january.amount_untaxed, 12.0)  # 60 colour pages × 0.20
        self.assertTrue(note.bocp_reading_line_ids.is_invoiced)
        # February: 1,300 B/W pages, 1,000 included → 300 × 0.05 = 15.00
        self._read(rental, {self.bw: 1800, self.color: 100}, date(2025, 2, 28))
        february = self._invoice()
        bw_line = self._move_lines(february, "pages").filtered(
            lambda line: line.bocp_counter_type_id == self.bw
        )
        self.assertEqual(bw_line.quantity, 300)
        self.assertEqual(february.amount_untaxed, 15.0 + 8.0)

    def test_included_pages_over_two_periods(self):
        rental = self._rent_priced(
            self.printer_mono, self.partner, {self.bw: 0}, date(2025, 1, 10)
        )
        self._included(rental, self.bw, 1000)
        self._read(rental, {self.bw: 900}, date(2025, 1, 31))
        self._read(rental, {self.bw: 2600}, date(2025, 2, 28))
        move = self._invoice()
        # each month its own included pages, no pooling: January, rented from
        # the 10th, 1,000 × 22 / 31 = 710 of 900 pages → 190 billed; February
        # 1,000 of 1,700 → 700 billed; 890 × 0.05 = 44.50
        self.assertEqual(self._move_lines(move, "pages").mapped("quantity"), [190, 700])
        self.assertEqual(move.amount_untaxed, 44.5)

    def test_fixed_fee_per_period(self):
        rental = self._rent_priced(
            self.printer_mono,
            self.partner,
            {self.bw: 0},
            date(2025, 1, 10),
            fixed_fee=100.0,
        )
        self._read(rental, {self.bw: 200}, date(2025, 3, 31))
        march = self._invoice(day=date(2025, 3, 31))
        fee = self._move_lines(march, "fee")
        # January (started on the 10th), February, March: 3 × 100.00
        self.assertEqual(fee.quantity, 3)
        self.assertEqual(fee.price_unit, 100.0)
        self.assertEqual(fee.product_id, self.fee_product)
        self.assertEqual(march.amount_untaxed, 300.0 + 10.0)
        self.assertEqual(rental.billed_until, date(2025, 3, 31))
        april = self._invoice(day=date(2025, 4, 30))
        self.assertEqual(self._move_lines(april, "fee").quantity, 1)
        self.assertEqual(april.amount_untaxed, 100.0)
        with self.assertRaises(UserError):
            self._invoice(day=date(2025, 4, 30))

    def test_quarterly_period(self):
        self.company.bocp_billing_period = "3"
        rental = self._rent_priced(
            self.printer_mono,
            self.partner,
            {self.bw: 0},
            date(2025, 1, 10),
            fixed_fee=250.0,
        )
        first = self._invoice(day=date(2025, 2, 15))
        fee = self._move_lines(first, "fee")
        self.assertEqual(fee.quantity, 1)
        self.assertEqual(fee.bocp_period_start, date(2025, 1, 1))
        self.assertEqual(fee.bocp_period_end, date(2025, 3, 31))
        self.assertEqual(rental.billed_until, date(2025, 3, 31))
        with self.assertRaises(UserError):
            self._invoice(day=date(2025, 3, 31))
        self.assertEqual(
            self._move_lines(self._invoice(day=date(2025, 4, 1)), "fee").quantity, 1
        )

    def test_minimum_per_period(self):
        rental = self._rent_priced(
            self.printer_mono,
            self.partner,
            {self.bw: 0},
            date(2025, 1, 10),
            minimum_amount=50.0,
        )
        self._read(rental, {self.bw: 500}, date(2025, 1, 31))
        january = self._invoice(day=date(2025, 1, 31))
        # pages 500 × 0.05 = 25.00 < 50.00: the 25.00 difference is invoiced
        minimum = self._move_lines(january, "minimum")
        self.assertEqual(minimum.price_subtotal, 25.0)
        self.assertEqual(minimum.product_id, self.min_product)
        self.assertEqual(january.amount_untaxed, 50.0)
        self._read(rental, {self.bw: 1700}, date(2025, 2, 28))
        february = self._invoice()
        # 1,200 × 0.05 = 60.00 ≥ 50.00: no difference
        self.assertFalse(self._move_lines(february, "minimum"))
        self.assertEqual(february.amount_untaxed, 60.0)

    def test_fee_allowance_and_minimum_together(self):
        rental = self._rent_priced(
            self.printer,
            self.partner,
            {self.bw: 0, self.color: 0},
            date(2025, 2, 3),
            fixed_fee=40.0,
            minimum_amount=30.0,
        )
        self._included(rental, self.bw, 500)
        self._read(rental, {self.bw: 900, self.color: 50}, date(2025, 2, 28))
        move = self._invoice()
        # February rented from the 3rd: 500 × 26 / 28 = 464 included;
        # B/W 900 − 464 = 436 × 0.05 = 21.80; colour 50 × 0.20 = 10.00
        # pages 31.80 ≥ minimum 30.00 → no difference; fee 40.00
        self.assertEqual(move.amount_untaxed, 21.8 + 10.0 + 40.0)
        self.assertFalse(self._move_lines(move, "minimum"))
        self.assertEqual(move.amount_tax, 4.58 + 2.1 + 8.4)

    def test_new_price_applies_to_unbilled_pages(self):
        rental = self._rent_priced(
            self.printer_mono, self.partner, {self.bw: 0}, date(2025, 1, 10)
        )
        self._read(rental, {self.bw: 1000}, date(2025, 1, 31))
        rental.line_ids.price = 0.04
        self.assertEqual(self._invoice().amount_untaxed, 40.0)

    def test_price_with_four_decimals(self):
        rental = self._rent_priced(
            self.printer_mono,
            self.partner,
            {self.bw: 0},
            date(2025, 1, 10),
            prices={self.bw: 0.0453},
        )
        self.assertEqual(rental.line_ids.price, 0.0453)
        self._read(rental, {self.bw: 4652}, date(2025, 1, 31))
        move = self._invoice()
        line = self._move_lines(move, "pages")
        # 4,652 × 0.0453 = 210.7356 → 210.74, exactly, on one line
        self.assertEqual(line.price_subtotal, 210.74)
        self.assertEqual(line.bocp_pages, 4652)
        self.assertIn("0.0453", line.name)

    def test_one_invoice_per_client_for_all_dossiers(self):
        first = self._rent_priced(
            self.printer_mono, self.partner, {self.bw: 0}, date(2025, 1, 10)
        )
        second = self._rent_priced(
            self.printer, self.partner, {self.bw: 0, self.color: 0}, date(2025, 1, 10)
        )
        self._read(first, {self.bw: 100}, date(2025, 1, 31))
        self._read(second, {self.bw: 200, self.color: 10}, date(2025, 1, 31))
        other_printer = self.env["bocp.printer"].create(
            {"code": "TST-0003", "printer_type_id": self.ptype_mono.id}
        )
        third = self._rent_priced(
            other_printer, self.partner_other, {self.bw: 0}, date(2025, 1, 10)
        )
        self._read(third, {self.bw: 1000}, date(2025, 1, 31))
        moves = self.billing._create_invoices(
            self.partner | self.partner_other, date(2025, 1, 31)
        )
        self.assertEqual(len(moves), 2)
        mine = moves.filtered(lambda move: move.partner_id == self.partner)
        self.assertEqual(mine.amount_untaxed, 5.0 + 10.0 + 2.0)
        self.assertEqual(
            set(mine.invoice_line_ids.bocp_rental_id.ids), {first.id, second.id}
        )
        self.assertEqual(first.last_invoice_date, date(2025, 1, 31))

    def test_readings_after_the_date_wait(self):
        rental = self._rent_priced(
            self.printer_mono, self.partner, {self.bw: 0}, date(2025, 1, 10)
        )
        self._read(rental, {self.bw: 100}, date(2025, 1, 31))
        later = self._read(rental, {self.bw: 300}, date(2025, 2, 10))
        move = self._invoice(day=date(2025, 1, 31))
        self.assertEqual(move.amount_untaxed, 5.0)
        self.assertFalse(later.line_ids.is_invoiced)
        self.assertEqual(self._invoice().amount_untaxed, 10.0)

    def test_closed_dossier_is_billed_until_pickup(self):
        rental = self._rent_priced(
            self.printer_mono,
            self.partner,
            {self.bw: 0},
            date(2025, 1, 10),
            fixed_fee=100.0,
        )
        rental._create_reading(
            "pickup", self._lines({self.bw: 700}), date=date(2025, 2, 14)
        )
        rental.action_close()
        move = self._invoice(day=date(2025, 5, 31))
        # fee for January and February only; the pickup pages
        self.assertEqual(self._move_lines(move, "fee").quantity, 2)
        self.assertEqual(move.amount_untaxed, 200.0 + 35.0)
