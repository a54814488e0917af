from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import Form, users

from .common_billing import BocpBillingCase


class TestBillingAccess(BocpBillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        rental = cls._rent_priced(
            cls.printer_mono, cls.partner, {cls.bw: 0}, date(2025, 1, 10)
        )
        cls._read(rental, {cls.bw: 400}, date(2025, 1, 31))

    @users("bocp_rental_user")
    def test_user_invoices_from_billing_screen(self):
        row = self.env["bocp.billing.client"].search(
            [("partner_id", "=", self.partner.id)]
        )
        action = row.action_invoice()
        wizard = Form(self.env[action["res_model"]].with_context(**action["context"]))
        wizard.date = date(2025, 1, 31)
        result = wizard.save().action_confirm()
        invoice = self.env["account.move"].browse(result["res_id"])
        self.assertEqual(invoice.amount_untaxed, 20.0)
        self.assertEqual(invoice.create_uid, self.env.user)
        proforma_row = self.env["bocp.report.revenue"].search(
            [("partner_id", "=", self.partner.id), ("status", "=", "draft")]
        )
        self.assertEqual(sum(proforma_row.mapped("amount")), 20.0)

    @users("bocp_rental_user")
    def test_user_cannot_change_settings(self):
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].create(
                {"bocp_journal_id": self.journal_b.id}
            )
        with self.assertRaises(AccessError):
            self.env.company.bocp_auto_post = True
        with self.assertRaises(AccessError):
            self.env["bocp.report.profitability"].search([])

    @users("bocp_rental_manager")
    def test_manager_sees_profitability(self):
        self.assertIsNotNone(self.env["bocp.report.profitability"].search([]))
