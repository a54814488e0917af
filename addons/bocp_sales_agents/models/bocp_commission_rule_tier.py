from odoo import fields, models


class BocpCommissionRuleTier(models.Model):
    _name = "bocp.commission.rule.tier"
    _description = "Commission Tier"
    _order = "rule_id, amount_from"

    rule_id = fields.Many2one(
        comodel_name="bocp.commission.rule",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="rule_id.company_id", store=True)
    amount_from = fields.Float(
        string="From",
        digits="Account",
        required=True,
        help="Included: a base equal to this amount falls in this tier.",
    )
    amount_to = fields.Float(
        string="Up to",
        digits="Account",
        help="Excluded: a base equal to this amount falls in the next tier. "
        "Leave 0 on the last tier for no upper limit.",
    )
    percent = fields.Float(string="Rate (%)", digits=(16, 4), required=True)

    _sql_constraints = [
        (
            "percent_range",
            "CHECK(percent >= 0 AND percent <= 100)",
            "A commission rate must be between 0 and 100%.",
        ),
        (
            "amount_order",
            "CHECK(amount_from >= 0 AND (amount_to = 0 OR amount_to > amount_from))",
            "A tier must end after it starts.",
        ),
    ]
