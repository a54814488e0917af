from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    bocp_emag_order_id = fields.Many2one(
        "bocp.emag.order",
        string="eMAG Order",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    bocp_emag_payment_mode = fields.Selection(
        related="bocp_emag_order_id.payment_mode", string="eMAG Payment"
    )


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    bocp_emag_line_key = fields.Char(
        string="eMAG Line",
        copy=False,
        readonly=True,
        help="Which eMAG line this is: p:<line id>, s (shipping) or v:<voucher>:<rate>.",
    )
