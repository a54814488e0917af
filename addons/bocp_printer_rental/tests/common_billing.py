from datetime import date

from odoo import Command

from .common import BocpRentalCase


class BocpBillingCase(BocpRentalCase):
    """Billing fixture: own 21% tax on every invoiced product, two invoice
    series, prices 0.05 (B/W) and 0.20 (colour) per page."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tax = cls.env["account.tax"].create(
            {
                "name": "TVA 21% (test)",
                "amount": 21.0,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "company_id": cls.company.id,
            }
        )
        cls.fee_product = cls.env.ref("bocp_printer_rental.product_fixed_fee")
        cls.min_product = cls.env.ref("bocp_printer_rental.product_minimum")
        cls.service_product = cls.env["product.product"].create(
            {"name": "Repair labour (test)", "type": "service", "list_price": 150.0}
        )
        cls.toner = cls.env["product.product"].create(
            {
                "name": "Toner (test)",
                "type": "consu",
                "is_storable": True,
                "list_price": 300.0,
                "standard_price": 180.0,
            }
        )
        products = (
            cls.bw.product_id
            | cls.color.product_id
            | cls.fee_product
            | cls.min_product
            | cls.service_product
            | cls.toner
        )
        products.write({"taxes_id": [Command.set(cls.tax.ids)]})
        cls.itype_repair = cls.env["bocp.intervention.type"].create(
            {
                "name": "Repair (test)",
                "product_id": cls.service_product.id,
                "price": 120.0,
            }
        )
        cls.itype_cleaning = cls.env["bocp.intervention.type"].create(
            {
                "name": "Cleaning (test)",
                "product_id": cls.service_product.id,
                "price": 80.0,
                "is_billable": False,
            }
        )
        Journal = cls.env["account.journal"]
        cls.journal = Journal.search(
            [("type", "=", "sale"), ("company_id", "=", cls.company.id)], limit=1
        )
        cls.journal_b = Journal.create(
            {"name": "Serie B (test)", "code": "TSTB", "type": "sale"}
        )
        cls.company.write(
            {
                "bocp_journal_id": cls.journal.id,
                "bocp_billing_period": "1",
                "bocp_auto_post": False,
                "bocp_fee_product_id": cls.fee_product.id,
                "bocp_minimum_product_id": cls.min_product.id,
            }
        )
        cls.billing = cls.env["bocp.billing"]

    @classmethod
    def _rent_priced(cls, printer, partner, values, day, prices=None, **vals):
        rental = cls._rent(printer, partner, values, day)
        prices = prices or {cls.bw: 0.05, cls.color: 0.20}
        for line in rental.line_ids:
            line.price = prices.get(line.counter_type_id, line.price)
        if vals:
            rental.write(vals)
        return rental

    @classmethod
    def _included(cls, rental, counter, pages):
        rental.line_ids.filtered(
            lambda line: line.counter_type_id == counter
        ).included_pages = pages

    def _invoice(self, partner=None, day=date(2025, 2, 28), **kwargs):
        return self.billing._create_invoices(partner or self.partner, day, **kwargs)

    @staticmethod
    def _move_lines(move, kind=None):
        lines = move.invoice_line_ids.sorted("id")
        return lines.filtered(lambda line: line.bocp_kind == kind) if kind else lines
