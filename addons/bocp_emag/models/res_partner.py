from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    bocp_emag_customer_ref = fields.Char(
        string="eMAG Customer", copy=False, index="btree_not_null", readonly=True
    )
