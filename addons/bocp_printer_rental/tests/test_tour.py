from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestQuickProcessTour(HttpCase):
    def test_quick_process_rent_and_read(self):
        bw = self.env.ref("bocp_printer_rental.counter_type_bw")
        ptype = self.env["bocp.printer.type"].create(
            {"name": "Tour Type", "counter_type_ids": [Command.set(bw.ids)]}
        )
        printer = self.env["bocp.printer"].create(
            {"code": "TOUR-0001", "printer_type_id": ptype.id}
        )
        partner = self.env["res.partner"].create(
            {"name": "Tour Client SRL", "is_company": True}
        )
        self.start_tour(
            "/odoo/action-bocp_printer_rental.bocp_quick_process_action",
            "bocp_printer_rental_quick_process",
            login="admin",
        )
        rental = printer.rental_id
        self.assertEqual(rental.partner_id, partner)
        self.assertEqual(printer.state, "rented")
        readings = rental.reading_ids.sorted("id")
        self.assertEqual(readings.mapped("source"), ["handover", "manual"])
        self.assertEqual(readings[-1].line_ids.value, 12750)
        self.assertEqual(readings[-1].pages_total, 750)
