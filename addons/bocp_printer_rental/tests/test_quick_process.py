from datetime import date

from odoo.exceptions import UserError
from odoo.tests import Form

from .common import BocpRentalCase


class TestQuickProcess(BocpRentalCase):
    def _scan(self, barcode):
        """What the web client sends when the barcode service reports a scan."""
        spec = {
            "_barcode_scanned": {},
            "code": {},
            "printer_id": {"fields": {"display_name": {}}},
            "message": {},
        }
        return self.env["bocp.quick.process"].onchange(
            {"_barcode_scanned": barcode, "code": False, "printer_id": False},
            ["_barcode_scanned"],
            spec,
        )["value"]

    def test_typed_code_shows_available_printer(self):
        form = Form(self.env["bocp.quick.process"])
        form.code = "tst-0001 "
        self.assertEqual(form.printer_id, self.printer)
        self.assertEqual(form.printer_state, "available")
        self.assertFalse(form.code, "the field is emptied for the next scan")
        self.assertFalse(form.message)
        process = form.save()
        action = process.action_rent()
        self.assertEqual(action["res_model"], "bocp.rental")
        self.assertEqual(action["context"]["default_printer_id"], self.printer.id)
        with self.assertRaises(UserError):
            process.action_reading()

    def test_unknown_code(self):
        form = Form(self.env["bocp.quick.process"])
        form.code = "XYZ-404"
        self.assertFalse(form.printer_id)
        self.assertIn("XYZ-404", form.message)
        with self.assertRaises(UserError):
            form.save().action_rent()

    def test_scanned_rented_printer(self):
        rental = self._rent(
            self.printer, self.partner, {self.bw: 7, self.color: 3}, date(2025, 1, 1)
        )
        values = self._scan("TST-0001")
        self.assertEqual(values["printer_id"]["id"], self.printer.id)
        process = self.env["bocp.quick.process"].create({"printer_id": self.printer.id})
        self.assertEqual(process.partner_id, self.partner)
        self.assertEqual(process.rental_id, rental)
        self.assertEqual(process.last_reading_date, date(2025, 1, 1))
        self.assertEqual(process.action_reading()["context"]["default_mode"], "manual")
        self.assertEqual(
            process.action_close_rental()["context"]["default_mode"], "pickup"
        )
        self.assertEqual(
            process.action_intervention()["context"]["default_rental_id"], rental.id
        )
        self.assertEqual(process.action_open_rental()["res_id"], rental.id)
        with self.assertRaises(UserError):
            process.action_rent()

    def test_scan_unknown(self):
        values = self._scan("NOPE-1")
        self.assertFalse(values.get("printer_id"))
        self.assertIn("NOPE-1", values["message"])
