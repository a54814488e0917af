from datetime import date

from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestBillingTour(HttpCase):
    def test_billing_screen_invoice_one_client(self):
        bw = self.env.ref("bocp_printer_rental.counter_type_bw")
        ptype = self.env["bocp.printer.type"].create(
            {"name": "Billing tour type", "counter_type_ids": [Command.set(bw.ids)]}
        )
        printer = self.env["bocp.printer"].create(
            {"code": "TOUR-BILL-1", "printer_type_id": ptype.id}
        )
        partner = self.env["res.partner"].create(
            {"name": "Billing Tour Client SRL", "is_company": True}
        )
        rental = self.env["bocp.rental"].create(
            {"partner_id": partner.id, "printer_id": printer.id}
        )
        rental._create_reading(
            "handover",
            [{"counter_type_id": bw.id, "value": 100}],
            date=date(2025, 1, 2),
        )
        rental.action_activate()
        rental.line_ids.price = 0.1
        rental._create_reading(
            "manual",
            [{"counter_type_id": bw.id, "value": 1100}],
            date=date(2025, 1, 31),
        )
        self.start_tour(
            "/odoo/action-bocp_printer_rental.bocp_billing_client_action",
            "bocp_printer_rental_billing",
            login="admin",
        )
        invoice = rental.invoice_line_ids.move_id
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.partner_id, partner)
        self.assertEqual(invoice.amount_untaxed, 100.0)
