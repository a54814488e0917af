from odoo import fields, models

from odoo.addons.bocp_number.fields import Integer64

from .res_partner import RENTAL_USERS

BOCP_KINDS = [
    ("pages", "Pages"),
    ("note", "Counter note"),
    ("fee", "Fixed fee"),
    ("minimum", "Minimum billing"),
    ("intervention", "Intervention"),
]


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    bocp_rental_id = fields.Many2one(
        "bocp.rental",
        string="Rental Dossier",
        index="btree_not_null",
        copy=False,
        readonly=True,
    )
    bocp_kind = fields.Selection(BOCP_KINDS, string="Rental Charge", copy=False)
    bocp_counter_type_id = fields.Many2one(
        "bocp.counter.type", string="Counter", copy=False
    )
    bocp_pages = Integer64(
        string="Billed Pages", copy=False, help="Pages billed on this line."
    )
    bocp_allowance = Integer64(
        string="Included Pages of the Period",
        copy=False,
        help="Pages included for this counter in the periods of the line "
        "(pro rata by days in a period rented in part).",
    )
    bocp_allowance_used = Integer64(
        string="Included Pages Used",
        copy=False,
        help="Included pages used by the readings of this line.",
    )
    bocp_period_start = fields.Date(string="Rental Period Start", copy=False)
    bocp_period_end = fields.Date(string="Rental Period End", copy=False)
    bocp_origin_line_id = fields.Many2one(
        "account.move.line",
        string="Reverses Rental Line",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The rental invoice line this credit note line reverses, or this "
        "replacement invoice line copies.",
    )
    bocp_reading_line_ids = fields.One2many(
        "bocp.reading.line",
        "invoice_line_id",
        string="Counter Readings",
        groups=RENTAL_USERS,
    )
    bocp_intervention_line_ids = fields.One2many(
        "bocp.intervention.line",
        "invoice_line_id",
        string="Intervention Operations",
        groups=RENTAL_USERS,
    )

    def _copy_data_extend_business_fields(self, values):
        """Credit notes and "Reverse and create invoice" copies keep the rental
        charge (dossier, counter, pages) so reports net them out; only the
        replacement invoice keeps the billed period, a credit note bills none."""
        super()._copy_data_extend_business_fields(values)
        if not self.bocp_rental_id:
            return
        context = self.env.context
        is_reversal = "move_reverse_cancel" in context
        if not (is_reversal or context.get("bocp_rental_replace")):
            return
        values.update(
            {
                "bocp_rental_id": self.bocp_rental_id.id,
                "bocp_kind": self.bocp_kind,
                "bocp_counter_type_id": self.bocp_counter_type_id.id,
                "bocp_pages": self.bocp_pages,
                "bocp_allowance": self.bocp_allowance,
                "bocp_allowance_used": self.bocp_allowance_used,
                "bocp_origin_line_id": self.id,
            }
        )
        if not is_reversal:
            values["bocp_period_start"] = self.bocp_period_start
            values["bocp_period_end"] = self.bocp_period_end
