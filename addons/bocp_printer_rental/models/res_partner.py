from odoo import fields, models

# Rental data on a contact is for rental users only: anyone else reading a
# whole contact (an export, a salesperson's form) must not reach it.
RENTAL_USERS = "bocp_printer_rental.group_rental_user"


class ResPartner(models.Model):
    _inherit = "res.partner"

    bocp_price_ids = fields.One2many(
        "bocp.partner.price",
        "partner_id",
        string="Prices per Page",
        groups=RENTAL_USERS,
        help="Prices per page agreed with this client; they prefill new rental "
        "dossiers before the printer's reference price.",
    )
    bocp_rental_ids = fields.One2many(
        "bocp.rental", "partner_id", string="Dossiers", groups=RENTAL_USERS
    )
    bocp_rental_count = fields.Integer(
        string="Rental Dossiers",
        compute="_compute_bocp_rental_count",
        groups=RENTAL_USERS,
    )

    def _compute_bocp_rental_count(self):
        counts = dict(
            self.env["bocp.rental"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.bocp_rental_count = counts.get(partner, 0)

    def action_view_bocp_rentals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "bocp_printer_rental.bocp_rental_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
