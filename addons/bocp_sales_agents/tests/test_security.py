from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import BocpCommissionCase


@tagged("post_install", "-at_install")
class TestCommissionSecurity(BocpCommissionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Contact Creation: as every internal user has by default, so that
        # only this addon's guard stops them from making agents.
        cls.salesman = cls._user(
            "bocp_salesman",
            "sales_team.group_sale_salesman,account.group_account_invoice,"
            "base.group_partner_manager",
        )
        cls.commission_user = cls._user(
            "bocp_commission_user",
            "account.group_account_invoice,bocp_sales_agents.group_commission_user",
        )
        cls.agent_user = cls._user("bocp_agent_user", "bocp_sales_agents.group_agent")
        cls.agent_user.partner_id.write(cls._agent_vals("employee", 2.0))
        cls.portal_agent = cls._user("bocp_portal_agent", "base.group_portal")
        cls.portal_agent.partner_id.write(cls._agent_vals("external", 3.0))
        cls.client.bocp_agent_ids |= (
            cls.agent_user.partner_id | cls.portal_agent.partner_id
        )
        cls.portal_customer = cls._portal_customer()
        invoice = cls._invoice([(cls.product_a, 1, 1000.0)])
        cls._pay(invoice)
        cls.invoice = invoice
        cls.env["bocp.commission.unsettled"].search([]).action_settle()

    @classmethod
    def _portal_customer(cls):
        user = cls._user("bocp_portal_customer", "base.group_portal")
        user.partner_id.parent_id = cls.client
        return user

    def test_salesperson_posts_but_cannot_touch_commissions(self):
        invoice = self._invoice([(self.product_a, 1, 200.0)], post=False)
        invoice.with_user(self.salesman).action_post()
        self.assertEqual(len(self._lines(invoice)), 4)
        with self.assertRaises(AccessError):
            self.env["bocp.commission.line"].with_user(self.salesman).search([])
        rule = self.agent_ext.bocp_commission_rule_ids
        with self.assertRaises(AccessError):
            rule.with_user(self.salesman).write({"percent": 50.0})
        with self.assertRaises(AccessError):
            self.env["bocp.commission.rule"].with_user(self.salesman).create(
                {
                    "agent_id": self.agent_ext.id,
                    "applies_on": "partner",
                    "partner_id": self.client.id,
                    "percent": 50.0,
                }
            )
        with self.assertRaises(AccessError):
            self.salesman.partner_id.with_user(self.salesman).bocp_is_agent = True
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.salesman).create(
                {"name": "Agent nou", "bocp_is_agent": True}
            )
        # Allocating agents to a client is theirs to do.
        self.client_solo.with_user(self.salesman).bocp_agent_ids = self.agent_emp
        # The salesperson may still change the agents of a draft invoice.
        draft = self._invoice([(self.product_a, 1, 200.0)], post=False)
        draft.with_user(self.salesman).bocp_agent_ids = self.agent_emp
        self.assertEqual(draft.bocp_agent_ids, self.agent_emp)

    def test_billing_user_pays_and_cancels_settled_invoice(self):
        """Payments and a cancel by a user without commission rights keep the
        ledger right: no access error, corrections for what was settled."""
        invoice = self._invoice([(self.product_a, 1, 100.0)])
        (
            self.env["account.payment.register"]
            .with_user(self.salesman)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"payment_date": "2025-02-01"})
            ._create_payments()
        )
        self.assertEqual(set(self._lines(invoice).mapped("state")), {"validated"})
        self.assertEqual(self._total(self._lines(invoice)), 20.0)
        self.invoice.with_user(self.salesman).button_cancel()
        self.assertEqual(self.invoice.state, "cancel")
        lines = self._lines(self.invoice)
        corrections = lines.filtered(lambda line: line.line_type == "correction")
        self.assertEqual(len(corrections), 4)
        self.assertEqual(self._total(corrections), -200.0)
        self.assertEqual(set(corrections.mapped("reason")), {"Invoice cancelled"})
        self.assertEqual(self._total(lines), 0.0)

    def test_manager_bills_only_with_invoicing_rights(self):
        settlement = self.env["bocp.commission.settlement"].search(
            [("agent_id", "=", self.portal_agent.partner_id.id)]
        )
        self.assertEqual(len(settlement), 1)
        manager = self._user(
            "bocp_commission_manager_only", "bocp_sales_agents.group_commission_manager"
        )
        with self.assertRaisesRegex(UserError, "Invoicing rights"):
            settlement.with_user(manager).action_create_bill()
        self.assertFalse(settlement.bill_id)
        manager.groups_id |= self.env.ref("account.group_account_invoice")
        settlement.with_user(manager).action_create_bill()
        self.assertEqual(settlement.bill_id.partner_id, self.portal_agent.partner_id)
        self.assertEqual(settlement.state, "invoiced")

    def test_salesperson_reads_whole_invoices_and_clients(self):
        """Reading every field (exports, templates) without commission rights
        does not reach the ledger nor the rules."""
        invoice = self.invoice.with_user(self.salesman)
        values = invoice.read(self._readable_fields(invoice))[0]
        self.assertIn("bocp_agent_ids", values)
        self.assertNotIn("bocp_commission_total", values)
        agent = self.agent_ext.with_user(self.salesman)
        values = agent.read(self._readable_fields(agent))[0]
        self.assertIn("name", values)
        self.assertNotIn("bocp_commission_rule_ids", values)

    @staticmethod
    def _readable_fields(records):
        """What read() without a field list gives the user, less relations
        to models the user may not read at all (with stock_account installed,
        an invoice's valuation layers are for inventory administrators only, a
        contact's website visitors for website editors: Odoo's rules, not ours)."""
        return [
            name
            for name, description in records.fields_get(attributes=["relation"]).items()
            if not description.get("relation")
            or records.env[description["relation"]].has_access("read")
        ]

    def test_settlement_lines_are_read_only(self):
        manager = self._user(
            "bocp_manager_ro", "bocp_sales_agents.group_commission_manager"
        )
        settlement = self.env["bocp.commission.settlement"].search(
            [("agent_id", "=", self.agent_ext.id)]
        )
        with self.assertRaises(AccessError):
            settlement.line_ids.with_user(manager).write({"amount": 1.0})
        # The manager still cancels it: the engine frees the lines.
        settlement.with_user(manager).action_cancel()
        self.assertEqual(settlement.state, "cancel")
        self.assertFalse(settlement.line_ids.is_active)

    def test_commission_user_reads_all_but_cannot_change(self):
        lines = self.env["bocp.commission.line"].with_user(self.commission_user)
        self.assertEqual(len(lines.search([("move_id", "=", self.invoice.id)])), 4)
        with self.assertRaises(AccessError):
            self.agent_ext.bocp_commission_rule_ids.with_user(
                self.commission_user
            ).percent = 1.0
        self._pay(self._invoice([(self.product_a, 1, 100.0)]))
        rows = (
            self.env["bocp.commission.unsettled"]
            .with_user(self.commission_user)
            .search([])
        )
        self.assertTrue(rows)
        with self.assertRaises(AccessError):
            rows.action_settle()

    def test_internal_agent_sees_only_own(self):
        env_lines = self.env["bocp.commission.line"].with_user(self.agent_user)
        lines = env_lines.search([])
        self.assertTrue(lines)
        self.assertEqual(lines.agent_id, self.agent_user.partner_id)
        other = self._lines(self.invoice, self.agent_ext)
        with self.assertRaises(AccessError):
            other.with_user(self.agent_user).read(["amount"])
        settlements = self.env["bocp.commission.settlement"].with_user(self.agent_user)
        self.assertEqual(settlements.search([]).agent_id, self.agent_user.partner_id)
        with self.assertRaises(AccessError):
            env_lines.browse(lines.ids).with_user(self.agent_user).sudo(
                False
            ).check_access("write")

    def test_portal_agent_sees_only_own(self):
        lines = self.env["bocp.commission.line"].with_user(self.portal_agent).search([])
        self.assertEqual(lines.agent_id, self.portal_agent.partner_id)
        self.assertEqual(lines.amount, 30.0)
        settlement = self.env["bocp.commission.settlement"].with_user(self.portal_agent)
        self.assertEqual(len(settlement.search([])), 1)

    def test_portal_customer_sees_no_agent_line(self):
        lines = self.env["bocp.commission.line"].with_user(self.portal_customer)
        self.assertFalse(lines.search([]))
        with self.assertRaises(AccessError):
            self._lines(self.invoice).with_user(self.portal_customer).read(["amount"])
        self.assertFalse(
            self.env["bocp.commission.settlement"]
            .with_user(self.portal_customer)
            .search([])
        )

    def test_multi_company(self):
        other_company = self.env["res.company"].create({"name": "BOCP Other Co"})
        line = self._lines(self.invoice, self.agent_user.partner_id)
        self.env.cr.execute(
            "UPDATE bocp_commission_line SET company_id = %s WHERE id = %s",
            (other_company.id, line.id),
        )
        line.invalidate_recordset()
        lines = self.env["bocp.commission.line"].with_user(self.agent_user).search([])
        self.assertNotIn(line, lines)
        manager = self._user(
            "bocp_manager_mc", "bocp_sales_agents.group_commission_manager"
        )
        found = (
            self.env["bocp.commission.line"]
            .with_user(manager)
            .search([("id", "=", line.id)])
        )
        self.assertFalse(found)
