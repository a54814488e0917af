"""The scenario of bench_commissions.py, run the same way in both databases."""

import random
from dataclasses import dataclass

from _common import Measure, environment

from odoo import Command

AGENTS = 10
CLIENTS = 200
PRODUCTS = 20
LINES_PER_INVOICE = 5
CHUNK = 500


@dataclass
class Step:
    seconds: float
    queries: int
    lines: int = 0
    settlements: int = 0


class Scenario:
    """One database's side of the benchmark. The benchmark calls the timed
    steps chunk by chunk, alternating the two databases, so that the noise of
    a shared machine hits both sides alike."""

    def __init__(self, registry, with_addon, invoices):
        self.registry = registry
        self.with_addon = with_addon
        self.invoices = invoices
        self.invoice_ids = []
        self.totals = {}

    def prepare(self):
        self._setup()
        self.invoice_ids = self._create_invoices()

    def post(self, ids):
        self._timed("post", self._post, ids)

    def pay(self, ids):
        self._timed("pay", self._pay, ids)

    # -- steps ----------------------------------------------------------

    def _timed(self, name, method, ids):
        with environment(self.registry) as env:
            env.flush_all()
            with Measure() as measure:
                method(env, ids)
                env.flush_all()
        total = self.totals.setdefault(name, Step(0.0, 0))
        total.seconds += measure.seconds
        total.queries += measure.queries

    def _setup(self):
        with environment(self.registry) as env:
            company = env.company
            if not env["account.journal"].search_count(
                [("type", "=", "sale"), ("company_id", "=", company.id)]
            ):
                env["account.chart.template"].try_loading(
                    "generic_coa", company=company, install_demo=False
                )
            tax = env["account.tax"].create(
                {"name": "Bench VAT 21%", "amount": 21.0, "type_tax_use": "sale"}
            )
            products = env["product.product"].create(
                [
                    {
                        "name": f"Bench product {i}",
                        "list_price": 10.0 + i,
                        "taxes_id": [Command.set(tax.ids)],
                    }
                    for i in range(PRODUCTS)
                ]
            )
            agents = env["res.partner"].create(
                [self._agent_vals(i) for i in range(AGENTS)]
            )
            clients = env["res.partner"].create(
                [self._client_vals(i, agents) for i in range(CLIENTS)]
            )
            self.product_ids, self.client_ids = products.ids, clients.ids
            self.tax_ids = tax.ids

    def _agent_vals(self, index):
        vals = {"name": f"Bench agent {index}", "is_company": index % 2 == 0}
        if self.with_addon:
            vals.update(
                bocp_is_agent=True,
                bocp_agent_type="external",
                bocp_commission_rule_ids=[
                    Command.create({"applies_on": "default", "percent": 5.0})
                ],
            )
        return vals

    def _client_vals(self, index, agents):
        vals = {"name": f"Bench client {index}", "is_company": True}
        if self.with_addon:
            pair = agents[index % AGENTS] | agents[(index + 1) % AGENTS]
            vals["bocp_agent_ids"] = [Command.set(pair.ids)]
        return vals

    def _create_invoices(self):
        rnd = random.Random(4)
        ids = []
        with environment(self.registry) as env:
            for start in range(0, self.invoices, CHUNK):
                count = min(CHUNK, self.invoices - start)
                vals_list = [self._invoice_vals(rnd) for _index in range(count)]
                ids += env["account.move"].create(vals_list).ids
        return ids

    def _invoice_vals(self, rnd):
        return {
            "move_type": "out_invoice",
            "partner_id": rnd.choice(self.client_ids),
            "invoice_date": "2025-03-14",
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": rnd.choice(self.product_ids),
                        "quantity": rnd.randint(1, 9),
                        "price_unit": round(rnd.uniform(5, 500), 2),
                        "tax_ids": [Command.set(self.tax_ids)],
                    }
                )
                for _line in range(LINES_PER_INVOICE)
            ],
        }

    @staticmethod
    def _post(env, ids):
        env["account.move"].browse(ids).action_post()

    @staticmethod
    def _pay(env, ids):
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            env["account.payment.register"].with_context(
                active_model="account.move", active_ids=chunk
            ).create(
                {"payment_date": "2025-03-20", "group_payment": False}
            )._create_payments()

    def settle(self):
        with environment(self.registry) as env:
            rows = env["bocp.commission.unsettled"].search([])
            lines = sum(rows.mapped("line_count"))
            env.flush_all()
            with Measure() as measure:
                rows.action_settle()
                env.flush_all()
            settlements = env["bocp.commission.settlement"].search_count(
                [("date_to", "!=", False)]
            )
        return Step(measure.seconds, measure.queries, lines, settlements)
