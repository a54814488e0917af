from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare


class BocpCommissionRule(models.Model):
    _name = "bocp.commission.rule"
    _description = "Commission Rule"
    _order = "agent_id, applies_on, id"

    name = fields.Char(compute="_compute_name", store=True)
    active = fields.Boolean(default=True)
    agent_id = fields.Many2one(
        comodel_name="res.partner",
        required=True,
        ondelete="cascade",
        index=True,
        domain=[("bocp_is_agent", "=", True)],
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        default=lambda self: self.env.company,
        index=True,
    )
    applies_on = fields.Selection(
        selection=[
            ("partner", "Client"),
            ("product", "Product"),
            ("category", "Product Category"),
            ("default", "Agent default"),
        ],
        required=True,
        default="default",
        help="Priority: a rule for the client wins over a rule for the product, "
        "which wins over a rule for the product category (the nearest one), "
        "which wins over the agent's default rule.",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner", string="Client", ondelete="cascade", index=True
    )
    product_tmpl_id = fields.Many2one(
        comodel_name="product.template", string="Product", ondelete="cascade"
    )
    categ_id = fields.Many2one(
        comodel_name="product.category", string="Product Category", ondelete="cascade"
    )
    compute_type = fields.Selection(
        selection=[("percent", "Fixed percentage"), ("tiers", "Tiers")],
        string="Computation",
        required=True,
        default="percent",
    )
    percent = fields.Float(string="Rate (%)", digits=(16, 4))
    tier_ids = fields.One2many(
        comodel_name="bocp.commission.rule.tier",
        inverse_name="rule_id",
        string="Tiers",
        copy=True,
        help="The tier is chosen with the untaxed amount of the invoice line in "
        "company currency: from (included) up to (excluded).",
    )

    _sql_constraints = [
        (
            "percent_range",
            "CHECK(percent >= 0 AND percent <= 100)",
            "A commission rate must be between 0 and 100%.",
        ),
        (
            "target_unique",
            "UNIQUE NULLS NOT DISTINCT (agent_id, applies_on, partner_id, "
            "product_tmpl_id, categ_id, company_id)",
            "This agent already has a rule for this target.",
        ),
    ]

    @api.depends("agent_id", "applies_on", "partner_id", "product_tmpl_id", "categ_id")
    def _compute_name(self):
        labels = dict(self._fields["applies_on"]._description_selection(self.env))
        for rule in self:
            target = (
                rule.partner_id or rule.product_tmpl_id or rule.categ_id
            ).display_name
            parts = [rule.agent_id.name or "", labels.get(rule.applies_on, "")]
            rule.name = " / ".join(p for p in parts + [target or ""] if p)

    @api.constrains("applies_on", "partner_id", "product_tmpl_id", "categ_id")
    def _check_target(self):
        required = {
            "partner": "partner_id",
            "product": "product_tmpl_id",
            "category": "categ_id",
        }
        for rule in self:
            field = required.get(rule.applies_on)
            if field and not rule[field]:
                raise ValidationError(
                    _(
                        "The rule for %(agent)s must name the %(target)s it applies to.",
                        agent=rule.agent_id.display_name,
                        target=rule._fields[field].get_description(self.env)["string"],
                    )
                )

    @api.constrains("compute_type", "tier_ids")
    def _check_tiers(self):
        for rule in self.filtered(lambda r: r.compute_type == "tiers"):
            rule._check_tier_chain()

    def _check_tier_chain(self):
        """Tiers must cover [0, infinity) without gap nor overlap."""
        tiers = self.tier_ids.sorted("amount_from")
        if not tiers:
            raise ValidationError(_("A tiered rule needs at least one tier."))
        expected_from = 0.0
        for index, tier in enumerate(tiers):
            if float_compare(tier.amount_from, expected_from, precision_digits=2):
                raise ValidationError(
                    _(
                        "Tiers must follow each other without gap or overlap: "
                        "a tier should start at %(expected)s, not at %(start)s.",
                        expected=expected_from,
                        start=tier.amount_from,
                    )
                )
            is_last = index == len(tiers) - 1
            if not tier.amount_to and not is_last:
                raise ValidationError(_("Only the last tier may have no upper limit."))
            if tier.amount_to and is_last:
                raise ValidationError(
                    _("The last tier must have no upper limit (leave 'Up to' at 0).")
                )
            expected_from = tier.amount_to

    # ------------------------------------------------------------------
    # Rate lookup
    # ------------------------------------------------------------------

    def _get_rate(self, base_company):
        """Rate (%) of this rule for a base in company currency."""
        self.ensure_one()
        if self.compute_type == "percent":
            return self.percent
        amount = abs(base_company)
        for tier in self.tier_ids.sorted("amount_from"):
            starts = float_compare(amount, tier.amount_from, precision_digits=2) >= 0
            below_end = (
                not tier.amount_to
                or float_compare(amount, tier.amount_to, precision_digits=2) < 0
            )
            if starts and below_end:
                return tier.percent
        return 0.0

    @api.model
    def _get_rule_index(self, agents, companies):
        """Rules of the agents, indexed for :meth:`_pick`, in one query."""
        rules = self.sudo().search(
            [
                ("agent_id", "in", agents.ids),
                ("company_id", "in", companies.ids + [False]),
            ]
        )
        index = {}
        for rule in rules:
            target = rule.partner_id.id or rule.product_tmpl_id.id or rule.categ_id.id
            key = (rule.agent_id.id, rule.company_id.id, rule.applies_on, target)
            index.setdefault(key, rule)
        return index

    @api.model
    def _pick(self, index, agent, company, client, product):
        """The applicable rule: client > product > nearest category > default."""
        candidates = [("partner", client.id), ("product", product.product_tmpl_id.id)]
        categ = product.categ_id
        while categ:
            candidates.append(("category", categ.id))
            categ = categ.parent_id
        candidates.append(("default", False))
        for applies_on, target in candidates:
            if not target and applies_on != "default":
                continue
            rule = index.get((agent.id, company.id, applies_on, target)) or index.get(
                (agent.id, False, applies_on, target)
            )
            if rule:
                return rule
        return self.browse()
