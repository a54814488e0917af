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

    def _bocp_take_over(self, warehouse=None, validate_delivery=False):
        """Bon vânzare: the eMAG order notes its sale taken over."""
        taken = super()._bocp_take_over(warehouse, validate_delivery)
        for sale in taken.filtered("bocp_emag_order_id"):
            # a stock user without eMAG rights may take an eMAG sale over too
            sale.bocp_emag_order_id.sudo()._note_sale_receipt(sale, validate_delivery)
        return taken


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    bocp_emag_line_key = fields.Char(
        string="eMAG Line",
        copy=False,
        readonly=True,
        help="Which eMAG line this is: p:<line id>, d:<line id>:<n> (SGR deposit), "
        "s (shipping) or v:<voucher>:<rate>.",
    )
