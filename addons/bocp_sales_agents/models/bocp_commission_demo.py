from odoo import Command, api, models

# Demo invoices, by the xml id they get once made (see _load_demo_flows);
# transport is a product excluded from commissions.
DEMO_INVOICES = {
    "demo_invoice_paid": (
        "demo_client_papetaria",
        [("toner", 10), ("hartie", 20), ("transport", 1)],
    ),
    "demo_invoice_partly_paid": ("demo_client_birotica", [("toner", 5), ("hartie", 8)]),
    "demo_invoice_refunded": ("demo_client_tipografia", [("hartie", 40)]),
    "demo_invoice_open": ("demo_client_papetaria", [("toner", 3)]),
}


class BocpCommissionDemo(models.AbstractModel):
    """Builds the demo flows that records alone cannot describe: invoices
    posted, paid, partly paid and refunded, and one settlement. Called from
    the demo data only."""

    _name = "bocp.commission.demo"
    _description = "Sales Agents Demo Data"

    @api.model
    def _load_demo_flows(self):
        """Idempotent: the invoices get xml ids, and a second call (demo
        data loaded again) finds them and does nothing."""
        if self.env.ref("bocp_sales_agents.demo_invoice_paid", False):
            return
        company = self.env.company
        if not self.env["account.journal"].search_count(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
        ):
            return  # no chart of accounts: agents and clients only
        invoices = self.env["account.move"].create(
            [self._invoice_vals(*spec) for spec in DEMO_INVOICES.values()]
        )
        invoices.action_post()
        paid, partly, refunded, _open = invoices
        self._pay(paid, paid.amount_total)
        self._pay(partly, round(partly.amount_total / 2, 2))
        refunded._reverse_moves(cancel=True)
        nord = self.env.ref("bocp_sales_agents.demo_agent_nord")
        lines = self.env["bocp.commission.line"].search(
            [("agent_id", "=", nord.id), ("state", "=", "validated")]
        )
        lines._bocp_settle()
        self.env["ir.model.data"]._update_xmlids(
            [
                {
                    "xml_id": f"bocp_sales_agents.{name}",
                    "record": invoice,
                    "noupdate": True,
                }
                for name, invoice in zip(DEMO_INVOICES, invoices, strict=True)
            ]
        )

    @api.model
    def _invoice_vals(self, client_xmlid, items):
        return {
            "move_type": "out_invoice",
            "partner_id": self.env.ref(f"bocp_sales_agents.{client_xmlid}").id,
            "invoice_line_ids": [
                Command.create(self._line_vals(code, quantity))
                for code, quantity in items
            ],
        }

    @api.model
    def _line_vals(self, code, quantity):
        product = self.env.ref(f"bocp_sales_agents.demo_product_{code}")
        return {"product_id": product.id, "quantity": quantity}

    @api.model
    def _pay(self, invoice, amount):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": amount})._create_payments()
