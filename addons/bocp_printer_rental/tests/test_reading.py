from datetime import date

from odoo.exceptions import UserError, ValidationError

from .common import BocpRentalCase


class TestReading(BocpRentalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rental = cls._rent(
            cls.printer,
            cls.partner,
            {cls.bw: 1000, cls.color: 200},
            date(2025, 1, 3),
        )
        cls.rental.line_ids.filtered(
            lambda line: line.counter_type_id == cls.bw
        ).price = 0.05
        cls.rental.line_ids.filtered(
            lambda line: line.counter_type_id == cls.color
        ).price = 0.2

    def _line(self, reading, counter):
        return reading.line_ids.filtered(lambda line: line.counter_type_id == counter)

    def test_pages_price_and_amount(self):
        reading = self._read(
            self.rental, {self.bw: 1500, self.color: 260}, date(2025, 2, 1)
        )
        bw = self._line(reading, self.bw)
        self.assertEqual(bw.previous_value, 1000)
        self.assertEqual(bw.pages, 500)
        self.assertEqual(bw.price_unit, 0.05)
        self.assertAlmostEqual(bw.amount, 25.0)
        self.assertEqual(self._line(reading, self.color).pages, 60)
        self.assertAlmostEqual(reading.amount_total, 25.0 + 12.0)
        self.assertFalse(bw.is_invoiced)
        # the next reading counts from this one
        nxt = self._read(self.rental, {self.bw: 1800}, date(2025, 3, 1))
        self.assertEqual(self._line(nxt, self.bw).pages, 300)
        self.assertEqual(self._line(nxt, self.bw).previous_line_id, bw)

    def test_same_index_is_zero_pages(self):
        reading = self._read(self.rental, {self.bw: 1000}, date(2025, 2, 1))
        self.assertEqual(reading.pages_total, 0)

    def test_decreasing_counter_refused(self):
        with self.assertRaisesRegex(ValidationError, "lower than the previous"):
            self._read(self.rental, {self.bw: 999}, date(2025, 2, 1))

    def test_reset_needs_reason(self):
        with self.assertRaisesRegex(ValidationError, "reason"):
            self.rental._create_reading(
                "manual",
                [{"counter_type_id": self.bw.id, "value": 50, "is_reset": True}],
                date=date(2025, 2, 1),
            )

    def test_reset_accepted_pages_from_new_base(self):
        reading = self.rental._create_reading(
            "manual",
            [
                {
                    "counter_type_id": self.bw.id,
                    "value": 150,
                    "is_reset": True,
                    "reset_reason": "Mainboard replaced",
                    "reset_final_value": 1300,
                    "reset_start_value": 0,
                }
            ],
            date=date(2025, 2, 1),
        )
        line = self._line(reading, self.bw)
        # 300 pages on the old counter + 150 on the new one
        self.assertEqual(line.pages, 450)
        self.assertAlmostEqual(line.amount, 450 * 0.05)
        # the next reading continues from the new counter
        nxt = self._read(self.rental, {self.bw: 400}, date(2025, 3, 1))
        self.assertEqual(self._line(nxt, self.bw).pages, 250)
        # and a lower value is refused again
        with self.assertRaises(ValidationError):
            self._read(self.rental, {self.bw: 399}, date(2025, 4, 1))

    def test_reset_without_known_final_index(self):
        reading = self.rental._create_reading(
            "manual",
            [
                {
                    "counter_type_id": self.bw.id,
                    "value": 40,
                    "is_reset": True,
                    "reset_reason": "Counter replaced",
                    "reset_start_value": 10,
                }
            ],
            date=date(2025, 2, 1),
        )
        self.assertEqual(self._line(reading, self.bw).pages, 30)

    def test_readings_in_date_order(self):
        self._read(self.rental, {self.bw: 1500}, date(2025, 3, 1))
        with self.assertRaisesRegex(UserError, "date order"):
            self._read(self.rental, {self.bw: 1200}, date(2025, 2, 1))
        # same day is fine
        reading = self._read(self.rental, {self.bw: 1600}, date(2025, 3, 1))
        self.assertEqual(reading.pages_total, 100)

    def test_editing_value_rechecks_next_reading(self):
        first = self._read(self.rental, {self.bw: 1500}, date(2025, 2, 1))
        second = self._read(self.rental, {self.bw: 1700}, date(2025, 3, 1))
        self._line(first, self.bw).value = 1600
        self.assertEqual(self._line(first, self.bw).pages, 600)
        self.assertEqual(self._line(second, self.bw).pages, 100)
        with self.assertRaises(ValidationError):
            self._line(first, self.bw).value = 1800

    def test_only_last_reading_deleted(self):
        first = self._read(self.rental, {self.bw: 1500}, date(2025, 2, 1))
        second = self._read(self.rental, {self.bw: 1700}, date(2025, 3, 1))
        with self.assertRaisesRegex(UserError, "last reading"):
            first.unlink()
        second.unlink()
        first.unlink()
        handover = self.rental.reading_ids
        with self.assertRaises(UserError):
            handover.unlink()

    def test_invoiced_line_frozen(self):
        reading = self._read(self.rental, {self.bw: 1500}, date(2025, 2, 1))
        line = self._line(reading, self.bw)
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.partner.id,
                "invoice_line_ids": [(0, 0, {"name": "pages", "price_unit": 1.0})],
            }
        )
        line.invoice_line_id = move.invoice_line_ids
        self.assertTrue(line.is_invoiced)
        with self.assertRaises(UserError):
            line.value = 1600
        with self.assertRaises(UserError):
            reading.unlink()
        # the price of the dossier only changes what is not invoiced yet
        nxt = self._read(self.rental, {self.bw: 1600}, date(2025, 3, 1))
        self.rental.line_ids.filtered(
            lambda line: line.counter_type_id == self.bw
        ).price = 0.07
        self.assertEqual(line.price_unit, 0.05)
        self.assertEqual(self._line(nxt, self.bw).price_unit, 0.07)
        # deleting the invoice line makes the pages billable again
        move.invoice_line_ids.unlink()
        self.assertFalse(line.invoice_line_id)
        self.assertFalse(line.is_invoiced)

    def test_date_and_source_frozen(self):
        reading = self._read(self.rental, {self.bw: 1500}, date(2025, 2, 1))
        with self.assertRaises(UserError):
            reading.date = date(2025, 2, 2)

    def test_reading_wizard_prefills_last_index(self):
        self._read(self.rental, {self.bw: 1500, self.color: 250}, date(2025, 2, 1))
        wizard = self.env["bocp.reading.wizard"].create(
            {"rental_id": self.rental.id, "mode": "manual", "date": date(2025, 3, 1)}
        )
        prefill = {
            line.counter_type_id: line.previous_value for line in wizard.line_ids
        }
        self.assertEqual(prefill, {self.bw: 1500, self.color: 250})
        wizard.line_ids.filtered(
            lambda line: line.counter_type_id == self.bw
        ).value = 1550
        reading = wizard._confirm()
        self.assertEqual(reading.pages_total, 50)
        self.assertEqual(reading.source, "manual")
