from odoo import api, fields, models


class WebshopShipWizard(models.TransientModel):
    """The truck button ("Expediază"): carrier and AWB of a shop order's
    delivery; the work is done by ``sale.order._bocp_ship``."""

    _name = "bocp.webshop.ship.wizard"
    _description = "Ship a Webshop Order"

    order_id = fields.Many2one("sale.order", required=True, readonly=True)
    picking_id = fields.Many2one(
        "stock.picking",
        string="Delivery",
        required=True,
        compute="_compute_picking_id",
        store=True,
        precompute=True,
        readonly=False,
        domain="[('sale_id', '=', order_id), ('picking_type_code', '=', 'outgoing'), "
        "('state', '!=', 'cancel')]",
    )
    carrier_id = fields.Many2one(
        "delivery.carrier",
        compute="_compute_from_picking",
        store=True,
        precompute=True,
        readonly=False,
    )
    awb = fields.Char(
        string="AWB",
        compute="_compute_from_picking",
        store=True,
        precompute=True,
        readonly=False,
        help="The consignment number the courier gave for the parcel.",
    )
    without_awb = fields.Boolean(
        string="Ship without AWB",
        help="Tick to confirm that this delivery leaves without a courier's AWB.",
    )

    @api.depends("order_id")
    def _compute_picking_id(self):
        for wizard in self:
            wizard.picking_id = wizard.order_id._bocp_delivery_to_ship()

    @api.depends("picking_id")
    def _compute_from_picking(self):
        for wizard in self:
            wizard.carrier_id = (
                wizard.picking_id.carrier_id or wizard.order_id.carrier_id
            )
            wizard.awb = wizard.picking_id.carrier_tracking_ref

    def action_ship(self):
        self.ensure_one()
        return self.order_id._bocp_ship(
            self.picking_id, self.carrier_id, self.awb, without_awb=self.without_awb
        )
