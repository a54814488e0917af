from datetime import date

import barcode

from odoo.tests import Form

from .common_billing import BocpBillingCase


class TestReportsAndLabels(BocpBillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {"bocp_issuer_name": "Ion Popescu", "phone": "+40 21 000 1111"}
        )
        cls.rental = cls._rent_priced(
            cls.printer, cls.partner, {cls.bw: 0, cls.color: 0}, date(2025, 1, 10)
        )
        cls._read(cls.rental, {cls.bw: 1000, cls.color: 50}, date(2025, 1, 31))
        intervention = cls.env["bocp.intervention"].create(
            {
                "rental_id": cls.rental.id,
                "date": date(2025, 2, 5),
                "line_ids": [(0, 0, {"product_id": cls.toner.id, "quantity": 1})],
            }
        )
        intervention.counter_ids.filtered(
            lambda c: c.counter_type_id == cls.bw
        ).value = 1100
        intervention.counter_ids.filtered(
            lambda c: c.counter_type_id == cls.color
        ).value = 60
        intervention.action_done()

    def _render(self, report, ids):
        return self.env["ir.actions.report"]._render_qweb_html(report, ids)[0].decode()

    def test_revenue_and_profitability(self):
        Revenue = self.env["bocp.report.revenue"]
        domain = [("rental_id", "=", self.rental.id)]
        unbilled = sum(
            Revenue.search(domain + [("status", "=", "unbilled")]).mapped("amount")
        )
        # 1,100 B/W × 0.05 + 60 colour × 0.20 + toner 300.00
        self.assertAlmostEqual(unbilled, 55.0 + 12.0 + 300.0)
        move = self._invoice(day=date(2025, 2, 28), post=True)
        self.assertEqual(move.amount_untaxed, 367.0)
        invoiced = Revenue.search(domain + [("status", "=", "invoiced")])
        self.assertAlmostEqual(sum(invoiced.mapped("amount")), 367.0)
        self.assertEqual(sum(invoiced.mapped("pages")), 1160)
        self.assertFalse(Revenue.search(domain + [("status", "=", "unbilled")]))
        profit = self.env["bocp.report.profitability"].search(
            [("printer_id", "=", self.printer.id)]
        )
        self.assertAlmostEqual(sum(profit.mapped("revenue")), 367.0)
        self.assertAlmostEqual(sum(profit.mapped("cost")), 180.0)
        self.assertAlmostEqual(sum(profit.mapped("margin")), 187.0)

    def test_invoice_annex(self):
        self.company.bocp_warehouse_id = self.env["stock.warehouse"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        move = self._invoice(day=date(2025, 2, 28))
        self.assertEqual(move.bocp_issuer_name, "Ion Popescu")
        annex = self._render("bocp_printer_rental.report_invoice_annex", move.ids)
        self.assertIn("bocp_annex_readings", annex)
        self.assertIn(self.printer.code, annex)
        self.assertRegex(annex, r"1[.,]100")
        self.assertIn("bocp_annex_operations", annex)
        invoice = self._render("account.report_invoice", move.ids)
        self.assertIn("bocp_invoice_annex", invoice)
        self.assertIn("Ion Popescu", invoice)
        self.assertIn("bocp_work_point", invoice)
        # its credit note carries the rental charges but no annex of its own
        move.action_post()
        refund = move._reverse_moves()
        self.assertTrue(refund.bocp_is_rental)
        credit = self._render("account.report_invoice", refund.ids)
        self.assertNotIn("bocp_invoice_annex", credit)

    def test_labels_carry_the_code(self):
        printers = self.printer | self.printer_mono
        html = self._render("bocp_printer_rental.report_printer_label", printers.ids)
        self.assertEqual(html.count("data:image/png;base64,"), 2)
        self.assertIn("+40 21 000 1111", html)
        self.assertIn("SN-TEST-1", html)
        # the Code128 symbol encodes exactly the code Quick Processing looks up
        symbol = barcode.get("code128", self.printer.code)
        self.assertEqual(symbol.get_fullcode(), self.printer.code)
        form = Form(self.env["bocp.quick.process"])
        form.code = symbol.get_fullcode()
        self.assertEqual(form.printer_id, self.printer)
        # printable from the printer list (selection) and the printer card
        report = self.env.ref("bocp_printer_rental.action_report_printer_label")
        self.assertEqual(report.binding_model_id.model, "bocp.printer")

    def test_due_for_reading_report(self):
        self.company.bocp_reading_due_days = 30
        due = self.env["bocp.printer"].search([("is_due_for_reading", "=", True)])
        self.assertIn(self.printer, due)
        html = self._render("bocp_printer_rental.report_printer_due", due.ids)
        self.assertIn(self.printer.code, html)
        self.assertIn(self.partner.name, html)
