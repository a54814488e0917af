from datetime import date

from odoo import Command
from odoo.tests import TransactionCase, new_test_user


class BocpRentalCase(TransactionCase):
    """Own data for the printer rental tests (no demo data)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.bw = cls.env.ref("bocp_printer_rental.counter_type_bw")
        cls.color = cls.env.ref("bocp_printer_rental.counter_type_color")
        cls.scan = cls.env.ref("bocp_printer_rental.counter_type_scan")
        cls.bw.default_price = 0.06
        cls.color.default_price = 0.30
        cls.ptype_color = cls.env["bocp.printer.type"].create(
            {
                "brand": "TestBrand",
                "model_name": "Color 3000",
                "counter_type_ids": [Command.set([cls.bw.id, cls.color.id])],
            }
        )
        cls.ptype_mono = cls.env["bocp.printer.type"].create(
            {
                "brand": "TestBrand",
                "model_name": "Mono 1000",
                "counter_type_ids": [Command.set([cls.bw.id])],
            }
        )
        cls.printer = cls.env["bocp.printer"].create(
            {
                "code": "tst-0001",
                "serial_number": "SN-TEST-1",
                "printer_type_id": cls.ptype_color.id,
            }
        )
        cls.printer_mono = cls.env["bocp.printer"].create(
            {
                "code": "TST-0002",
                "serial_number": "SN-TEST-2",
                "printer_type_id": cls.ptype_mono.id,
            }
        )
        cls.partner = cls.env["res.partner"].create(
            {"name": "Client Test SRL", "is_company": True, "lang": "en_US"}
        )
        cls.partner_other = cls.env["res.partner"].create(
            {"name": "Alt Client SRL", "is_company": True, "lang": "en_US"}
        )
        cls.rental_user = new_test_user(
            cls.env,
            login="bocp_rental_user",
            groups="base.group_user,bocp_printer_rental.group_rental_user",
        )
        cls.rental_manager = new_test_user(
            cls.env,
            login="bocp_rental_manager",
            groups="base.group_user,bocp_printer_rental.group_rental_manager",
        )

    @classmethod
    def _rent(cls, printer, partner, values, day=date(2025, 1, 1)):
        """Create and activate a dossier with a handover reading.

        :param values: {counter: index}
        """
        rental = cls.env["bocp.rental"].create(
            {"partner_id": partner.id, "printer_id": printer.id}
        )
        rental._create_reading("handover", cls._lines(values), date=day)
        rental.action_activate()
        return rental

    @staticmethod
    def _lines(values):
        return [
            {"counter_type_id": counter.id, "value": value}
            for counter, value in values.items()
        ]

    @classmethod
    def _read(cls, rental, values, day, source="manual"):
        return rental._create_reading(source, cls._lines(values), date=day)
