from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    bocp_stock_import_line_id = fields.Many2one(
        "bocp.stock.import.line",
        "Stock Import Row",
        readonly=True,
        index="btree_not_null",
        copy=False,
    )
