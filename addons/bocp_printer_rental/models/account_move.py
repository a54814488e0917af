from odoo import api, fields, models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    _inherit = "account.move"

    bocp_work_point_id = fields.Many2one(
        "stock.warehouse",
        string="Work Point",
        copy=False,
        help="Work point (punct de lucru) printed on the rental invoice.",
    )
    bocp_issuer_name = fields.Char(string="Issued By", copy=False)
    bocp_period_end = fields.Date(
        string="Rental Billed Up To",
        copy=False,
        help="The readings and interventions up to this date are on the invoice.",
    )
    bocp_proforma_id = fields.Many2one(
        "bocp.proforma", string="Proforma", copy=False, readonly=True
    )
    bocp_is_rental = fields.Boolean(
        string="Rental Invoice", compute="_compute_bocp_is_rental"
    )

    @api.depends("line_ids.bocp_rental_id")
    def _compute_bocp_is_rental(self):
        for move in self:
            move.bocp_is_rental = bool(move.line_ids.bocp_rental_id)

    def _bocp_release_items(self):
        """Readings and interventions of these invoices become billable again."""
        lines = self.line_ids
        lines.bocp_reading_line_ids.invoice_line_id = False
        lines.bocp_intervention_line_ids.invoice_line_id = False

    def write(self, vals):
        if vals.get("state") == "cancel":
            self._bocp_release_items()
        return super().write(vals)

    def button_draft(self):
        if any(m.state == "cancel" and m.bocp_is_rental for m in self):
            raise UserError(
                self.env._(
                    "This cancelled rental invoice has given its readings and "
                    "interventions back to billing; issue a new invoice from the "
                    "Billing screen instead of resetting it."
                )
            )
        return super().button_draft()

    def action_bocp_print_annex(self):
        self.ensure_one()
        return self.env.ref(
            "bocp_printer_rental.action_report_bocp_invoice_annex"
        ).report_action(self)
