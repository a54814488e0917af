from datetime import date

from odoo.exceptions import UserError
from odoo.tests import Form

from .common_billing import BocpBillingCase


class TestProformaAndSeries(BocpBillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sequence = cls.env["ir.sequence"].create(
            {
                "name": "Proforma (test)",
                "prefix": "TPF",
                "padding": 3,
                "implementation": "no_gap",
            }
        )
        cls.company.bocp_proforma_sequence_id = cls.sequence
        cls.rental = cls._rent_priced(
            cls.printer, cls.partner, {cls.bw: 0, cls.color: 0}, date(2025, 1, 10)
        )
        cls._read(cls.rental, {cls.bw: 2000, cls.color: 100}, date(2025, 1, 31))

    def test_proforma_numbering_and_no_accounting(self):
        Move = self.env["account.move"]
        moves_before = Move.search_count([])
        proforma = self.billing._create_proformas(self.partner, date(2025, 1, 31))
        self.assertEqual(proforma.name, "TPF001")
        self.assertEqual(proforma.state, "open")
        self.assertEqual(proforma.amount_untaxed, 100.0 + 20.0)
        self.assertEqual(proforma.amount_tax, 25.2)
        self.assertEqual(Move.search_count([]), moves_before, "no accounting entry")
        # its items are reserved: no invoice, no second proforma
        with self.assertRaises(UserError):
            self._invoice(day=date(2025, 1, 31))
        with self.assertRaises(UserError):
            self.billing._create_proformas(self.partner, date(2025, 1, 31))
        self.assertFalse(
            self.env["bocp.billing.client"].search(
                [("partner_id", "=", self.partner.id)]
            )
        )
        # cancelling gives them back; the next number continues the series
        proforma.action_cancel()
        second = self.billing._create_proformas(self.partner, date(2025, 1, 31))
        self.assertEqual(second.name, "TPF002")

    def test_convert_to_invoice(self):
        proforma = self.billing._create_proformas(self.partner, date(2025, 1, 31))
        action = proforma.action_convert_to_invoice()
        invoice = proforma.invoice_id
        self.assertEqual(action["res_id"], invoice.id)
        self.assertEqual(proforma.state, "converted")
        self.assertEqual(invoice.bocp_proforma_id, proforma)
        self.assertEqual(invoice.journal_id, self.journal)
        self.assertEqual(invoice.amount_untaxed, proforma.amount_untaxed)
        self.assertEqual(invoice.amount_total, proforma.amount_total)
        self.assertEqual(
            invoice.invoice_line_ids.mapped("name"),
            proforma.line_ids.sorted("sequence").mapped("name"),
        )
        readings = self.rental.reading_ids.line_ids.filtered(
            lambda line: line.source != "handover"
        )
        self.assertEqual(readings.invoice_line_id.move_id, invoice)
        self.assertFalse(readings.proforma_line_id)
        # a second click opens the same invoice
        self.assertEqual(proforma.action_convert_to_invoice()["res_id"], invoice.id)
        with self.assertRaises(UserError):
            proforma.action_cancel()
        # cancelling the invoice gives the pages back to billing
        invoice.button_cancel()
        self.assertEqual(self._invoice(day=date(2025, 1, 31)).amount_untaxed, 120.0)

    def test_proforma_mail_and_pdf(self):
        proforma = self.billing._create_proformas(self.partner, date(2025, 1, 31))
        action = proforma.action_send()
        self.assertEqual(action["res_model"], "mail.compose.message")
        template = self.env["mail.template"].browse(
            action["context"]["default_template_id"]
        )
        self.assertIn(
            proforma.name, template._render_field("subject", proforma.ids)[proforma.id]
        )
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "bocp_printer_rental.report_bocp_proforma", proforma.ids
            )[0]
            .decode()
        )
        self.assertIn("TPF001", html)
        self.assertIn("not a fiscal invoice", html)

    def test_series_chosen_is_used(self):
        wizard = Form(
            self.env["bocp.billing.wizard"].with_context(
                default_partner_ids=self.partner.ids, default_mode="invoice"
            )
        )
        self.assertEqual(wizard.journal_id, self.journal, "default series")
        wizard.journal_id = self.journal_b
        wizard.date = date(2025, 1, 31)
        wizard.post = True
        action = wizard.save().action_confirm()
        invoice = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(invoice.journal_id, self.journal_b)
        self.assertEqual(invoice.state, "posted")
        self.assertTrue(invoice.name.startswith("TSTB"))

    def test_wrong_series_refused(self):
        purchase = self.env["account.journal"].search(
            [("type", "=", "purchase"), ("company_id", "=", self.company.id)], limit=1
        )
        with self.assertRaisesRegex(UserError, "sales journal"):
            self._invoice(day=date(2025, 1, 31), journal=purchase)

    def test_proforma_through_wizard(self):
        wizard = self.env["bocp.billing.wizard"].create(
            {
                "partner_ids": self.partner.ids,
                "mode": "proforma",
                "date": date(2025, 1, 31),
            }
        )
        action = wizard.action_confirm()
        self.assertEqual(action["res_model"], "bocp.proforma")
