from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from odoo.addons.bocp_sales_agents.models.bocp_commission_line import LEDGER_CONTEXT

from .common import BocpCommissionCase


@tagged("post_install", "-at_install")
class TestRefundsAndCorrections(BocpCommissionCase):
    def _credit_note(self, invoice):
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "Retur"})
        )
        action = wizard.refund_moves()
        return self.env["account.move"].browse(action["res_id"])

    def test_refund_follows_original_agents(self):
        invoice = self._invoice([(self.product_a, 1, 1000.0)])
        newcomer = self._create_agent("Agent Nou", "external", 50.0)
        self.client.bocp_agent_ids = newcomer
        self.agent_ext.bocp_commission_rule_ids.percent = 20.0
        refund = invoice._reverse_moves()
        # Even agents changed on the credit note do not count: it follows
        # the agents and rates of what it reverses.
        refund.bocp_agent_ids = newcomer
        refund.action_post()  # posting matches it with the invoice
        lines = self._lines(refund)
        self.assertEqual(lines.agent_id, self.agent_ext | self.agent_emp)
        ext = lines.filtered(lambda line: line.agent_id == self.agent_ext)
        self.assertEqual(
            (ext.amount, ext.rate, ext.line_type), (-100.0, 10.0, "refund")
        )
        self.assertEqual(ext.origin_line_id, self._lines(invoice, self.agent_ext))
        # Fully reversed: both sides validated, net zero for the agent.
        self.assertEqual(invoice.payment_state, "reversed")
        all_lines = self._lines(invoice | refund)
        self.assertEqual(set(all_lines.mapped("state")), {"validated"})
        self.assertEqual(self._total(all_lines), 0.0)

    def test_partial_credit_note_is_proportional(self):
        invoice = self._invoice([(self.product_a, 10, 100.0)])
        refund = self._credit_note(invoice)
        with Form(refund) as form, form.invoice_line_ids.edit(0) as line:
            line.quantity = 3
        refund.action_post()
        ext = self._lines(refund, self.agent_ext)
        self.assertEqual((ext.base, ext.amount, ext.rate), (-300.0, -30.0, 10.0))
        # Posting matched the credit note with the invoice: it paid 30% of it,
        # so 30% is validated on each side and the agent nets zero.
        self.assertEqual(invoice.payment_state, "partial")
        self.assertEqual(ext.state, "validated")
        validated = self._lines(invoice | refund, self.agent_ext, state="validated")
        self.assertEqual(self._total(validated), 0.0)
        self.assertEqual(
            self._total(self._lines(invoice, self.agent_ext, state="validated")), 30.0
        )

    def test_draft_or_cancel_unsettled_removes_lines(self):
        invoice = self._invoice([(self.product_a, 1, 1000.0)])
        self._pay(invoice, amount=600.0)
        invoice.button_draft()
        self.assertFalse(self._lines(invoice))
        invoice.action_post()
        self.assertEqual(self._total(self._lines(invoice)), 150.0)
        invoice.button_cancel()
        self.assertFalse(self._lines(invoice))

    def test_reset_to_draft_after_settlement(self):
        invoice = self._invoice([(self.product_a, 1, 1000.0)])
        self._pay(invoice)
        settlement = self._settle(self.agent_ext)
        settled = self._lines(invoice, self.agent_ext)
        invoice.button_draft()
        self.assertEqual((settled.state, settled.amount), ("settled", 100.0))
        correction = self._lines(invoice, self.agent_ext) - settled
        self.assertEqual(correction.line_type, "correction")
        self.assertEqual(correction.amount, -100.0)
        self.assertEqual(correction.reason, "Invoice reset to draft")
        self.assertEqual(correction.origin_line_id, settled)
        self.assertEqual(settlement.total, 100.0)
        # Posted again with a lower price and paid: only the difference is due.
        invoice.invoice_line_ids.price_unit = 800.0
        invoice.action_post()
        self._pay(invoice)
        # The payment keeps the correction's reason and its link.
        correction = self._lines(invoice, self.agent_ext, state="validated")
        self.assertEqual(
            (correction.amount, correction.line_type), (-20.0, "correction")
        )
        self.assertEqual(correction.reason, "Invoice reset to draft")
        self.assertEqual(correction.origin_line_id, settled)
        next_settlement = self._settle(self.agent_ext)[0]
        self.assertEqual(next_settlement.total, -20.0)
        self.assertEqual(self._total(self._lines(invoice, self.agent_ext)), 80.0)

    def test_cancel_after_settlement(self):
        invoice = self._invoice([(self.product_a, 1, 1000.0)])
        self._pay(invoice)
        self._settle(self.agent_ext)
        invoice.button_cancel()
        correction = self._lines(invoice, self.agent_ext, state="validated")
        self.assertEqual(correction.amount, -100.0)
        self.assertEqual(correction.reason, "Invoice cancelled")
        self.assertEqual(self._settle(self.agent_ext)[0].total, -100.0)

    def test_refund_after_settlement(self):
        invoice = self._invoice([(self.product_a, 1, 1000.0)])
        self._pay(invoice)
        self._settle(self.agent_ext)
        refund = self._credit_note(invoice)
        refund.action_post()
        refund_line = self._lines(refund, self.agent_ext)
        self.assertEqual(
            (refund_line.amount, refund_line.state), (-100.0, "to_validate")
        )
        self.assertEqual(refund_line.origin_line_id.state, "settled")
        self.assertIn(refund.name, refund_line.reason)
        # Money goes back to the client: the refund is validated when paid out.
        self._pay(refund)
        self.assertEqual(self._settle(self.agent_ext)[0].total, -100.0)

    def test_settled_lines_are_frozen(self):
        invoice = self._invoice([(self.product_a, 1, 1000.0)])
        self._pay(invoice)
        self._settle(self.agent_ext)
        line = self._lines(invoice, self.agent_ext)
        ledger = line.with_context(**{LEDGER_CONTEXT: True})
        with self.assertRaises(UserError):
            ledger.write({"amount": 1.0})
        with self.assertRaises(UserError):
            ledger.unlink()
        with self.assertRaises(UserError):
            line.sudo().write({"reason": "x"})
        invoice.button_draft()
        with self.assertRaises(UserError):
            invoice.unlink()
