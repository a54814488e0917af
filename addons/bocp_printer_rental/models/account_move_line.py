from odoo import fields, models

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
    bocp_pages = fields.Integer(
        string="Billed Pages", copy=False, help="Pages billed on this line."
    )
    bocp_period_start = fields.Date(string="Rental Period Start", copy=False)
    bocp_period_end = fields.Date(string="Rental Period End", copy=False)
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
