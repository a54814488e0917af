from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import users

from .common import BocpRentalCase


class TestAccess(BocpRentalCase):
    @users("bocp_rental_user")
    def test_user_rents_and_reads(self):
        printer = self.printer.with_env(self.env)
        rental = self.env["bocp.rental"].create(
            {"partner_id": self.partner.id, "printer_id": printer.id}
        )
        rental._create_reading(
            "handover", self._lines({self.bw: 1, self.color: 1}), date=date(2025, 1, 1)
        )
        rental.action_activate()
        reading = rental._create_reading(
            "manual", self._lines({self.bw: 11, self.color: 2}), date=date(2025, 2, 1)
        )
        self.assertEqual(reading.pages_total, 11)
        self.assertEqual(reading.user_id, self.env.user)
        # client prices are edited on the client's form
        self.env["bocp.partner.price"].create(
            {"partner_id": self.partner.id, "counter_type_id": self.bw.id, "price": 1}
        )

    @users("bocp_rental_user")
    def test_user_cannot_configure(self):
        with self.assertRaises(AccessError):
            self.env["bocp.printer.type"].create({"name": "Nope"})
        with self.assertRaises(AccessError):
            self.env["bocp.counter.type"].browse(self.bw.id).default_price = 1.0
        with self.assertRaises(AccessError):
            self.env["bocp.intervention.type"].create(
                {"name": "Nope", "product_id": self.bw.product_id.id}
            )
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].create({"bocp_reading_due_days": 5})
        with self.assertRaises(AccessError):
            self.env["bocp.printer"].browse(self.printer_mono.id).unlink()

    def test_manager_configures(self):
        # the settings page itself needs the Administration/Settings right
        self.rental_manager.groups_id += self.env.ref("base.group_system")
        self.env = self.env(user=self.rental_manager)
        ptype = self.env["bocp.printer.type"].create(
            {"name": "Manager type", "counter_type_ids": [(6, 0, self.bw.ids)]}
        )
        self.assertEqual(ptype.name, "Manager type")
        settings = self.env["res.config.settings"].create({"bocp_reading_due_days": 45})
        settings.execute()
        self.assertEqual(self.env.company.bocp_reading_due_days, 45)

    def test_internal_user_without_group_sees_nothing(self):
        employee = self.env["res.users"].create(
            {
                "name": "Plain employee",
                "login": "bocp_plain_employee",
                "groups_id": [(6, 0, [self.env.ref("base.group_user").id])],
            }
        )
        with self.assertRaises(AccessError):
            self.env["bocp.printer"].with_user(employee).search([])

    def test_multi_company_rule(self):
        other = self.env["res.company"].create({"name": "Other Rental Co"})
        other_type = self.env["bocp.printer.type"].create(
            {
                "name": "Other type",
                "counter_type_ids": [(6, 0, self.bw.ids)],
                "company_id": other.id,
            }
        )
        other_printer = self.env["bocp.printer"].create(
            {
                "code": "OTHER-1",
                "printer_type_id": other_type.id,
                "company_id": other.id,
            }
        )
        Printer = self.env["bocp.printer"].with_user(self.rental_user)
        self.assertNotIn(other_printer, Printer.search([]))
        self.assertFalse(Printer._find_by_code("OTHER-1"))
        self.rental_user.write({"company_ids": [(4, other.id)]})
        Printer = Printer.with_context(allowed_company_ids=[self.company.id, other.id])
        self.assertEqual(Printer._find_by_code("OTHER-1"), other_printer)
