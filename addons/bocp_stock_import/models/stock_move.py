from odoo import fields, models

# Context key set while an import validates its receipt: the reservation of
# the moves waiting for that stock is then left to the import, which does it
# in batches (see ReceiptBuilder._reserve_waiting_moves).
DEFER_ASSIGN = "bocp_stock_import_defer_assign"


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

    def _should_force_price_unit(self):
        # A row's cost is the value, even 0 (free goods): without this, a zero
        # price_unit would be valued at the product's current cost.
        return super()._should_force_price_unit() or bool(
            self.bocp_stock_import_line_id
        )

    def _trigger_assign(self):
        if self.env.context.get(DEFER_ASSIGN):
            return None
        return super()._trigger_assign()
