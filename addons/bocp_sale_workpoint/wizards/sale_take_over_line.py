from odoo import api, fields, models
from odoo.tools import float_compare


class BocpSaleTakeOverLine(models.TransientModel):
    """One order line of the take-over and its free stock per work point."""

    _name = "bocp.sale.take.over.line"
    _description = "Take-over Line (Free Stock per Work Point)"

    wizard_id = fields.Many2one(
        "bocp.sale.take.over", string="Take-over", required=True, ondelete="cascade"
    )
    sale_line_id = fields.Many2one(
        "sale.order.line", string="Order Line", required=True, ondelete="cascade"
    )
    order_id = fields.Many2one(related="sale_line_id.order_id")
    product_id = fields.Many2one(related="sale_line_id.product_id")
    product_uom_id = fields.Many2one(related="product_id.uom_id")
    product_qty = fields.Float(
        string="Quantity",
        compute="_compute_product_qty",
        digits="Product Unit of Measure",
        help="Quantity to deliver, in the product's unit.",
    )
    free_qty_by_warehouse = fields.Json(
        string="Free Stock by Work Point (data)",
        help="{warehouse id: free quantity}, the order's own reservation included.",
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse", string="Work Point", compute="_compute_free_qty"
    )
    free_qty = fields.Float(
        string="Free at the Work Point",
        compute="_compute_free_qty",
        digits="Product Unit of Measure",
        help="Free stock of the product at the chosen work point; where the order "
        "already reserves it, its own reservation counts as free.",
    )
    free_qty_summary = fields.Char(
        string="Free Stock per Work Point", compute="_compute_free_qty"
    )
    is_short = fields.Boolean(string="Not Enough Stock", compute="_compute_free_qty")

    @api.depends("sale_line_id.product_uom_qty", "sale_line_id.qty_delivered")
    def _compute_product_qty(self):
        for line in self:
            sol = line.sale_line_id
            line.product_qty = sol.product_uom._compute_quantity(
                sol.product_uom_qty - sol.qty_delivered, sol.product_id.uom_id
            )

    @api.depends("free_qty_by_warehouse", "wizard_id.warehouse_id", "product_qty")
    def _compute_free_qty(self):
        warehouses = self.env["stock.warehouse"].browse(
            {int(k) for line in self for k in (line.free_qty_by_warehouse or {})}
        )
        for line in self:
            by_wh = line.free_qty_by_warehouse or {}
            warehouse = line.wizard_id.warehouse_id or line.order_id.warehouse_id
            line.warehouse_id = warehouse
            line.free_qty = by_wh.get(str(warehouse.id), 0.0)
            line.free_qty_summary = " · ".join(
                f"{wh.code}: {line._format_qty(by_wh[str(wh.id)])}"
                for wh in warehouses
                if str(wh.id) in by_wh
            )
            line.is_short = (
                float_compare(
                    line.product_qty,
                    line.free_qty,
                    precision_rounding=line.product_uom_id.rounding or 0.01,
                )
                > 0
            )

    def _format_qty(self, qty):
        return self.env["sale.order"]._bocp_format_qty(qty)
