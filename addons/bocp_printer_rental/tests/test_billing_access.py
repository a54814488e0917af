from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, users

from .common_billing import BocpBillingCase


class TestBillingAccess(BocpBillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        rental = cls._rent_priced(
            cls.printer_mono, cls.partner, {cls.bw: 0}, date(2025, 1, 10)
        )
        cls._read(rental, {cls.bw: 400}, date(2025, 1, 31))
        new_test_user(
            cls.env,
            login="bocp_accountant",
            groups="base.group_user,account.group_account_invoice",
        )

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

    @users("bocp_accountant")
    def test_accountant_without_rental_rights(self):
        """An invoicing user who does not rent printers reads whole clients
        and invoices, prints a rental invoice with its annex, and cancels it:
        its readings go back to billing."""
        move = self._invoice(day=date(2025, 1, 31)).with_user(self.env.user)
        partner = self.partner.with_user(self.env.user)
        # every field the user may read (a contact's website visitors are for
        # website editors only: Odoo's rule, not ours)
        readable = [
            name
            for name, field in partner.fields_get(attributes=["relation"]).items()
            if not field.get("relation")
            or self.env[field["relation"]].has_access("read")
        ]
        values = partner.read(readable)[0]
        self.assertIn("name", values)
        self.assertNotIn("bocp_price_ids", values)
        self.assertNotIn("bocp_reading_line_ids", move.line_ids.fields_get())
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("account.report_invoice", move.ids)[0]
            .decode()
        )
        self.assertIn("TST-0002", html)
        move.button_cancel()
        self.assertEqual(move.state, "cancel")
        self.assertEqual(self._billable()[self.partner][0], 20.0)

    @users("bocp_accountant")
    def test_accountant_edits_and_deletes_rental_invoice(self):
        """An invoicing user without rental rights resets a rental invoice to
        draft and removes its page line, then deletes a draft rental invoice:
        each time the pages go back to billing."""
        move = self._invoice(day=date(2025, 1, 31), post=True)
        move = move.with_user(self.env.user)
        move.button_draft()
        page_line = move.invoice_line_ids.filtered(
            lambda line: line.bocp_kind == "pages"
        )
        move.write({"invoice_line_ids": [Command.delete(page_line.id)]})
        self.assertEqual(self._billable()[self.partner][0], 20.0)
        draft = self._invoice(day=date(2025, 1, 31)).with_user(self.env.user)
        self.assertEqual(draft.state, "draft")
        self.assertNotIn(self.partner, self._billable())
        draft.unlink()
        self.assertEqual(self._billable()[self.partner][0], 20.0)

    @users("bocp_accountant")
    def test_accountant_credits_rental_invoices(self):
        """An invoicing user without rental rights credits a whole rental
        invoice (its pages go back to billing) and replaces another one (the
        replacement takes them over)."""
        Reversal = self.env["account.move.reversal"]
        move = self._invoice(day=date(2025, 1, 31), post=True)
        wizard = Reversal.with_context(
            active_model="account.move", active_ids=move.ids
        ).create({"journal_id": move.journal_id.id, "reason": "Greșeală"})
        refund = self.env["account.move"].browse(wizard.refund_moves()["res_id"])
        refund.action_post()
        self.assertEqual(self._billable()[self.partner][0], 20.0)
        move = self._invoice(day=date(2025, 1, 31), post=True)
        wizard = Reversal.with_context(
            active_model="account.move", active_ids=move.ids
        ).create({"journal_id": move.journal_id.id, "reason": "Preț greșit"})
        wizard.modify_moves()
        self.assertNotIn(self.partner, self._billable())

    def _billable(self):
        return self.billing._estimate(self.partner, self.company, date(2025, 1, 31))
