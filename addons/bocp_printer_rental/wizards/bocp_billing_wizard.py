from odoo import api, fields, models

BILLING_MODES = [("invoice", "Invoice"), ("proforma", "Proforma")]


class BocpBillingWizard(models.TransientModel):
    """Options of an invoicing run: series, date, draft or posted."""

    _name = "bocp.billing.wizard"
    _description = "Issue Rental Invoices"

    mode = fields.Selection(BILLING_MODES, required=True, default="invoice")
    partner_ids = fields.Many2many("res.partner", string="Clients", required=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date = fields.Date(
        string="Invoice Date",
        required=True,
        default=fields.Date.context_today,
        help="Readings and interventions up to this date are invoiced; the fixed "
        "fees are due up to the billing period that holds it.",
    )
    journal_id = fields.Many2one(
        "account.journal",
        string="Invoice Series",
        domain="[('type', '=', 'sale'), ('company_id', '=', company_id)]",
        default=lambda self: self.env["bocp.billing"]._default_journal(
            self.env.company
        ),
    )
    post = fields.Boolean(
        string="Post the Invoices",
        default=lambda self: self.env.company.bocp_auto_post,
    )

    address_problems = fields.Text(
        compute="_compute_address_problems",
        help="What Odoo's e-Factura (CIUS-RO) builder would refuse in the "
        "addresses of the company and of these clients.",
    )

    @api.depends("partner_ids", "company_id")
    def _compute_address_problems(self):
        for wizard in self:
            partners = wizard.company_id.partner_id | wizard.partner_ids
            wizard.address_problems = "\n".join(
                problem
                for partner in partners
                for problem in partner._bocp_ro_address_problems()
            )

    def action_confirm(self):
        self.ensure_one()
        billing = self.env["bocp.billing"].with_company(self.company_id)
        if billing._bocp_in_background(self.partner_ids):
            return self._queue(billing)
        if self.mode == "proforma":
            records = billing._create_proformas(self.partner_ids, self.date)
        else:
            records = billing._create_invoices(
                self.partner_ids, self.date, self.journal_id, self.post
            )
        return self._open(records)

    def _queue(self, billing):
        """Many clients: the run is queued (bocp_job) and its job opened."""
        model = "bocp.proforma" if self.mode == "proforma" else "account.move"
        self.env[model].check_access("create")
        day = fields.Date.to_string(self.date)
        if self.mode == "proforma":
            name = self.env._(
                "Proformas for %(count)s clients", count=len(self.partner_ids)
            )
            job = billing._bocp_queue(
                name, "_bocp_job_proformas", self.partner_ids, day=day
            )
        else:
            journal = self.journal_id or billing._default_journal(self.company_id)
            billing._check_journal(journal, self.company_id)
            name = self.env._(
                "Invoices for %(count)s clients", count=len(self.partner_ids)
            )
            job = billing._bocp_queue(
                name,
                "_bocp_job_invoices",
                self.partner_ids,
                day=day,
                journal_id=journal.id,
                post=self.post,
            )
        return job._action_open()

    def _open(self, records):
        action = {
            "type": "ir.actions.act_window",
            "res_model": records._name,
            "name": self.env._("Proformas")
            if records._name == "bocp.proforma"
            else self.env._("Invoices"),
        }
        if len(records) == 1:
            action.update(
                {"res_id": records.id, "view_mode": "form", "views": [(False, "form")]}
            )
        else:
            action.update(
                {
                    "domain": [("id", "in", records.ids)],
                    "view_mode": "list,form",
                    "views": [(False, "list"), (False, "form")],
                }
            )
        return action
