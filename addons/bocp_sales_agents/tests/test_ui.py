from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import create_ledger_lines


@tagged("post_install", "-at_install")
class TestCommissionUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = cls.env["res.partner"].create(
            {
                "name": "Agent Tur SRL",
                "is_company": True,
                "bocp_is_agent": True,
                "bocp_commission_rule_ids": [
                    Command.create({"applies_on": "default", "percent": 10.0})
                ],
            }
        )
        cls.client = cls.env["res.partner"].create(
            {"name": "Client Tur SRL", "bocp_agent_ids": [Command.set(cls.agent.ids)]}
        )
        product = cls.env["product.product"].create({"name": "Produs tur"})
        cls.invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.client.id,
                "invoice_line_ids": [
                    Command.create(
                        {"product_id": product.id, "price_unit": 1000.0, "tax_ids": []}
                    )
                ],
            }
        )
        cls.invoice.action_post()

    def test_tour_invoice_pay_settle(self):
        self.start_tour(
            f"/odoo/action-account.action_move_out_invoice_type/{self.invoice.id}",
            "bocp_sales_agents_tour",
            login="admin",
        )
        settlement = self.env["bocp.commission.settlement"].search(
            [("agent_id", "=", self.agent.id)]
        )
        self.assertEqual(len(settlement), 1)
        self.assertEqual(settlement.total, 100.0)
        self.assertEqual(settlement.line_ids.commission_line_id.state, "settled")


@tagged("post_install", "-at_install")
class TestCommissionPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent_user = cls._portal_user("bocp_portal_agent_http", "Maria Agent")
        cls.agent = cls.agent_user.partner_id
        cls.agent.write({"bocp_is_agent": True})
        cls.other_agent = cls.env["res.partner"].create(
            {"name": "Alt Agent SRL", "bocp_is_agent": True}
        )
        cls.customer_user = cls._portal_user("bocp_portal_client_http", "Client Portal")
        move = cls.env["account.move"].create(
            {"move_type": "out_invoice", "partner_id": cls.customer_user.partner_id.id}
        )
        lines = create_ledger_lines(
            cls.env,
            move,
            [(cls.agent, 123.45, "validated"), (cls.other_agent, 99.0, "validated")],
        )
        cls.own, cls.other = lines._bocp_settle().sorted(
            lambda s: s.agent_id != cls.agent
        )
        create_ledger_lines(cls.env, move, [(cls.agent, 7.5, "to_validate")])

    @classmethod
    def _portal_user(cls, login, name):
        return cls.env["res.users"].create(
            {
                "name": name,
                "login": login,
                "password": login,
                "lang": "en_US",
                "groups_id": [Command.set([cls.env.ref("base.group_portal").id])],
            }
        )

    def test_agent_commissions_page(self):
        self.authenticate("bocp_portal_agent_http", "bocp_portal_agent_http")
        response = self.url_open("/my/commissions")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.own.name, response.text)
        self.assertNotIn(self.other.name, response.text)
        self.assertRegex(response.text, r"123[.,]45")
        self.assertRegex(response.text, r"7[.,]50")

    def test_agent_statement(self):
        self.authenticate("bocp_portal_agent_http", "bocp_portal_agent_http")
        response = self.url_open(f"/my/commissions/settlement/{self.own.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.own.name, response.text)
        self.assertRegex(response.text, r"123[.,]45")
        response = self.url_open(f"/my/commissions/settlement/{self.other.id}")
        self.assertNotIn(self.other.name, response.text)
        self.assertTrue(response.url.endswith("/my"))

    def test_statement_ids_are_strict(self):
        """Only ASCII digits in the range of ids reach the handler: full-width
        digits (which Odoo's int converter reads as the id) or 40 digits are
        404, with no traceback in the log."""
        self.authenticate("bocp_portal_agent_http", "bocp_portal_agent_http")
        full_width = "".join(chr(0xFF10 + int(d)) for d in str(self.own.id))
        for wrong in (full_width, "²", "9" * 40, "2147483648", "0", "-1", "1.0"):
            with self.assertNoLogs("odoo", "ERROR"):
                response = self.url_open(
                    f"/my/commissions/settlement/{wrong}", allow_redirects=False
                )
            self.assertEqual(response.status_code, 404, wrong)
            self.assertNotIn(self.own.name, response.text)

    def test_customer_sees_no_commission(self):
        self.authenticate("bocp_portal_client_http", "bocp_portal_client_http")
        response = self.url_open("/my/commissions")
        self.assertTrue(response.url.endswith("/my"))
        self.assertNotRegex(response.text, r"123[.,]45")
        response = self.url_open(f"/my/commissions/settlement/{self.own.id}")
        self.assertNotIn(self.own.name, response.text)
