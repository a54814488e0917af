from datetime import date

from freezegun import freeze_time
from psycopg2.errors import UniqueViolation

from odoo.exceptions import UserError
from odoo.tools import mute_logger

from .common import BocpRentalCase


class TestPrinter(BocpRentalCase):
    def test_code_is_normalised(self):
        self.assertEqual(self.printer.code, "TST-0001")
        self.printer.code = "  abc-9 "
        self.assertEqual(self.printer.code, "ABC-9")

    def test_default_code_from_sequence(self):
        printer = self.env["bocp.printer"].create(
            {"printer_type_id": self.ptype_mono.id}
        )
        self.assertTrue(printer.code.startswith("IMP"))

    def test_code_unique_per_company(self):
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(UniqueViolation),
            self.env.cr.savepoint(),
        ):
            self.env["bocp.printer"].create(
                {"code": "tst-0001", "printer_type_id": self.ptype_mono.id}
            )
        other_company = self.env["res.company"].create({"name": "Other Co"})
        printer = self.env["bocp.printer"].create(
            {
                "code": "TST-0001",
                "printer_type_id": self.ptype_mono.id,
                "company_id": other_company.id,
            }
        )
        self.assertEqual(printer.code, "TST-0001")

    def test_find_by_code(self):
        Printer = self.env["bocp.printer"]
        self.assertEqual(Printer._find_by_code(" tst-0001\n"), self.printer)
        self.assertFalse(Printer._find_by_code("NOPE"))
        self.assertFalse(Printer._find_by_code(""))

    def test_find_by_code_is_one_query(self):
        Printer = self.env["bocp.printer"]
        Printer._find_by_code("TST-0002")  # warm caches (rules, fields)
        with self.assertQueryCount(1):
            Printer._find_by_code("TST-0001")

    def test_state_transitions(self):
        printer = self.printer_mono
        printer.action_send_to_service()
        self.assertEqual(printer.state, "service")
        with self.assertRaises(UserError):
            printer.action_rent()
        printer.action_set_available()
        printer.action_retire()
        self.assertEqual(printer.state, "retired")
        with self.assertRaises(UserError):
            printer.action_send_to_service()

    def test_rent_button_opens_new_dossier(self):
        action = self.printer.action_rent()
        self.assertEqual(action["res_model"], "bocp.rental")
        self.assertEqual(action["context"]["default_printer_id"], self.printer.id)
        self._rent(self.printer, self.partner, {self.bw: 10, self.color: 5})
        with self.assertRaises(UserError):
            self.printer.action_rent()

    def test_current_dossier_client_and_last_reading(self):
        rental = self._rent(
            self.printer, self.partner, {self.bw: 10, self.color: 5}, date(2025, 1, 2)
        )
        self.assertEqual(self.printer.rental_id, rental)
        self.assertEqual(self.printer.partner_id, self.partner)
        self._read(rental, {self.bw: 20, self.color: 8}, date(2025, 2, 1))
        self.assertEqual(self.printer.last_reading_date, date(2025, 2, 1))
        self.assertIn("20", self.printer.last_reading_summary)

    def test_due_for_reading(self):
        self.company.bocp_reading_due_days = 30
        self._rent(
            self.printer, self.partner, {self.bw: 1, self.color: 1}, date(2025, 1, 2)
        )
        Printer = self.env["bocp.printer"]
        with freeze_time("2025-01-20"):
            self.printer.invalidate_recordset(["is_due_for_reading"])
            self.assertFalse(self.printer.is_due_for_reading)
            self.assertNotIn(
                self.printer, Printer.search([("is_due_for_reading", "=", True)])
            )
        with freeze_time("2025-03-01"):
            self.printer.invalidate_recordset(["is_due_for_reading"])
            self.assertTrue(self.printer.is_due_for_reading)
            self.assertIn(
                self.printer, Printer.search([("is_due_for_reading", "=", True)])
            )
            self.assertNotIn(
                self.printer, Printer.search([("is_due_for_reading", "=", False)])
            )
            # an available printer is never due
            self.assertNotIn(
                self.printer_mono, Printer.search([("is_due_for_reading", "=", True)])
            )

    def test_printer_with_dossiers_cannot_be_deleted(self):
        self._rent(self.printer, self.partner, {self.bw: 1, self.color: 1})
        with self.assertRaises(UserError):
            self.printer.unlink()
