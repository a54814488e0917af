"""Large imports are checked and confirmed in the background (bocp_job).

Checking reads and checks the whole table in one batch (the rows are checked
against each other: duplicates, shared barcodes, costs). Confirming runs in
phases of batches of rows, each its own transaction and each idempotent, so a
batch done again after a killed worker writes nothing twice: new products
(rows without their product yet), moves on the draft receipt (rows without
their move yet), validation (moves not done yet), then the end (the receipt
done, the import done). Until the end, the import is *Confirming* and its
receipt is not done.
"""

from odoo import models
from odoo.tools import split_every

from .bocp_stock_import_receipt import ReceiptBuilder

CHECK_THRESHOLD = 3000  # rows checked at once in the click below this
CONFIRM_THRESHOLD = 2000  # rows confirmed at once in the click below this
BATCH_ROWS = 1000


class BocpStockImport(models.Model):
    _name = "bocp.stock.import"
    _inherit = ["bocp.stock.import", "bocp.job.mixin"]

    # ------------------------------------------------------------------
    # Check
    # ------------------------------------------------------------------
    def _check_in_background(self):
        """Whether the check is large enough to be queued. A new table is
        read here, in the click, so that a table the limits refuse (size,
        rows, cells) is refused at once; only checking it is queued."""
        threshold = self.env["bocp.job"]._threshold(
            "stock_import_check", CHECK_THRESHOLD
        )
        if self.line_ids and self.source_signature == self._source_signature():
            return self.line_count > threshold
        return len(self._read_source().rows) - 1 > threshold

    def _queue_check(self):
        job = self._bocp_job_start(
            self.env._("Check of import %(name)s", name=self.name),
            [{"method": "_job_check", "items": 1}],
            "check",
        )
        return job

    def _job_check(self):
        self._ensure_editable()
        self._check_now()

    # ------------------------------------------------------------------
    # Confirm
    # ------------------------------------------------------------------
    def _confirm_in_background(self):
        threshold = self.env["bocp.job"]._threshold(
            "stock_import_confirm", CONFIRM_THRESHOLD
        )
        return self.line_count > threshold

    def _queue_confirm(self):
        """Reserve the table (state *Confirming*) and queue the batches."""
        self.write({"state": "confirming"})
        self.flush_recordset()
        rows = self.env["bocp.stock.import.line"]._bulk_read(self)
        chunks = list(split_every(BATCH_ROWS, [row["id"] for row in rows], list))
        batches = [{"method": "_job_confirm_recheck", "items": 0}]
        batches += [
            {
                "method": "_job_confirm_products",
                "payload": {"line_ids": chunk},
                "items": 0,
            }
            for chunk in self._new_product_chunks(rows)
        ]
        batches += [
            {
                "method": "_job_confirm_moves",
                "payload": {"line_ids": chunk},
                "items": 0,
            }
            for chunk in chunks
        ]
        batches += [
            {
                "method": "_job_confirm_validate",
                "payload": {"line_ids": chunk},
                "items": len(chunk),
            }
            for chunk in chunks
        ]
        batches.append({"method": "_job_confirm_finish", "items": 0})
        return self._bocp_job_start(
            self.env._("Confirmation of import %(name)s", name=self.name),
            batches,
            "confirm",
            item_label=self.env._("rows"),
        )

    @staticmethod
    def _new_product_chunks(rows):
        """Rows of new products, all rows of one product in the same chunk
        (they make one product: its lots)."""
        by_key = {}
        for row in rows:
            if row["status"] == "new":
                by_key.setdefault(ReceiptBuilder._product_key(row), []).append(
                    row["id"]
                )
        chunks, chunk = [], []
        for ids in by_key.values():
            chunk += ids
            if len(chunk) >= BATCH_ROWS:
                chunks.append(chunk)
                chunk = []
        return chunks + ([chunk] if chunk else [])

    def _confirming(self):
        """Each batch first checks that the import is still being confirmed."""
        self.ensure_one()
        self.invalidate_recordset(["state"])
        if self.state == "confirming":
            return True
        self.env["bocp.job"]._current()._stop(
            self.env._("Import %(name)s is no longer being confirmed.", name=self.name)
        )
        return False

    def _rows_of(self, line_ids):
        wanted = set(line_ids)
        return [
            row
            for row in self.env["bocp.stock.import.line"]._bulk_read(self)
            if row["id"] in wanted
        ]

    def _job_confirm_recheck(self):
        """The check again, as the direct confirmation does; errors stop it."""
        if not self._confirming():
            return
        rows, results = self._recheck_lines()
        self._finish_check(rows, results)
        if self.state != "checked":
            self.env["bocp.job"]._current()._stop(
                self.env._(
                    "The check found errors that appeared since the last check; "
                    "correct them and check again."
                )
            )
            return
        self.write({"state": "confirming"})

    def _job_confirm_products(self, line_ids):
        """New products for the rows that have none yet."""
        if not self._confirming():
            return None
        rows = [row for row in self._rows_of(line_ids) if not row["product_created"]]
        ReceiptBuilder(self, rows)._create_products()
        return None

    def _job_confirm_moves(self, line_ids):
        """The rows' moves on the draft receipt (rows with a move are done)."""
        if not self._confirming():
            return None
        builder = ReceiptBuilder(self, self._rows_of(line_ids))
        picking = self.picking_id
        if not picking:
            picking = builder.env["stock.picking"].create(
                builder._prepare_picking_vals()
            )
            self.picking_id = picking
        moved = set(
            self.env["stock.move"]
            .search([("bocp_stock_import_line_id", "in", line_ids)])
            .bocp_stock_import_line_id.ids
        )
        builder.products = builder.env["product.product"].browse(
            {row["product_id"] for row in builder.rows}
        )
        builder._align_standard_costs()
        rows = [row for row in builder.rows if row["id"] not in moved]
        builder.env["stock.move"].create(
            [builder._prepare_move_vals(picking, row) for row in rows]
        )
        return None

    def _job_confirm_validate(self, line_ids):
        """Validate the moves of these rows (those not done yet)."""
        if not self._confirming():
            return None
        builder = ReceiptBuilder(self, [])
        moves = builder.env["stock.move"].search(
            [
                ("bocp_stock_import_line_id", "in", line_ids),
                ("picking_id", "=", self.picking_id.id),
                ("state", "!=", "done"),
            ]
        )
        builder._validate_moves(moves)
        return None

    def _job_confirm_finish(self):
        """Every move is done: the receipt is done and so is the import."""
        if not self._confirming():
            return None
        picking = self.picking_id
        builder = ReceiptBuilder(self, [])
        builder._finish_picking(picking)
        self._do_confirm_done(picking)
        return picking

    # ------------------------------------------------------------------
    # Form
    # ------------------------------------------------------------------
    def _job_action(self, job):
        """What a click that queued the work shows: the import, reloaded."""
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": self.env._(
                    "%(job)s runs in the background: follow it here.", job=job.name
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
