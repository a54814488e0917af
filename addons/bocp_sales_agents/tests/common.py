from odoo import Command
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.bocp_sales_agents.models.bocp_commission_line import LEDGER_CONTEXT


def create_ledger_lines(env, move, specs):
    """Ledger entries written directly (as the engine would), for tests that
    need given amounts and states: ``specs`` is ``[(agent, amount, state)]``."""
    company = move.company_id
    return (
        env["bocp.commission.line"]
        .with_context(**{LEDGER_CONTEXT: True})
        .create(
            [
                {
                    "agent_id": agent.id,
                    "move_id": move.id,
                    "company_id": company.id,
                    "currency_id": company.currency_id.id,
                    "company_currency_id": company.currency_id.id,
                    "amount": amount,
                    "amount_company": amount,
                    "state": state,
                }
                for agent, amount, state in specs
            ]
        )
    )


class BocpCommissionCase(TransactionCase):
    """Own data for every commission test: two agents, one client, taxes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=True, lang="en_US")
        )
        cls.company = cls.env.company
        cls.currency = cls.company.currency_id
        cls.tax = cls.env["account.tax"].create(
            {
                "name": "BOCP test VAT 20%",
                "amount": 20.0,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "company_id": cls.company.id,
            }
        )
        category = cls.env["product.category"]
        cls.categ_parent = category.create({"name": "BOCP Hardware"})
        cls.categ_child = category.create(
            {"name": "BOCP Printers", "parent_id": cls.categ_parent.id}
        )
        cls.categ_other = category.create({"name": "BOCP Services"})
        product = cls.env["product.product"]
        cls.product_a = product.create(
            {"name": "Printer A", "categ_id": cls.categ_child.id, "list_price": 100.0}
        )
        cls.product_b = product.create(
            {"name": "Printer B", "categ_id": cls.categ_child.id, "list_price": 100.0}
        )
        cls.product_c = product.create(
            {"name": "Service C", "categ_id": cls.categ_other.id, "type": "service"}
        )
        cls.product_ship = product.create(
            {
                "name": "Shipping",
                "type": "service",
                "categ_id": cls.categ_other.id,
                "bocp_commission_excluded": True,
            }
        )
        cls.agent_ext = cls._create_agent("Agent Extern SRL", "external", 10.0, True)
        cls.agent_emp = cls._create_agent("Ion Popescu", "employee", 5.0)
        cls.client = cls.env["res.partner"].create(
            {
                "name": "Client Papetărie SRL",
                "is_company": True,
                "bocp_agent_ids": [Command.set((cls.agent_ext | cls.agent_emp).ids)],
            }
        )
        cls.client_solo = cls.env["res.partner"].create(
            {"name": "Client Fără Agent SRL", "is_company": True}
        )

    @classmethod
    def _create_agent(cls, name, agent_type, percent, is_company=False):
        return cls.env["res.partner"].create(
            dict(
                cls._agent_vals(agent_type, percent),
                name=name,
                is_company=is_company,
            )
        )

    @staticmethod
    def _agent_vals(agent_type, percent):
        """An agent with a default rule of ``percent``."""
        return {
            "bocp_is_agent": True,
            "bocp_agent_type": agent_type,
            "bocp_commission_rule_ids": [
                Command.create({"applies_on": "default", "percent": percent})
            ],
        }

    @classmethod
    def _invoice(
        cls,
        lines,
        partner=None,
        move_type="out_invoice",
        currency=None,
        post=True,
        date="2025-01-15",
    ):
        vals = {
            "move_type": move_type,
            "partner_id": (partner or cls.client).id,
            "invoice_date": date,
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": product.id,
                        "quantity": quantity,
                        "price_unit": price,
                        "tax_ids": [Command.set(cls.tax.ids)],
                    }
                )
                for product, quantity, price in lines
            ],
        }
        if currency:
            vals["currency_id"] = currency.id
        move = cls.env["account.move"].create(vals)
        if post:
            move.action_post()
        return move

    @classmethod
    def _pay(cls, invoice, amount=None, date="2025-02-01"):
        vals = {"payment_date": date}
        if amount is not None:
            vals["amount"] = amount
        wizard = (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(vals)
        )
        return wizard._create_payments()

    @staticmethod
    def _unreconcile(invoice):
        invoice.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        ).remove_move_reconcile()

    def _lines(self, moves, agent=None, state=None):
        domain = [("move_id", "in", moves.ids)]
        if agent:
            domain.append(("agent_id", "=", agent.id))
        if state:
            domain.append(("state", "=", state))
        return self.env["bocp.commission.line"].search(
            domain, order="move_line_id, agent_id, id"
        )

    def _total(self, lines, field="amount"):
        return round(sum(lines.mapped(field)), 2)

    def _settle(self, agents):
        unsettled = self.env["bocp.commission.unsettled"].search(
            [("agent_id", "in", agents.ids)]
        )
        unsettled.action_settle()
        return self.env["bocp.commission.settlement"].search(
            [("agent_id", "in", agents.ids)], order="id desc"
        )

    @classmethod
    def _foreign_currency(cls, rate=0.2):
        """A currency of our own: 1 company unit = ``rate`` foreign units."""
        currency = cls.env["res.currency"].create(
            {"name": "BCX", "symbol": "¤", "rounding": 0.01}
        )
        # Rates are relative to the rates' base, which the company currency
        # need not be (demo data): scale by the company currency's own rate.
        base = cls.currency._get_rates(cls.company, "2025-01-15")[cls.currency.id]
        cls.env["res.currency.rate"].create(
            {
                "name": "2025-01-01",
                "rate": rate * base,
                "currency_id": currency.id,
                "company_id": cls.company.id,
            }
        )
        return currency

    @classmethod
    def _user(cls, login, groups, **kw):
        return new_test_user(cls.env, login=login, groups=groups, **kw)
