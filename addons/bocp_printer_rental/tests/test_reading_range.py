"""Counter indexes in range, 64-bit columns, plausibility of readings."""

import re
from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import Form

from .common_billing import BocpBillingCase

TWO_31 = 2**31


class TestReadingRange(BocpBillingCase):
    def _bw_line(self, reading):
        return reading.line_ids.filtered(lambda line: line.counter_type_id == self.bw)

    def test_index_of_10_15_is_a_clear_error(self):
        rental = self._rent_priced(
            self.printer_mono, self.partner, {self.bw: 0}, date(2025, 1, 1)
        )
        # today: PostgreSQL "integer out of range", a server error
        with self.assertRaisesRegex(
            ValidationError,
            r"Index \(.+\): 1[.,]?000.* is outside the allowed range \(from 0 to 999",
        ):
            self._read(rental, {self.bw: 10**15}, date(2025, 2, 1))

    def test_index_past_2_31_is_stored_and_billed(self):
        rental = self._rent_priced(
            self.printer_mono, self.partner, {self.bw: TWO_31 - 100}, date(2025, 1, 1)
        )
        reading = self._read(rental, {self.bw: TWO_31 + 400}, date(2025, 1, 31))
        line = self._bw_line(reading)
        line.invalidate_recordset()
        self.assertEqual(line.value, TWO_31 + 400)
        self.assertEqual(line.previous_value, TWO_31 - 100)
        self.assertEqual(line.pages, 500)
        self.assertEqual(rental.printer_id._get_last_values()[self.bw][0], TWO_31 + 400)
        pages = self._move_lines(self._invoice(day=date(2025, 1, 31)), "pages")
        self.assertEqual(pages.quantity, 500)
        self.assertAlmostEqual(pages.price_subtotal, 500 * 0.05)

    def test_two_billion_page_jump_needs_a_logged_confirmation(self):
        rental = self._rent_priced(
            self.printer_mono, self.partner, {self.bw: 1000}, date(2025, 1, 1)
        )
        jump = {self.bw: 2_000_001_000}
        # today: accepted silently, two billion pages billed
        with (
            self.assertRaisesRegex(ValidationError, "tick 'Confirm Unusual Pages'"),
            self.env.cr.savepoint(),
        ):
            self._read(rental, jump, date(2025, 1, 31))
        reading = rental._create_reading(
            "manual",
            [
                {
                    "counter_type_id": self.bw.id,
                    "value": 2_000_001_000,
                    "pages_confirmed": True,
                }
            ],
            date=date(2025, 1, 31),
        )
        self.assertEqual(self._bw_line(reading).pages, 2_000_000_000)
        self.assertIn(
            "Unusual reading confirmed",
            " ".join(rental.message_ids.mapped("body")),
        )

    def test_capacity_is_pro_rata_of_the_days(self):
        self.ptype_mono.monthly_capacity = 3000  # 100 pages a day
        rental = self._rent_priced(
            self.printer_mono, self.partner, {self.bw: 0}, date(2025, 1, 1)
        )
        self._read(rental, {self.bw: 1000}, date(2025, 1, 11))  # 10 days: 1,000 allowed
        with (
            self.assertRaisesRegex(ValidationError, "1[.,]001 pages in 10 days"),
            self.env.cr.savepoint(),
        ):
            self._read(rental, {self.bw: 2001}, date(2025, 1, 21))
        reading = self._read(rental, {self.bw: 2000}, date(2025, 1, 21))
        # correcting the index afterwards is checked too
        with (
            self.assertRaisesRegex(ValidationError, "Confirm Unusual Pages"),
            self.env.cr.savepoint(),
        ):
            self._bw_line(reading).value = 9000
        self.assertNotIn(
            "Unusual reading confirmed", " ".join(rental.message_ids.mapped("body"))
        )

    def test_fleet_totals_pass_2_31(self):
        totals = []
        for number in range(2):
            printer = self.env["bocp.printer"].create(
                {
                    "code": f"FLEET-{number}",
                    "serial_number": f"SN-FLEET-{number}",
                    "printer_type_id": self.ptype_mono.id,
                }
            )
            rental = self._rent_priced(
                printer, self.partner, {self.bw: 0}, date(2025, 1, 1)
            )
            rental._create_reading(
                "manual",
                [
                    {
                        "counter_type_id": self.bw.id,
                        "value": 1_500_000_000,
                        "pages_confirmed": True,
                    }
                ],
                date=date(2025, 1, 31),
            )
            totals.append(1_500_000_000)
        self.env.flush_all()
        [group] = self.env["bocp.report.revenue"]._read_group(
            [("partner_id", "=", self.partner.id), ("status", "=", "unbilled")],
            [],
            ["pages:sum"],
        )
        self.assertEqual(group[0], sum(totals))
        client = self.env["bocp.billing.client"].search(
            [("partner_id", "=", self.partner.id)]
        )
        self.assertEqual(client.pages_unbilled, sum(totals))

    def test_wizard_passes_the_confirmation(self):
        rental = self._rent_priced(
            self.printer_mono, self.partner, {self.bw: 10}, date(2025, 1, 1)
        )
        action = rental.action_open_reading_wizard()
        wizard_form = Form(
            self.env[action["res_model"]].with_context(**action.get("context", {}))
        )
        wizard_form.date = date(2025, 1, 31)
        with wizard_form.line_ids.edit(0) as line:
            line.value = 5_000_010
        wizard = wizard_form.save()
        with (
            self.assertRaisesRegex(ValidationError, "Confirm Unusual Pages"),
            self.env.cr.savepoint(),
        ):
            wizard.action_confirm()
        # a typo past the range names the counter (the row of the wizard)
        with (
            self.assertRaisesRegex(
                ValidationError,
                rf"Index \({re.escape(self.bw.name)}\): 1000000000000000 is outside",
            ),
            self.env.cr.savepoint(),
        ):
            wizard.line_ids.value = 10**15
        wizard.line_ids.pages_confirmed = True
        wizard.action_confirm()
        self.assertEqual(rental.reading_ids.sorted("id")[-1].pages_total, 5_000_000)
