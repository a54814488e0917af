from odoo import fields, models
from odoo.tools import split_every

# Odoo ORs one (product, location) condition per done move to find the moves
# waiting for them; tens of thousands of conditions nest too deep for
# PostgreSQL's parser ("memory exhausted"). Above this size, batches.
TRIGGER_ASSIGN_BATCH = 500


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

    def _trigger_assign(self):
        if len(self) <= TRIGGER_ASSIGN_BATCH:
            return super()._trigger_assign()
        for moves in split_every(TRIGGER_ASSIGN_BATCH, self.ids, self.browse):
            super(StockMove, moves)._trigger_assign()
        return None
