from datetime import date

from odoo.exceptions import UserError
from odoo.tests import Form, users

from .common import BocpRentalCase


class TestIntervention(BocpRentalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.service_product = cls.env["product.product"].create(
            {"name": "Repair labour", "type": "service", "list_price": 150.0}
        )
        cls.toner = cls.env["product.product"].create(
            {
                "name": "Toner TST",
                "type": "consu",
                "is_storable": True,
                "list_price": 300.0,
                "standard_price": 180.0,
            }
        )
        cls.itype_repair = cls.env["bocp.intervention.type"].create(
            {
                "name": "Repair",
                "product_id": cls.service_product.id,
                "price": 120.0,
                "is_billable": True,
            }
        )
        cls.itype_cleaning = cls.env["bocp.intervention.type"].create(
            {
                "name": "Cleaning",
                "product_id": cls.service_product.id,
                "price": 80.0,
                "is_billable": False,
            }
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.rental = cls._rent(
            cls.printer, cls.partner, {cls.bw: 500, cls.color: 50}, date(2025, 1, 2)
        )

    def test_refused_on_available_printer(self):
        draft = self.env["bocp.rental"].create(
            {"partner_id": self.partner.id, "printer_id": self.printer_mono.id}
        )
        with self.assertRaisesRegex(UserError, "must be rented"):
            self.env["bocp.intervention"].create({"rental_id": draft.id})

    def test_refused_after_closing(self):
        intervention = self.env["bocp.intervention"].create(
            {"rental_id": self.rental.id, "date": date(2025, 2, 1)}
        )
        self.rental._create_reading(
            "pickup",
            self._lines({self.bw: 600, self.color: 60}),
            date=date(2025, 1, 20),
        )
        self.rental.action_close()
        intervention.line_ids = [(0, 0, {"intervention_type_id": self.itype_repair.id})]
        with self.assertRaisesRegex(UserError, "must be rented"):
            intervention.action_done()

    def test_form_prefills_and_done_records_reading_and_stock(self):
        form = Form(
            self.env["bocp.intervention"].with_context(default_rental_id=self.rental.id)
        )
        form.date = date(2025, 1, 15)
        self.assertEqual(len(form.counter_ids), 2)
        with form.counter_ids.edit(0) as counter:
            self.assertEqual(counter.previous_value, 500)
            counter.value = 900
        with form.counter_ids.edit(1) as counter:
            counter.value = 80
        with form.line_ids.new() as line:
            line.intervention_type_id = self.itype_repair
            self.assertEqual(line.price_unit, 120.0)
            self.assertTrue(line.is_billable)
        with form.line_ids.new() as line:
            line.intervention_type_id = self.itype_cleaning
            self.assertFalse(line.is_billable)
        with form.line_ids.new() as line:
            line.product_id = self.toner
            line.quantity = 2
            self.assertEqual(line.price_unit, 300.0)
        intervention = form.save()
        self.assertEqual(intervention.amount_billable, 120.0 + 600.0)
        stock_before = self.toner.with_context(
            warehouse_id=intervention.warehouse_id.id
        ).qty_available
        intervention.action_done()
        self.assertEqual(intervention.state, "done")
        reading = intervention.reading_id
        self.assertEqual(reading.source, "intervention")
        self.assertEqual(reading.intervention_id, intervention)
        self.assertEqual(reading.pages_total, 400 + 30)
        # the toner left the warehouse towards the client
        self.assertEqual(intervention.picking_id.state, "done")
        self.assertEqual(intervention.picking_id.partner_id, self.partner)
        toner_line = intervention.line_ids.filtered(
            lambda line: line.product_id == self.toner
        )
        self.assertEqual(toner_line.stock_move_id.product_uom_qty, 2)
        self.assertEqual(toner_line.cost_amount, 360.0)
        self.toner.invalidate_recordset(["qty_available"])
        stock_after = self.toner.with_context(
            warehouse_id=intervention.warehouse_id.id
        ).qty_available
        self.assertEqual(stock_before - stock_after, 2)
        with self.assertRaises(UserError):
            intervention.unlink()

    @users("bocp_rental_user")
    def test_technician_without_inventory_rights(self):
        """A rental user with no inventory rights records an intervention with
        a toner: the toner still leaves the warehouse."""
        self.assertFalse(self.env.user.has_group("stock.group_stock_user"))
        form = Form(
            self.env["bocp.intervention"].with_context(default_rental_id=self.rental.id)
        )
        form.date = date(2025, 1, 15)
        with form.counter_ids.edit(0) as counter:
            counter.value = 600
        with form.counter_ids.edit(1) as counter:
            counter.value = 60
        with form.line_ids.new() as line:
            line.product_id = self.toner
            line.quantity = 1
        intervention = form.save()
        intervention.action_done()
        self.assertEqual(intervention.state, "done")
        self.assertEqual(intervention.reading_id.pages_total, 100 + 10)
        picking = intervention.sudo().picking_id
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.move_ids.product_id, self.toner)
        self.assertEqual(picking.move_ids.quantity, 1)
        self.assertEqual(intervention.line_ids.cost_amount, 180.0)

    def test_done_needs_operations_and_every_counter(self):
        intervention = self.env["bocp.intervention"].create(
            {"rental_id": self.rental.id, "date": date(2025, 1, 15)}
        )
        with self.assertRaisesRegex(UserError, "operation"):
            intervention.action_done()
        intervention.line_ids = [(0, 0, {"intervention_type_id": self.itype_repair.id})]
        intervention.counter_ids.filtered(
            lambda c: c.counter_type_id == self.color
        ).unlink()
        with self.assertRaisesRegex(UserError, "Colour"):
            intervention.action_done()

    def test_decreasing_index_refused_on_intervention(self):
        intervention = self.env["bocp.intervention"].create(
            {
                "rental_id": self.rental.id,
                "date": date(2025, 1, 15),
                "line_ids": [(0, 0, {"intervention_type_id": self.itype_repair.id})],
            }
        )
        intervention.counter_ids.filtered(
            lambda c: c.counter_type_id == self.bw
        ).value = 10
        with self.assertRaises(UserError):
            intervention.action_done()

    def test_cancel_and_reset(self):
        intervention = self.env["bocp.intervention"].create(
            {"rental_id": self.rental.id}
        )
        intervention.action_cancel()
        self.assertEqual(intervention.state, "cancel")
        with self.assertRaises(UserError):
            intervention.action_done()
        intervention.action_draft()
        self.assertEqual(intervention.state, "draft")
        intervention.unlink()
