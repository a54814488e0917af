from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import BocpCommissionCase


@tagged("post_install", "-at_install")
class TestCommissionRules(BocpCommissionCase):
    def test_default_rate_on_posting(self):
        invoice = self._invoice(
            [(self.product_a, 2, 500.0), (self.product_c, 1, 500.0)]
        )
        lines = self._lines(invoice, self.agent_ext)
        self.assertEqual(lines.mapped("base"), [1000.0, 500.0])
        self.assertEqual(lines.mapped("rate"), [10.0, 10.0])
        self.assertEqual(lines.mapped("amount"), [100.0, 50.0])
        self.assertEqual(set(lines.mapped("state")), {"to_validate"})
        emp = self._lines(invoice, self.agent_emp)
        self.assertEqual(self._total(emp), 75.0)
        self.assertEqual(invoice.bocp_commission_total, 225.0)

    def test_invoice_shows_its_commissions_right_after_posting(self):
        """The ledger is written in SQL: in the same transaction the invoice
        must not show what its cache held before posting."""
        invoice = self._invoice([(self.product_a, 1, 1000.0)], post=False)
        self.assertEqual(invoice.bocp_commission_total, 0.0)
        self.assertFalse(invoice.bocp_commission_line_ids)
        invoice.action_post()
        self.assertEqual(len(invoice.bocp_commission_line_ids), 2)
        self.assertEqual(invoice.bocp_commission_total, 150.0)
        invoice.button_draft()
        self.assertEqual(invoice.bocp_commission_total, 0.0)

    def test_draft_invoice_has_no_commission(self):
        invoice = self._invoice([(self.product_a, 1, 100.0)], post=False)
        self.assertFalse(self._lines(invoice))

    def test_rule_priority(self):
        rule = self.env["bocp.commission.rule"]
        rule.create(
            [
                {
                    "agent_id": self.agent_ext.id,
                    "applies_on": "partner",
                    "partner_id": self.client.id,
                    "percent": 7.0,
                },
                {
                    "agent_id": self.agent_ext.id,
                    "applies_on": "product",
                    "product_tmpl_id": self.product_a.product_tmpl_id.id,
                    "percent": 6.0,
                },
                {
                    "agent_id": self.agent_ext.id,
                    "applies_on": "category",
                    "categ_id": self.categ_parent.id,
                    "percent": 4.0,
                },
            ]
        )
        other_client = self.client_solo
        other_client.bocp_agent_ids = self.agent_ext
        # Client rule wins over everything for that client.
        invoice = self._invoice(
            [(self.product_a, 1, 100.0), (self.product_c, 1, 100.0)]
        )
        self.assertEqual(
            self._lines(invoice, self.agent_ext).mapped("rate"), [7.0, 7.0]
        )
        # Another client: product > category (parent, the nearest with a rule) > default.
        invoice = self._invoice(
            [
                (self.product_a, 1, 100.0),
                (self.product_b, 1, 100.0),
                (self.product_c, 1, 100.0),
            ],
            partner=other_client,
        )
        self.assertEqual(
            self._lines(invoice, self.agent_ext).mapped("rate"), [6.0, 4.0, 10.0]
        )
        # A rule on the child category is nearer than the parent's.
        rule.create(
            {
                "agent_id": self.agent_ext.id,
                "applies_on": "category",
                "categ_id": self.categ_child.id,
                "percent": 3.0,
            }
        )
        invoice = self._invoice([(self.product_b, 1, 100.0)], partner=other_client)
        self.assertEqual(self._lines(invoice, self.agent_ext).rate, 3.0)

    def test_rule_needs_target_and_is_unique(self):
        with self.assertRaises(ValidationError):
            self.env["bocp.commission.rule"].create(
                {"agent_id": self.agent_ext.id, "applies_on": "product", "percent": 1.0}
            )
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.cr.savepoint(),
        ):
            self.env["bocp.commission.rule"].create(
                {"agent_id": self.agent_ext.id, "applies_on": "default", "percent": 2.0}
            )

    def _tiered_agent(self):
        agent = self._create_agent("Agent Trepte", "external", 0.0)
        agent.bocp_commission_rule_ids.write(
            {
                "compute_type": "tiers",
                "tier_ids": [
                    Command.create(
                        {"amount_from": 0.0, "amount_to": 1000.0, "percent": 5.0}
                    ),
                    Command.create(
                        {"amount_from": 1000.0, "amount_to": 5000.0, "percent": 7.0}
                    ),
                    Command.create(
                        {"amount_from": 5000.0, "amount_to": 0.0, "percent": 10.0}
                    ),
                ],
            }
        )
        return agent

    def test_tiers_half_open(self):
        agent = self._tiered_agent()
        self.client_solo.bocp_agent_ids = agent
        invoice = self._invoice(
            [
                (self.product_a, 1, 999.99),
                (self.product_a, 1, 1000.0),
                (self.product_a, 1, 4999.99),
                (self.product_a, 1, 5000.0),
            ],
            partner=self.client_solo,
        )
        lines = self._lines(invoice, agent)
        self.assertEqual(lines.mapped("rate"), [5.0, 7.0, 7.0, 10.0])
        self.assertEqual(lines.mapped("amount"), [50.0, 70.0, 350.0, 500.0])

    def test_tiers_without_gap_or_overlap(self):
        agent = self._create_agent("Agent Greșit", "external", 0.0)
        rule = agent.bocp_commission_rule_ids
        bad_chains = [
            [(0.0, 1000.0, 5.0), (1000.01, 0.0, 7.0)],  # gap
            [(0.0, 1000.0, 5.0), (999.99, 0.0, 7.0)],  # overlap
            [(0.0, 1000.0, 5.0)],  # bounded last tier
            [(10.0, 0.0, 5.0)],  # does not start at 0
        ]
        for chain in bad_chains:
            with self.subTest(chain=chain), self.assertRaises(ValidationError):
                rule.write(
                    {
                        "compute_type": "tiers",
                        "tier_ids": [Command.clear()]
                        + [
                            Command.create(
                                {"amount_from": f, "amount_to": t, "percent": p}
                            )
                            for f, t, p in chain
                        ],
                    }
                )

    def test_rate_and_base_are_stored(self):
        invoice = self._invoice([(self.product_a, 1, 1000.0)])
        self.agent_ext.bocp_commission_rule_ids.percent = 20.0
        line = self._lines(invoice, self.agent_ext)
        self.assertEqual((line.rate, line.base, line.amount), (10.0, 1000.0, 100.0))
        self._pay(invoice)
        self.assertEqual(line.amount, 100.0)
        later = self._invoice([(self.product_a, 1, 1000.0)])
        self.assertEqual(self._lines(later, self.agent_ext).amount, 200.0)

    def test_lines_without_commission(self):
        invoice = self._invoice([(self.product_a, 1, 100.0)], post=False)
        invoice.write(
            {
                "invoice_line_ids": [
                    Command.create({"display_type": "line_section", "name": "Section"}),
                    Command.create({"display_type": "line_note", "name": "Note"}),
                    Command.create(
                        {
                            "product_id": self.product_b.id,
                            "price_unit": 0.0,
                            "tax_ids": [Command.set(self.tax.ids)],
                        }
                    ),
                    Command.create(
                        {
                            "product_id": self.product_ship.id,
                            "price_unit": 30.0,
                            "tax_ids": [Command.set(self.tax.ids)],
                        }
                    ),
                    Command.create(
                        {
                            "product_id": self.product_c.id,
                            "price_unit": 40.0,
                            "is_downpayment": True,
                            "tax_ids": [Command.set(self.tax.ids)],
                        }
                    ),
                ]
            }
        )
        invoice.action_post()
        lines = self._lines(invoice, self.agent_ext)
        self.assertEqual(lines.move_line_id.product_id, self.product_a)
        self.assertEqual(self._total(lines), 10.0)

    def test_sale_order_agents(self):
        self.product_a.invoice_policy = "order"
        form = Form(self.env["sale.order"])
        form.partner_id = self.client
        self.assertEqual(
            set(form.bocp_agent_ids.ids), set((self.agent_ext | self.agent_emp).ids)
        )
        form.bocp_agent_ids.remove(self.agent_ext.id)
        with form.order_line.new() as line:
            line.product_id = self.product_a
            line.product_uom_qty = 1
            line.price_unit = 1000.0
        order = form.save()
        order.action_confirm()
        invoice = order._create_invoices()
        self.assertEqual(invoice.bocp_agent_ids, self.agent_emp)
        invoice.action_post()
        self.assertEqual(self._lines(invoice).agent_id, self.agent_emp)
        # An invoice made directly takes the client's agents.
        direct = self._invoice([(self.product_a, 1, 100.0)])
        self.assertEqual(self._lines(direct).agent_id, self.agent_ext | self.agent_emp)

    def _order(self, agents=None, price=1000.0):
        self.product_a.invoice_policy = "order"
        order = self.env["sale.order"].create(
            {
                "partner_id": self.client.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product_a.id,
                            "product_uom_qty": 1,
                            "price_unit": price,
                            "tax_id": [Command.set(self.tax.ids)],
                        }
                    )
                ],
            }
        )
        if agents is not None:
            order.bocp_agent_ids = agents
        order.action_confirm()
        return order

    def test_down_payment_and_its_deduction_earn_nothing(self):
        order = self._order()
        self.env["sale.advance.payment.inv"].with_context(
            active_model="sale.order", active_ids=order.ids
        ).create(
            {"advance_payment_method": "percentage", "amount": 40.0}
        ).create_invoices()
        down_payment = order.invoice_ids
        down_payment.action_post()
        self.assertFalse(self._lines(down_payment))
        final = order._create_invoices(final=True)
        final.action_post()
        deduction = final.invoice_line_ids.filtered("is_downpayment")
        self.assertEqual(deduction.price_subtotal, -400.0)
        ext = self._lines(final, self.agent_ext)
        self.assertEqual(ext.move_line_id.product_id, self.product_a)
        # The whole order earns its commission once, on the final invoice.
        self.assertEqual(self._total(ext), 100.0)

    def test_orders_with_other_agents_are_invoiced_apart(self):
        orders = self._order() | self._order() | self._order(self.agent_emp)
        invoices = orders._create_invoices()
        self.assertEqual(len(invoices), 2)
        merged = invoices.filtered(lambda inv: len(inv.invoice_line_ids) == 2)
        self.assertEqual(merged.bocp_agent_ids, self.agent_ext | self.agent_emp)
        self.assertEqual((invoices - merged).bocp_agent_ids, self.agent_emp)

    def test_only_agents_can_be_allocated(self):
        with self.assertRaises(ValidationError):
            self.client.bocp_agent_ids = self.client_solo

    def test_add_agent_wizard(self):
        contact = self.env["res.partner"].create({"name": "Maria Ionescu"})
        wizard = Form(self.env["bocp.agent.add.wizard"])
        wizard.partner_id = contact
        wizard.agent_type = "external"
        wizard.percent = 8.0
        wizard.save().action_confirm()
        self.assertTrue(contact.bocp_is_agent)
        self.assertEqual(contact.bocp_commission_rule_ids.percent, 8.0)
