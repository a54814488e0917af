from odoo import Command, api, fields, models
from odoo.tools import clean_context


class BocpSaleTakeOver(models.TransientModel):
    """ "Preia comanda în gestiune": choose the work point, see the free stock,
    take the orders over (the work is done by sale.order._bocp_take_over)."""

    _name = "bocp.sale.take.over"
    _description = "Take Sale Orders Over from a Work Point"

    sale_order_ids = fields.Many2many("sale.order", string="Orders", required=True)
    company_ids = fields.Many2many(
        "res.company", string="Companies", compute="_compute_company_ids"
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Work Point",
        compute="_compute_warehouse_id",
        store=True,
        readonly=False,
        domain="[('company_id', 'in', company_ids)]",
        help="Where the goods are taken from. Left empty, each order keeps its own "
        "work point.",
    )
    validate_delivery = fields.Boolean(
        string="Validate the Delivery Now",
        help="Take the goods out of stock at once: the deliveries are validated in "
        "full, without backorder.",
    )
    line_ids = fields.One2many(
        "bocp.sale.take.over.line",
        "wizard_id",
        string="Free Stock",
        compute="_compute_line_ids",
        store=True,
    )
    has_shortage = fields.Boolean(
        string="Stock Lacking", compute="_compute_has_shortage"
    )

    @api.depends("sale_order_ids")
    def _compute_company_ids(self):
        for wizard in self:
            wizard.company_ids = wizard.sale_order_ids.company_id

    @api.depends("sale_order_ids")
    def _compute_warehouse_id(self):
        for wizard in self:
            warehouses = wizard.sale_order_ids.warehouse_id
            wizard.warehouse_id = warehouses if len(warehouses) == 1 else False

    @api.depends("sale_order_ids")
    def _compute_line_ids(self):
        for wizard in self:
            orders = wizard.sale_order_ids._origin
            warehouses = self.env["stock.warehouse"].search(
                [("company_id", "in", orders.company_id.ids)]
            )
            free = orders._bocp_free_qty_by_line(warehouses)
            wizard.line_ids = [Command.clear()] + [
                Command.create(
                    {
                        "sale_line_id": line_id,
                        "free_qty_by_warehouse": {
                            str(wh_id): qty for wh_id, qty in by_wh.items()
                        },
                    }
                )
                for line_id, by_wh in free.items()
            ]

    @api.depends("line_ids.is_short")
    def _compute_has_shortage(self):
        for wizard in self:
            wizard.has_shortage = any(wizard.line_ids.mapped("is_short"))

    def action_take_over(self):
        self.ensure_one()
        orders = self.sale_order_ids.with_context(clean_context(self.env.context))
        orders._bocp_take_over(
            self.warehouse_id, validate_delivery=self.validate_delivery
        )
        return {"type": "ir.actions.act_window_close"}
