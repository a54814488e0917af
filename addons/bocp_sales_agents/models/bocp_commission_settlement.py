from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL


class BocpCommissionSettlement(models.Model):
    _name = "bocp.commission.settlement"
    _inherit = ["mail.thread"]
    _description = "Commission Settlement"
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number", required=True, readonly=True, copy=False, default="/"
    )
    agent_id = fields.Many2one(
        comodel_name="res.partner",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        tracking=True,
    )
    agent_type = fields.Selection(related="agent_id.bocp_agent_type")
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency", required=True, readonly=True
    )
    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    date = fields.Date(
        string="Settlement Date",
        required=True,
        readonly=True,
        default=fields.Date.context_today,
    )
    date_from = fields.Date(string="Period From", readonly=True)
    date_to = fields.Date(string="Period To", readonly=True)
    line_ids = fields.One2many(
        comodel_name="bocp.commission.settlement.line",
        inverse_name="settlement_id",
        string="Lines",
        readonly=True,
    )
    line_count = fields.Integer(
        string="Number of Lines", compute="_compute_totals", store=True
    )
    total = fields.Monetary(
        compute="_compute_totals", store=True, currency_field="currency_id"
    )
    total_company = fields.Monetary(
        string="Total (Company Currency)",
        compute="_compute_totals",
        store=True,
        currency_field="company_currency_id",
    )
    state = fields.Selection(
        selection=[
            ("settled", "Settled"),
            ("invoiced", "Billed"),
            ("cancel", "Cancelled"),
        ],
        string="Status",
        required=True,
        readonly=True,
        default="settled",
        tracking=True,
    )
    bill_id = fields.Many2one(
        comodel_name="account.move",
        string="Vendor Bill",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )

    @api.depends("line_ids.amount", "line_ids.amount_company")
    def _compute_totals(self):
        for settlement in self:
            lines = settlement.line_ids
            settlement.line_count = len(lines)
            settlement.total = settlement.currency_id.round(sum(lines.mapped("amount")))
            settlement.total_company = settlement.company_currency_id.round(
                sum(lines.mapped("amount_company"))
            )

    @api.constrains("line_ids", "currency_id", "agent_id")
    def _check_single_currency(self):
        for settlement in self:
            lines = settlement.line_ids.commission_line_id
            if lines.currency_id - settlement.currency_id:
                raise ValidationError(_("A settlement cannot mix currencies."))
            if lines.agent_id - settlement.agent_id:
                raise ValidationError(
                    _("A settlement holds the commissions of a single agent.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                seq = self.env["ir.sequence"].with_company(vals.get("company_id"))
                vals["name"] = seq.next_by_code("bocp.commission.settlement") or "/"
        return super().create(vals_list)

    @api.model
    def _prepare_settlement_vals(
        self, agent_id, company_id, currency_id, date_from, date_to
    ):
        today = fields.Date.context_today(self)
        return {
            "agent_id": agent_id,
            "company_id": company_id,
            "currency_id": currency_id,
            "date_from": date_from or today,
            "date_to": date_to or today,
        }

    def _bocp_attach_lines(self, line_ids, settlement_ids):
        """Settle ``line_ids[i]`` into ``settlement_ids[i]`` in two set-based
        queries, whatever the number of lines: the commission lines are
        frozen and copied into settlement lines, then the totals are summed.
        The ORM cache is then told what changed behind its back."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                WITH settled AS (
                    UPDATE bocp_commission_line l
                       SET state = 'settled', settlement_id = m.settlement_id,
                           is_frozen = TRUE, write_uid = %(uid)s,
                           write_date = %(now)s
                      FROM UNNEST(%(lines)s::int[], %(settlements)s::int[])
                           AS m(line_id, settlement_id)
                     WHERE l.id = m.line_id
                 RETURNING l.id, l.settlement_id, l.base, l.amount,
                           l.amount_company, l.company_id
                )
                INSERT INTO bocp_commission_settlement_line
                       (settlement_id, commission_line_id, base, amount,
                        amount_company, company_id, is_active,
                        create_uid, write_uid, create_date, write_date)
                SELECT settlement_id, id, base, amount, amount_company,
                       company_id, TRUE, %(uid)s, %(uid)s, %(now)s, %(now)s
                  FROM settled
                """,
                uid=self.env.uid,
                now=self.env.cr.now(),
                lines=line_ids,
                settlements=settlement_ids,
            )
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE bocp_commission_settlement s
                   SET total = t.total, total_company = t.total_company,
                       line_count = t.line_count
                  FROM (SELECT settlement_id, SUM(amount) AS total,
                               SUM(amount_company) AS total_company,
                               COUNT(*) AS line_count
                          FROM bocp_commission_settlement_line
                         WHERE settlement_id = ANY(%s)
                         GROUP BY settlement_id) t
                 WHERE s.id = t.settlement_id
                """,
                self.ids,
            )
        )
        self._bocp_invalidate_settled(line_ids)

    def _bocp_invalidate_settled(self, line_ids):
        """Cache of what :meth:`_bocp_attach_lines` changed in SQL. The
        totals were summed in SQL too: they are invalidated, not marked to
        recompute (that would read every line again)."""
        self.invalidate_recordset(["line_ids", "total", "total_company", "line_count"])
        changed = ["state", "settlement_id", "is_frozen", "write_uid", "write_date"]
        lines = self.env["bocp.commission.line"].browse(line_ids)
        lines.invalidate_recordset([*changed, "settlement_line_ids"])
        lines.modified(changed)
        self.env["bocp.commission.unsettled"].invalidate_model()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_cancel(self):
        """Cancel settlements not billed yet: their lines can be settled again."""
        self.check_access("write")
        if self.filtered(lambda s: s.state != "settled"):
            raise UserError(_("Only a settlement that is not billed can be cancelled."))
        self.line_ids.commission_line_id._bocp_release()
        # Settlement lines are read-only for everyone: the engine frees them.
        self.line_ids.sudo().write({"is_active": False})
        self.line_ids.flush_recordset(["is_active"])
        self.write({"state": "cancel"})
        return True

    def action_create_bill(self):
        """Vendor bill (or refund when negative) for external agents."""
        todo = self.filtered(lambda s: s.state == "settled" and not s.bill_id)
        if todo.filtered(lambda s: s.agent_type != "external"):
            raise UserError(
                _(
                    "Only external agents are paid by vendor bill; employees are paid through payroll."
                )
            )
        if not todo:
            raise UserError(_("These settlements are already billed or cancelled."))
        if not self.env.user.has_group("account.group_account_invoice"):
            raise UserError(
                _(
                    "Creating vendor bills needs the Invoicing rights "
                    "(Accounting: Billing); ask an accountant to bill this settlement."
                )
            )
        nothing_to_pay = todo.filtered(lambda s: s.currency_id.is_zero(s.total))
        if nothing_to_pay:
            raise UserError(
                _(
                    "Settlement %(names)s totals zero: there is nothing to bill.",
                    names=", ".join(nothing_to_pay.mapped("name")),
                )
            )
        bills = self.env["account.move"].create(
            [settlement._prepare_bill_vals() for settlement in todo]
        )
        for settlement, bill in zip(todo, bills, strict=True):
            settlement.write({"bill_id": bill.id, "state": "invoiced"})
        return self._bocp_bill_action(bills)

    def _prepare_bill_vals(self):
        self.ensure_one()
        product = self.env.ref("bocp_sales_agents.product_product_commission")
        journal = self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(self.company_id),
                ("type", "=", "purchase"),
            ],
            limit=1,
        )
        if not journal:
            raise UserError(_("Create a purchase journal first to bill the agents."))
        move_type = "in_invoice" if self.total >= 0 else "in_refund"
        label = _(
            "Commissions %(number)s, period %(date_from)s - %(date_to)s",
            number=self.name,
            date_from=self.date_from,
            date_to=self.date_to,
        )
        return {
            "move_type": move_type,
            "partner_id": self.agent_id.id,
            "company_id": self.company_id.id,
            "journal_id": journal.id,
            "currency_id": self.currency_id.id,
            "invoice_date": self.date,
            "ref": self.name,
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": product.id,
                        "name": label,
                        "quantity": 1.0,
                        "price_unit": abs(self.total),
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }

    def _bocp_bill_action(self, bills):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_in_invoice_type"
        )
        if len(bills) == 1:
            action.update(res_id=bills.id, views=[(False, "form")], view_mode="form")
        else:
            action["domain"] = [("id", "in", bills.ids)]
        return action

    def action_view_bill(self):
        self.ensure_one()
        return self._bocp_bill_action(self.bill_id)

    def _bocp_release_bills(self):
        """The bill was cancelled or deleted: the settlement is payable again."""
        self.write({"bill_id": False, "state": "settled"})

    @api.ondelete(at_uninstall=False)
    def _unlink_except_active(self):
        if self.filtered(lambda s: s.state != "cancel"):
            raise UserError(_("Cancel a settlement before deleting it."))
