from odoo import fields, models


class BocpCommissionSettlementLine(models.Model):
    _name = "bocp.commission.settlement.line"
    _description = "Commission Settlement Line"
    _order = "settlement_id, id"

    settlement_id = fields.Many2one(
        comodel_name="bocp.commission.settlement",
        required=True,
        ondelete="cascade",
        index=True,
    )
    commission_line_id = fields.Many2one(
        comodel_name="bocp.commission.line",
        required=True,
        ondelete="restrict",
        index=True,
    )
    is_active = fields.Boolean(
        string="Active",
        default=True,
        help="False once the settlement is cancelled: the commission line can "
        "then be settled again.",
    )
    agent_id = fields.Many2one(related="settlement_id.agent_id")
    company_id = fields.Many2one(related="settlement_id.company_id", store=True)
    currency_id = fields.Many2one(related="settlement_id.currency_id")
    company_currency_id = fields.Many2one(
        related="settlement_id.company_currency_id", string="Company Currency"
    )
    move_id = fields.Many2one(related="commission_line_id.move_id", string="Invoice")
    partner_id = fields.Many2one(related="commission_line_id.partner_id")
    product_id = fields.Many2one(related="commission_line_id.product_id")
    date = fields.Date(related="commission_line_id.date")
    rate = fields.Float(related="commission_line_id.rate")
    line_type = fields.Selection(related="commission_line_id.line_type")
    reason = fields.Char(related="commission_line_id.reason")
    base = fields.Monetary(currency_field="currency_id")
    amount = fields.Monetary(string="Commission", currency_field="currency_id")
    amount_company = fields.Monetary(
        string="Commission (Company Currency)", currency_field="company_currency_id"
    )

    def init(self):
        # The rule that must never break: a commission line is in at most one
        # active settlement, whatever two users do at the same time.
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS bocp_commission_settlement_line_one_active
                ON bocp_commission_settlement_line (commission_line_id)
             WHERE is_active
            """
        )
