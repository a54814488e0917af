from odoo import api, fields, models
from odoo.exceptions import UserError

PROFORMA_STATES = [
    ("open", "Issued"),
    ("converted", "Converted"),
    ("cancel", "Cancelled"),
]


class BocpProforma(models.Model):
    """A proforma ("Proformă") of what a client will be invoiced: numbered in
    its own series, printed and emailed, never posted to accounting. It
    reserves its readings and interventions until it is converted into the
    fiscal invoice or cancelled."""

    _name = "bocp.proforma"
    _description = "Rental Proforma"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Number", required=True, copy=False, readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Client", required=True, readonly=True, index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda s: s.env.company
    )
    currency_id = fields.Many2one("res.currency", required=True, readonly=True)
    date = fields.Date(required=True, readonly=True, default=fields.Date.context_today)
    period_end = fields.Date(
        string="Billed Up To", readonly=True, help="Readings up to this date."
    )
    state = fields.Selection(
        PROFORMA_STATES, default="open", required=True, tracking=True, copy=False
    )
    line_ids = fields.One2many(
        "bocp.proforma.line", "proforma_id", string="Lines", readonly=True
    )
    fiscal_position_id = fields.Many2one("account.fiscal.position", readonly=True)
    payment_term_id = fields.Many2one("account.payment.term", readonly=True)
    work_point_id = fields.Many2one("stock.warehouse", readonly=True)
    issuer_name = fields.Char(string="Issued By", readonly=True)
    note = fields.Text()
    invoice_id = fields.Many2one(
        "account.move", readonly=True, copy=False, tracking=True
    )
    amount_untaxed = fields.Monetary(
        string="Untaxed Amount", compute="_compute_amounts", store=True
    )
    amount_tax = fields.Monetary(string="Taxes", compute="_compute_amounts", store=True)
    amount_total = fields.Monetary(
        string="Total", compute="_compute_amounts", store=True
    )

    @api.depends("line_ids.price_subtotal", "line_ids.price_total")
    def _compute_amounts(self):
        for proforma in self:
            proforma.amount_untaxed = sum(proforma.line_ids.mapped("price_subtotal"))
            proforma.amount_total = sum(proforma.line_ids.mapped("price_total"))
            proforma.amount_tax = proforma.amount_total - proforma.amount_untaxed

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if self.filtered(lambda p: p.state != "cancel"):
            raise UserError(
                self.env._("Cancel the proforma first; its number stays used.")
            )

    def _release_items(self):
        self.line_ids.reading_line_ids.proforma_line_id = False
        self.line_ids.intervention_line_ids.proforma_line_id = False

    def action_cancel(self):
        """Cancel: its readings and interventions become billable again."""
        if self.filtered(lambda p: p.state != "open"):
            raise UserError(self.env._("Only an issued proforma can be cancelled."))
        self._release_items()
        self.state = "cancel"
        return True

    def action_convert_to_invoice(self):
        """ "Transformă în factură": the fiscal invoice with the same lines."""
        self.ensure_one()
        if self.state == "converted":
            return self._action_open_invoice()
        if self.state != "open":
            raise UserError(self.env._("A cancelled proforma cannot be invoiced."))
        self.env["bocp.billing"]._convert_proforma(self)
        return self._action_open_invoice()

    def _action_open_invoice(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.invoice_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_send(self):
        """Email the proforma PDF to the client."""
        self.ensure_one()
        template = self.env.ref("bocp_printer_rental.mail_template_bocp_proforma")
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "force_email": True,
            },
        }

    def action_print(self):
        self.ensure_one()
        return self.env.ref(
            "bocp_printer_rental.action_report_bocp_proforma"
        ).report_action(self)
