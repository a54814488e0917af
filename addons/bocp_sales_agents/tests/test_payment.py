from odoo.tests import tagged

from .common import BocpCommissionCase


@tagged("post_install", "-at_install")
class TestPaymentValidation(BocpCommissionCase):
    def test_full_payment_validates(self):
        invoice = self._invoice([(self.product_a, 1, 1000.0)])
        self._pay(invoice)
        self.assertEqual(invoice.payment_state, "paid")
        lines = self._lines(invoice)
        self.assertEqual(set(lines.mapped("state")), {"validated"})
        self.assertEqual(self._total(lines), 150.0)
        self.assertTrue(all(lines.mapped("date_validated")))

    def test_partial_payment_proportional(self):
        # 1000 + 20% VAT = 1200; 300 paid = 25%.
        invoice = self._invoice([(self.product_a, 1, 1000.0)])
        self._pay(invoice, amount=300.0)
        ext = self._lines(invoice, self.agent_ext)
        self.assertEqual(
            self._total(ext.filtered(lambda line: line.state == "validated")), 25.0
        )
        self.assertEqual(
            self._total(ext.filtered(lambda line: line.state == "to_validate")), 75.0
        )
        self.assertEqual(self._total(ext), 100.0)
        self._pay(invoice, amount=900.0)
        ext = self._lines(invoice, self.agent_ext)
        self.assertEqual(ext.mapped("state"), ["validated"])
        self.assertEqual(ext.amount, 100.0)

    def test_rounding_rest_on_last_payment(self):
        # Commission 10.00 paid in thirds, settled after each payment:
        # 3.33 + 3.34 + 3.33 = 10.00 exactly, in both currencies.
        self.client_solo.bocp_agent_ids = self.agent_ext
        invoice = self._invoice([(self.product_a, 1, 100.0)], partner=self.client_solo)
        # 120.00 to pay in three payments of 40.00
        shares = []
        for _index in range(3):
            self._pay(invoice, amount=40.0)
            settlement = self._settle(self.agent_ext)[0]
            shares.append(settlement.total)
            self.assertEqual(settlement.total_company, settlement.total)
        self.assertEqual(shares, [3.33, 3.34, 3.33])
        lines = self._lines(invoice, self.agent_ext)
        self.assertEqual(self._total(lines), 10.0)
        self.assertEqual(self._total(lines, "amount_company"), 10.0)
        self.assertEqual(self._total(lines, "base"), 100.0)
        self.assertEqual(set(lines.mapped("state")), {"settled"})

    def test_unreconcile_before_settlement(self):
        invoice = self._invoice([(self.product_a, 1, 1000.0)])
        self._pay(invoice)
        self._unreconcile(invoice)
        lines = self._lines(invoice)
        self.assertEqual(set(lines.mapped("state")), {"to_validate"})
        self.assertFalse(lines.filtered(lambda line: line.line_type == "correction"))
        self.assertEqual(self._total(lines), 150.0)

    def test_unreconcile_after_settlement(self):
        invoice = self._invoice([(self.product_a, 1, 1000.0)])
        self._pay(invoice)
        first = self._settle(self.agent_ext)
        self.assertEqual(first.total, 100.0)
        self._unreconcile(invoice)
        ext = self._lines(invoice, self.agent_ext)
        settled = ext.filtered(lambda line: line.state == "settled")
        correction = ext.filtered(lambda line: line.line_type == "correction")
        pending = ext.filtered(lambda line: line.state == "to_validate")
        self.assertEqual(settled.amount, 100.0)
        self.assertEqual((correction.amount, correction.state), (-100.0, "validated"))
        self.assertEqual(correction.origin_line_id, settled)
        self.assertTrue(correction.reason)
        self.assertEqual(pending.amount, 100.0)
        # The correction goes into the next settlement.
        second = self._settle(self.agent_ext)[0]
        self.assertEqual(second.total, -100.0)
        # Half paid again: the shares validated and still due are plain
        # invoice lines, not corrections.
        self._pay(invoice, amount=600.0)
        free = ext.search(
            [
                ("move_id", "=", invoice.id),
                ("agent_id", "=", self.agent_ext.id),
                ("state", "!=", "settled"),
            ]
        )
        self.assertEqual(
            sorted(free.mapped(lambda line: (line.state, line.amount, line.line_type))),
            [("to_validate", 50.0, "invoice"), ("validated", 50.0, "invoice")],
        )
        self.assertEqual(free.mapped("reason"), [False, False])
        self.assertFalse(free.origin_line_id)
        # Paid in full: validated again, once.
        self._pay(invoice, amount=600.0)
        third = self._settle(self.agent_ext)[0]
        self.assertEqual(third.total, 100.0)
        self.assertEqual(self._total(self._lines(invoice, self.agent_ext)), 100.0)

    def test_corrections_link_to_the_settled_line(self):
        invoice = self._invoice([(self.product_a, 1, 1000.0)])
        self._pay(invoice, amount=600.0)
        self._pay(invoice, amount=600.0)
        self._settle(self.agent_ext)
        settled = self._lines(invoice, self.agent_ext)
        partials = invoice.line_ids.matched_credit_ids.sorted("id")
        self.assertEqual(len(partials), 2)
        # One payment removed, its correction settled; then the other one.
        partials[0].unlink()
        self.assertEqual(self._settle(self.agent_ext)[0].total, -50.0)
        partials[1].unlink()
        correction = self._lines(invoice, self.agent_ext, state="validated")
        self.assertEqual(
            (correction.amount, correction.line_type), (-50.0, "correction")
        )
        # It corrects the settled invoice line, not the earlier correction.
        self.assertEqual(correction.origin_line_id, settled)

    def test_foreign_currency(self):
        foreign = self._foreign_currency()
        invoice = self._invoice([(self.product_a, 1, 100.0)], currency=foreign)
        line = self._lines(invoice, self.agent_ext)
        self.assertEqual(line.currency_id, foreign)
        self.assertEqual((line.base, line.amount), (100.0, 10.0))
        self.assertEqual((line.base_company, line.amount_company), (500.0, 50.0))
        self._pay(invoice, amount=60.0)  # half of 120
        validated = self._lines(invoice, self.agent_ext, state="validated")
        self.assertEqual((validated.amount, validated.amount_company), (5.0, 25.0))
