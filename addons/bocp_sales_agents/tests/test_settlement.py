from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import BocpCommissionCase


@tagged("post_install", "-at_install")
class TestSettlement(BocpCommissionCase):
    def _paid_invoice(self, amount, partner=None, currency=None):
        invoice = self._invoice(
            [(self.product_a, 1, amount)], partner=partner, currency=currency
        )
        self._pay(invoice)
        return invoice

    def test_unsettled_screen_totals(self):
        self._paid_invoice(1000.0)
        self._paid_invoice(500.0)
        self._invoice([(self.product_a, 1, 700.0)])  # not paid: not listed
        rows = self.env["bocp.commission.unsettled"].search(
            [("agent_id", "in", (self.agent_ext | self.agent_emp).ids)]
        )
        totals = {row.agent_id: (row.amount, row.line_count) for row in rows}
        self.assertEqual(totals[self.agent_ext], (150.0, 2))
        self.assertEqual(totals[self.agent_emp], (75.0, 2))

    def test_settle_per_agent(self):
        invoice = self._paid_invoice(1000.0)
        rows = self.env["bocp.commission.unsettled"].search(
            [("agent_id", "in", (self.agent_ext | self.agent_emp).ids)]
        )
        action = rows.action_settle()
        settlements = self.env["bocp.commission.settlement"].search(
            [("agent_id", "in", (self.agent_ext | self.agent_emp).ids)]
        )
        self.assertEqual(action["res_model"], "bocp.commission.settlement")
        self.assertEqual(len(settlements), 2)
        by_agent = {s.agent_id: s for s in settlements}
        self.assertEqual(by_agent[self.agent_ext].total, 100.0)
        self.assertEqual(by_agent[self.agent_emp].total, 50.0)
        self.assertTrue(by_agent[self.agent_ext].name.startswith("DEC/"))
        lines = self._lines(invoice)
        self.assertEqual(set(lines.mapped("state")), {"settled"})
        self.assertEqual(lines.settlement_id, settlements)
        self.assertFalse(
            self.env["bocp.commission.unsettled"].search(
                [("agent_id", "in", (self.agent_ext | self.agent_emp).ids)]
            )
        )

    def test_settled_lines_fresh_in_same_transaction(self):
        """Settling moves the lines in SQL: the ORM must not keep showing
        them unsettled in the same transaction."""
        invoice = self._paid_invoice(1000.0)
        line = self._lines(invoice, self.agent_ext)
        self.assertEqual(line.state, "validated")
        self.assertFalse(line.settlement_line_ids)
        settlement = self._settle(self.agent_ext)
        self.assertEqual((line.state, line.is_frozen), ("settled", True))
        self.assertEqual(line.settlement_id, settlement)
        self.assertEqual(line.settlement_line_ids.settlement_id, settlement)
        self.assertEqual(settlement.line_ids.commission_line_id, line)

    def test_settle_twice_settles_once(self):
        self._paid_invoice(1000.0)
        rows = self.env["bocp.commission.unsettled"].search(
            [("agent_id", "=", self.agent_ext.id)]
        )
        rows.action_settle()
        self.env.invalidate_all()  # the second click comes in a new request
        again = rows.action_settle()  # double click on a stale screen
        self.assertEqual(again["tag"], "display_notification")
        settlements = self.env["bocp.commission.settlement"].search(
            [("agent_id", "=", self.agent_ext.id)]
        )
        self.assertEqual(len(settlements), 1)
        self.assertEqual(len(settlements.line_ids), 1)

    def test_settlements_never_mix_currencies(self):
        foreign = self._foreign_currency()
        self._paid_invoice(1000.0)
        self._paid_invoice(100.0, currency=foreign)
        settlements = self._settle(self.agent_ext)
        self.assertEqual(len(settlements), 2)
        by_currency = {s.currency_id: s for s in settlements}
        self.assertEqual(by_currency[self.currency].total, 100.0)
        self.assertEqual(by_currency[foreign].total, 10.0)
        self.assertEqual(by_currency[foreign].total_company, 50.0)
        for settlement in settlements:
            self.assertEqual(
                settlement.line_ids.commission_line_id.currency_id,
                settlement.currency_id,
            )

    def test_one_active_settlement_per_line_in_database(self):
        self._paid_invoice(1000.0)
        settlement = self._settle(self.agent_ext)
        line = settlement.line_ids.commission_line_id
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.cr.savepoint(),
        ):
            self.env["bocp.commission.settlement"].create(
                {
                    "agent_id": self.agent_ext.id,
                    "company_id": self.company.id,
                    "currency_id": self.currency.id,
                    "line_ids": [
                        (0, 0, {"commission_line_id": line.id, "amount": 1.0})
                    ],
                }
            ).flush_recordset()

    def test_cancel_settlement_releases_lines(self):
        invoice = self._paid_invoice(1000.0)
        settlement = self._settle(self.agent_ext)
        settlement.action_cancel()
        line = self._lines(invoice, self.agent_ext)
        self.assertEqual((line.state, line.settlement_id.id), ("validated", False))
        self.assertFalse(settlement.line_ids.is_active)
        again = self._settle(self.agent_ext)[0]
        self.assertNotEqual(again, settlement)
        self.assertEqual(again.total, 100.0)
        self.assertEqual(line.settlement_id, again)

    def test_vendor_bill_for_external_agent(self):
        self._paid_invoice(1000.0)
        settlement = self._settle(self.agent_ext)
        settlement.action_create_bill()
        bill = settlement.bill_id
        self.assertEqual(settlement.state, "invoiced")
        self.assertEqual(bill.move_type, "in_invoice")
        self.assertEqual(bill.partner_id, self.agent_ext)
        self.assertEqual(bill.amount_total, 100.0)
        self.assertEqual(bill.currency_id, settlement.currency_id)
        with self.assertRaises(UserError):
            settlement.action_cancel()
        bill.button_cancel()
        self.assertEqual((settlement.state, settlement.bill_id.id), ("settled", False))

    def test_negative_settlement_gives_vendor_refund(self):
        invoice = self._paid_invoice(1000.0)
        self._settle(self.agent_ext)
        invoice.button_cancel()
        settlement = self._settle(self.agent_ext)[0]
        self.assertEqual(settlement.total, -100.0)
        settlement.action_create_bill()
        self.assertEqual(settlement.bill_id.move_type, "in_refund")
        self.assertEqual(settlement.bill_id.amount_total, 100.0)

    def test_zero_settlement_is_not_billed(self):
        """A correction cancelling a new commission nets to zero: a vendor
        bill of 0 would only clutter the agent's account."""
        first = self._paid_invoice(1000.0)
        self._settle(self.agent_ext)
        first.button_cancel()
        self._paid_invoice(1000.0)
        settlement = self._settle(self.agent_ext)[0]
        self.assertEqual(len(settlement.line_ids), 2)
        self.assertEqual(settlement.total, 0.0)
        with self.assertRaisesRegex(UserError, "totals zero"):
            settlement.action_create_bill()
        self.assertFalse(settlement.bill_id)
        self.assertEqual(settlement.state, "settled")

    def test_employee_is_not_billed(self):
        self._paid_invoice(1000.0)
        settlement = self._settle(self.agent_emp)
        with self.assertRaises(UserError):
            settlement.action_create_bill()

    def test_settle_queries_do_not_grow_per_line(self):
        counts = []
        for size in (1, 3, 9):  # the first run warms up sequences and caches
            agent = self._create_agent(f"Agent {size}", "external", 10.0)
            partner = self.env["res.partner"].create(
                {"name": f"Client {size}", "bocp_agent_ids": [(6, 0, agent.ids)]}
            )
            invoices = self.env["account.move"]
            for _index in range(size):
                invoices |= self._invoice(
                    [(self.product_a, 1, 100.0), (self.product_b, 1, 50.0)],
                    partner=partner,
                    post=False,
                )
            invoices.action_post()
            self._pay(invoices)
            rows = self.env["bocp.commission.unsettled"].search(
                [("agent_id", "=", agent.id)]
            )
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            rows.action_settle()
            self.env.flush_all()
            counts.append(self.cr.sql_log_count - before)
            self.assertEqual(
                len(self._lines(invoices, agent, state="settled")), size * 2
            )
        self.assertEqual(
            counts[1], counts[2], "settling must not cost a query per line"
        )
