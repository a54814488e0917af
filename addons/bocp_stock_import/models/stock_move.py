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

    def _skip_push(self):
        # Opening stock lands where the import says; it must not start the
        # warehouse's push rules (multi-step routes) towards other locations.
        return super()._skip_push() or bool(self.bocp_stock_import_line_id)
