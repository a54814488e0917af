from odoo import Command, api, models


class BocpCommissionDemo(models.AbstractModel):
    """Builds the demo flows: invoices paid, partly paid and refunded, and one
    settlement. Called from the demo data only."""

    _name = "bocp.commission.demo"
    _description = "Sales Agents Demo Data"

    @api.model
    def _load_demo_agents(self):
        ref = self.env.ref
        andrei = ref("bocp_sales_agents.demo_user_agent_andrei").partner_id
        elena = ref("bocp_sales_agents.demo_user_agent_elena").partner_id
        andrei.write(self._agent_vals("employee", 5.0))
        elena.write(self._agent_vals("external", 6.0))
        elena.write(
            {
                "city": "Brașov",
                "state_id": ref("base.RO_BV").id,
                "country_id": ref("base.ro").id,
            }
        )

    @api.model
    def _agent_vals(self, agent_type, percent):
        return {
            "bocp_is_agent": True,
            "bocp_agent_type": agent_type,
            "bocp_commission_rule_ids": [
                Command.create({"applies_on": "default", "percent": percent})
            ],
        }

    @api.model
    def _load_demo_flows(self):
        ref = self.env.ref
        company = self.env.company
        if not self.env["account.journal"].search_count(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
        ):
            return
        nord = ref("bocp_sales_agents.demo_agent_nord")
        andrei = ref("bocp_sales_agents.demo_user_agent_andrei").partner_id
        elena = ref("bocp_sales_agents.demo_user_agent_elena").partner_id
        papetaria = ref("bocp_sales_agents.demo_client_papetaria")
        birotica = ref("bocp_sales_agents.demo_client_birotica")
        tipografia = ref("bocp_sales_agents.demo_client_tipografia")
        papetaria.bocp_agent_ids = nord | andrei
        birotica.bocp_agent_ids = nord | elena
        tipografia.bocp_agent_ids = elena
        self.env["bocp.commission.rule"].create(
            {
                "agent_id": nord.id,
                "applies_on": "partner",
                "partner_id": birotica.id,
                "percent": 10.0,
            }
        )
        paid, partly, refunded, open_ = self.env["account.move"].create(
            [
                self._invoice_vals(
                    papetaria, [("toner", 10), ("hartie", 20), ("transport", 1)]
                ),
                self._invoice_vals(birotica, [("toner", 5), ("hartie", 8)]),
                self._invoice_vals(tipografia, [("hartie", 40)]),
                self._invoice_vals(papetaria, [("toner", 3)]),
            ]
        )
        (paid | partly | refunded | open_).action_post()
        self._pay(paid, paid.amount_total)
        self._pay(partly, round(partly.amount_total / 2, 2))
        refunded._reverse_moves(cancel=True)
        lines = self.env["bocp.commission.line"].search(
            [("agent_id", "=", nord.id), ("state", "=", "validated")]
        )
        lines._bocp_settle()

    @api.model
    def _invoice_vals(self, partner, items):
        ref = self.env.ref
        return {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": ref(f"bocp_sales_agents.demo_product_{code}").id,
                        "quantity": quantity,
                    }
                )
                for code, quantity in items
            ],
        }

    @api.model
    def _pay(self, invoice, amount):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": amount})._create_payments()
