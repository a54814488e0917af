from datetime import date

from psycopg2.errors import UniqueViolation

from odoo.exceptions import UserError
from odoo.tests import Form
from odoo.tools import mute_logger

from .common import BocpRentalCase


class TestRentalPrices(BocpRentalCase):
    """Price prefill order: client (printer type) → client (any type) →
    printer reference price → counter type default price."""

    def _prefill(self, partner=None, printer=None):
        with Form(self.env["bocp.rental"]) as form:
            form.partner_id = partner or self.partner
            form.printer_id = printer or self.printer
        rental = form.record
        return {line.counter_type_id: line.price for line in rental.line_ids}

    def test_counter_default_price(self):
        prices = self._prefill()
        self.assertEqual(prices, {self.bw: 0.06, self.color: 0.30})

    def test_printer_reference_price_before_counter(self):
        self.printer.price_ids = [
            (0, 0, {"counter_type_id": self.bw.id, "price": 0.05})
        ]
        prices = self._prefill()
        self.assertEqual(prices, {self.bw: 0.05, self.color: 0.30})

    def test_client_price_before_printer(self):
        self.printer.price_ids = [
            (0, 0, {"counter_type_id": self.bw.id, "price": 0.05})
        ]
        Price = self.env["bocp.partner.price"]
        Price.create(
            {
                "partner_id": self.partner.id,
                "counter_type_id": self.bw.id,
                "price": 0.04,
            }
        )
        self.assertEqual(self._prefill()[self.bw], 0.04)
        # a price for the printer type wins over the generic client price
        Price.create(
            {
                "partner_id": self.partner.id,
                "counter_type_id": self.bw.id,
                "printer_type_id": self.ptype_color.id,
                "price": 0.03,
            }
        )
        self.assertEqual(self._prefill()[self.bw], 0.03)
        # ...but only for that type
        Price.create(
            {
                "partner_id": self.partner.id,
                "counter_type_id": self.bw.id,
                "printer_type_id": self.ptype_mono.id,
                "price": 0.02,
            }
        )
        self.assertEqual(self._prefill()[self.bw], 0.03)
        self.assertEqual(self._prefill(printer=self.printer_mono), {self.bw: 0.02})
        # other clients keep the printer price
        self.assertEqual(self._prefill(partner=self.partner_other)[self.bw], 0.05)

    def test_client_price_of_contact_uses_company(self):
        contact = self.env["res.partner"].create(
            {"name": "Ion Pop", "parent_id": self.partner.id}
        )
        self.env["bocp.partner.price"].create(
            {
                "partner_id": self.partner.id,
                "counter_type_id": self.bw.id,
                "price": 0.04,
            }
        )
        prices = self.env["bocp.partner.price"]._get_prices(
            contact, self.printer, self.bw
        )
        self.assertEqual(prices[self.bw], 0.04)

    def test_one_generic_client_price_per_counter(self):
        Price = self.env["bocp.partner.price"]
        vals = {"partner_id": self.partner.id, "counter_type_id": self.bw.id}
        Price.create(dict(vals, price=0.04))
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(UniqueViolation),
            self.env.cr.savepoint(),
        ):
            Price.create(dict(vals, price=0.05))

    def test_create_without_form_prefills_lines(self):
        rental = self.env["bocp.rental"].create(
            {"partner_id": self.partner.id, "printer_id": self.printer_mono.id}
        )
        self.assertEqual(rental.line_ids.counter_type_id, self.bw)
        self.assertTrue(rental.name.startswith("DOS/"))


class TestRentalLifecycle(BocpRentalCase):
    def test_activation_needs_handover_reading(self):
        rental = self.env["bocp.rental"].create(
            {"partner_id": self.partner.id, "printer_id": self.printer.id}
        )
        with self.assertRaisesRegex(UserError, "handover"):
            rental.action_activate()
        # a handover reading of one counter only is not enough
        rental._create_reading("handover", self._lines({self.bw: 100}))
        with self.assertRaisesRegex(UserError, "Colour"):
            rental.action_activate()
        self.assertEqual(rental.state, "draft")
        self.assertEqual(self.printer.state, "available")

    def test_activation_through_wizard(self):
        rental = self.env["bocp.rental"].create(
            {"partner_id": self.partner.id, "printer_id": self.printer.id}
        )
        action = rental.action_open_activate_wizard()
        wizard_form = Form(
            self.env["bocp.reading.wizard"].with_context(**action["context"])
        )
        wizard_form.date = date(2025, 3, 3)
        self.assertEqual(len(wizard_form.line_ids), 2)
        for index in range(2):
            with wizard_form.line_ids.edit(index) as line:
                line.value = 1000 + index
        wizard_form.save().action_confirm()
        self.assertEqual(rental.state, "active")
        self.assertEqual(rental.date_start, date(2025, 3, 3))
        self.assertEqual(self.printer.state, "rented")
        self.assertEqual(self.printer.rental_id, rental)
        handover = rental.reading_ids
        self.assertEqual(handover.source, "handover")
        self.assertEqual(sorted(handover.line_ids.mapped("value")), [1000, 1001])
        self.assertEqual(handover.pages_total, 0)

    def test_printer_must_be_available(self):
        self.printer.action_send_to_service()
        rental = self.env["bocp.rental"].create(
            {"partner_id": self.partner.id, "printer_id": self.printer.id}
        )
        rental._create_reading("handover", self._lines({self.bw: 1, self.color: 1}))
        with self.assertRaisesRegex(UserError, "not available"):
            rental.action_activate()

    def test_second_active_dossier_refused(self):
        self._rent(self.printer, self.partner, {self.bw: 1, self.color: 1})
        second = self.env["bocp.rental"].create(
            {"partner_id": self.partner_other.id, "printer_id": self.printer.id}
        )
        second._create_reading("handover", self._lines({self.bw: 1, self.color: 1}))
        with self.assertRaises(UserError):
            second.action_activate()

    def test_close_needs_pickup_and_frees_printer(self):
        rental = self._rent(
            self.printer, self.partner, {self.bw: 100, self.color: 10}, date(2025, 1, 5)
        )
        with self.assertRaisesRegex(UserError, "pickup"):
            rental.action_close()
        action = rental.action_open_close_wizard()
        wizard_form = Form(
            self.env["bocp.reading.wizard"].with_context(**action["context"])
        )
        wizard_form.date = date(2025, 2, 20)
        with wizard_form.line_ids.edit(0) as line:
            self.assertEqual(line.previous_value, 100)
            line.value = 600
        with wizard_form.line_ids.edit(1) as line:
            line.value = 60
        wizard_form.save().action_confirm()
        self.assertEqual(rental.state, "closed")
        self.assertEqual(rental.date_end, date(2025, 2, 20))
        self.assertEqual(self.printer.state, "available")
        self.assertFalse(self.printer.rental_id)
        self.assertEqual(
            rental.reading_ids.filtered(lambda r: r.source == "pickup").pages_total, 550
        )
        # the printer can be rented again, starting from its last index
        again = self._rent(
            self.printer,
            self.partner_other,
            {self.bw: 600, self.color: 60},
            date(2025, 2, 21),
        )
        self.assertEqual(self.printer.rental_id, again)

    def test_client_and_printer_locked_after_activation(self):
        rental = self._rent(self.printer, self.partner, {self.bw: 1, self.color: 1})
        with self.assertRaises(UserError):
            rental.partner_id = self.partner_other
        with self.assertRaises(UserError):
            rental.unlink()
        with self.assertRaises(UserError):
            rental.line_ids[0].unlink()
        # the price can still change
        rental.line_ids.filtered(
            lambda line: line.counter_type_id == self.bw
        ).price = 0.1
        self.assertEqual(rental._get_price(self.bw.id), 0.1)

    def test_readings_only_on_active_dossier(self):
        rental = self.env["bocp.rental"].create(
            {"partner_id": self.partner.id, "printer_id": self.printer.id}
        )
        with self.assertRaises(UserError):
            self._read(rental, {self.bw: 1}, date(2025, 1, 1))

    def test_counter_not_in_dossier_refused(self):
        rental = self._rent(self.printer_mono, self.partner, {self.bw: 1})
        with self.assertRaisesRegex(UserError, "Colour"):
            self._read(rental, {self.color: 5}, date(2025, 2, 1))

    def test_buttons_need_active_dossier(self):
        rental = self.env["bocp.rental"].create(
            {"partner_id": self.partner.id, "printer_id": self.printer.id}
        )
        for method in (
            rental.action_open_reading_wizard,
            rental.action_new_intervention,
            rental.action_open_close_wizard,
        ):
            with self.assertRaises(UserError):
                method()
        rental._create_reading("handover", self._lines({self.bw: 1, self.color: 1}))
        rental.action_activate()
        self.assertEqual(
            rental.action_open_reading_wizard()["context"]["default_mode"], "manual"
        )
        self.assertEqual(
            rental.action_open_close_wizard()["context"]["default_mode"], "pickup"
        )
        self.assertEqual(
            rental.action_new_intervention()["context"]["default_rental_id"], rental.id
        )
