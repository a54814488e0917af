from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    bocp_warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Rental Work Point",
        help="Work point (warehouse) of the printer rental activity: consumables "
        "used in interventions leave its stock.",
    )
    bocp_reading_due_days = fields.Integer(
        string="Reading Due After (days)",
        default=30,
        help="A rented printer not read for this many days is due for reading.",
    )
