from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError

# Who may read commission lines at all: other users (salespeople) reading
# every field of an invoice must not hit the ledger's access rights.
COMMISSION_READERS = (
    "bocp_sales_agents.group_commission_user,bocp_sales_agents.group_agent"
)


class AccountMove(models.Model):
    _inherit = "account.move"

    bocp_agent_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="bocp_account_move_agent_rel",
        column1="move_id",
        column2="agent_id",
        string="Sales Agents",
        compute="_compute_bocp_agent_ids",
        store=True,
        readonly=False,
        precompute=True,
        copy=True,
        domain=[("bocp_is_agent", "=", True)],
        help="Agents earning a commission on this invoice: taken from the sale "
        "order, or from the client for an invoice made directly.",
    )
    bocp_commission_line_ids = fields.One2many(
        comodel_name="bocp.commission.line",
        inverse_name="move_id",
        string="Commissions",
        readonly=True,
        groups=COMMISSION_READERS,
    )
    bocp_commission_total = fields.Monetary(
        string="Commission Total",
        compute="_compute_bocp_commission_total",
        currency_field="currency_id",
        groups=COMMISSION_READERS,
    )

    @api.depends("partner_id", "move_type")
    def _compute_bocp_agent_ids(self):
        for move in self:
            if move.is_sale_document(include_receipts=True):
                move.bocp_agent_ids = move.partner_id._bocp_client_agents()
            else:
                move.bocp_agent_ids = False

    @api.depends("bocp_commission_line_ids.amount")
    def _compute_bocp_commission_total(self):
        for move in self:
            move.bocp_commission_total = sum(
                move.bocp_commission_line_ids.mapped("amount")
            )

    # ------------------------------------------------------------------
    # Hooks
    # ------------------------------------------------------------------

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._bocp_commission_refresh()
        return posted

    def button_draft(self):
        res = super().button_draft()
        reason = self.env.context.get("bocp_commission_reason") or _(
            "Invoice reset to draft"
        )
        self._bocp_commission_refresh(reason=reason)
        return res

    def button_cancel(self):
        reason = _("Invoice cancelled")
        res = super(
            AccountMove, self.with_context(bocp_commission_reason=reason)
        ).button_cancel()
        self._bocp_commission_refresh(reason=reason)
        self._bocp_release_settlement_bills()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_settled_commissions(self):
        frozen = (
            self.env["bocp.commission.line"]
            .sudo()
            .search_count(
                [("move_id", "in", self.ids), ("is_frozen", "=", True)], limit=1
            )
        )
        if frozen:
            raise UserError(
                _(
                    "This invoice has settled commissions: cancel it instead of "
                    "deleting it, so that the correction goes into the next settlement."
                )
            )
        # A deleted commission bill makes its settlement payable again.
        self._bocp_release_settlement_bills()

    def _bocp_release_settlement_bills(self):
        settlements = (
            self.env["bocp.commission.settlement"]
            .sudo()
            .search([("bill_id", "in", self.ids)])
        )
        settlements._bocp_release_bills()

    # ------------------------------------------------------------------
    # Commission engine
    # ------------------------------------------------------------------

    def _bocp_commission_refresh(self, reason=None):
        """Decide again what the sale documents of self earn (posting,
        reset to draft, cancel) and sync the ledger."""
        moves = self.filtered(lambda m: m.is_sale_document(include_receipts=True))
        if not moves:
            return
        accruals = moves._bocp_commission_accruals()
        self.env["bocp.commission.line"]._bocp_sync(moves, accruals, reason=reason)

    def _bocp_commission_sync_payments(self, reason=None):
        """Payments changed: move shares between to validate and validated."""
        moves = self.filtered(
            lambda m: m.state == "posted" and m.is_sale_document(include_receipts=True)
        )
        self.env["bocp.commission.line"]._bocp_sync(moves, None, reason=reason)

    def _bocp_paid_fractions(self):
        """Share of each move already paid, between 0 and 1."""
        fractions = {}
        for move in self:
            if move.state != "posted":
                fractions[move.id] = 0.0
                continue
            currency = move.currency_id
            total = move.amount_total
            residual = move.amount_residual
            if currency.is_zero(residual) or currency.is_zero(total):
                fractions[move.id] = 1.0
            else:
                fractions[move.id] = min(1.0, max(0.0, (total - residual) / total))
        return fractions

    def _bocp_commission_lines_to_accrue(self):
        """Invoice lines that carry a commission."""
        self.ensure_one()
        return self.invoice_line_ids.filtered(
            lambda line: line.display_type == "product"
            and not line.is_downpayment
            and not line.product_id.bocp_commission_excluded
            and not line.currency_id.is_zero(line.amount_currency)
        )

    def _bocp_commission_accruals(self):
        """``{(agent, move, move line): vals}`` of what the posted sale
        documents of self earn."""
        moves = self.filtered(lambda m: m.state == "posted")
        if not moves:
            return {}
        origins = moves._bocp_commission_origins()
        agents = moves.bocp_agent_ids
        for per_agent in origins.values():
            agents |= self.env["res.partner"].browse(list(per_agent))
        rule_model = self.env["bocp.commission.rule"]
        rule_index = rule_model._get_rule_index(agents, moves.company_id)
        accruals = {}
        for move in moves:
            origin = origins.get(move.reversed_entry_id.id)
            for line in move._bocp_commission_lines_to_accrue():
                for vals in move._bocp_prepare_line_accruals(line, origin, rule_index):
                    key = (vals["agent_id"], move.id, line.id)
                    accruals[key] = vals
        return accruals

    def _bocp_commission_origins(self):
        """For credit notes: ``{original move: {agent: {product: entry}}}``
        so that a refund follows the agents and rates of what it reverses."""
        originals = self.reversed_entry_id
        if not originals:
            return {}
        entries = (
            self.env["bocp.commission.line"]
            .sudo()
            .search(
                [("move_id", "in", originals.ids), ("line_type", "!=", "correction")],
                order="id",
            )
        )
        origins = defaultdict(lambda: defaultdict(dict))
        for entry in entries:
            products = origins[entry.move_id.id][entry.agent_id.id]
            products.setdefault(entry.product_id.id, entry)
            products.setdefault(False, entry)
        return origins

    def _bocp_prepare_line_accruals(self, line, origin, rule_index):
        """Accrual vals of one invoice line, one per agent."""
        self.ensure_one()
        if self.reversed_entry_id:
            agent_ids = list(origin or {})
        else:
            agent_ids = self.bocp_agent_ids.ids
        base_company = -line.balance
        result = []
        for agent in self.env["res.partner"].browse(agent_ids):
            source = (origin or {}).get(agent.id, {})
            entry = source.get(line.product_id.id) or source.get(False)
            if entry:
                rule, rate = entry.rule_id, entry.rate
            else:
                rule = self.env["bocp.commission.rule"]._pick(
                    rule_index,
                    agent,
                    self.company_id,
                    self.commercial_partner_id,
                    line.product_id,
                )
                rate = rule._get_rate(base_company) if rule else 0.0
            vals = self._bocp_prepare_accrual_vals(line, agent, rule, rate, entry)
            if vals:
                result.append(vals)
        return result

    def _bocp_prepare_accrual_vals(self, line, agent, rule, rate, origin_entry):
        self.ensure_one()
        currency = self.currency_id
        company_currency = self.company_id.currency_id
        base = -line.amount_currency
        base_company = -line.balance
        amount = currency.round(base * rate / 100.0)
        amount_company = company_currency.round(base_company * rate / 100.0)
        if currency.is_zero(amount) and company_currency.is_zero(amount_company):
            return None
        is_refund = self.move_type == "out_refund"
        return {
            "agent_id": agent.id,
            "move_id": self.id,
            "move_line_id": line.id,
            "partner_id": self.commercial_partner_id.id,
            "product_id": line.product_id.id,
            "company_id": self.company_id.id,
            "currency_id": currency.id,
            "company_currency_id": company_currency.id,
            "date": self.invoice_date or self.date,
            "rule_id": rule.id,
            "rate": rate,
            "base": base,
            "amount": amount,
            "base_company": base_company,
            "amount_company": amount_company,
            "line_type": "refund" if is_refund else "invoice",
            "origin_line_id": origin_entry.id if origin_entry else False,
            "reason": _("Credit note %(name)s", name=self.name) if is_refund else False,
        }
