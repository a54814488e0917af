import hashlib

from odoo import models

# Above this many shop orders (system parameter
# bocp_job.threshold.webshop_take_over), the take-over runs in the background.
TAKE_OVER_THRESHOLD = 100
TAKE_OVER_BATCH = 50


class SaleTakeOver(models.TransientModel):
    _inherit = "bocp.sale.take.over"

    def action_take_over(self):
        """Many shop orders at once are taken over in the background (bocp_job),
        in batches of 50, each in its own transaction; the whole selection is
        checked first, so a refusal still comes at once and changes nothing."""
        self.ensure_one()
        orders = self.sale_order_ids
        threshold = self.env["bocp.job"]._threshold(
            "webshop_take_over", TAKE_OVER_THRESHOLD
        )
        if len(orders) <= threshold or not all(orders.mapped("website_id")):
            return super().action_take_over()
        job = orders._bocp_queue_take_over(self.warehouse_id, self.validate_delivery)
        return job._action_open()


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _bocp_queue_take_over(self, warehouse, validate_delivery):
        self._bocp_check_take_over_access()
        targets = {order.id: warehouse or order.warehouse_id for order in self}
        self._bocp_take_over_todo(targets, validate_delivery)  # refuses now
        ids = sorted(self.ids)
        batches = [
            {
                "method": "_bocp_take_over_batch",
                "payload": {
                    "order_ids": ids[start : start + TAKE_OVER_BATCH],
                    "warehouse_id": warehouse.id,
                    "validate_delivery": validate_delivery,
                },
                "items": len(ids[start : start + TAKE_OVER_BATCH]),
            }
            for start in range(0, len(ids), TAKE_OVER_BATCH)
        ]
        digest = hashlib.sha1(",".join(map(str, ids)).encode()).hexdigest()
        return self.env["bocp.job"]._enqueue(
            self.env._("Take over %(count)s webshop orders", count=len(ids)),
            self.browse(),
            batches,
            key=f"bocp_webshop_take_over:{digest}",
            item_label=self.env._("orders"),
        )

    def _bocp_take_over_batch(self, order_ids, warehouse_id, validate_delivery):
        """One batch of a queued take-over (idempotent: orders already taken
        over from the work point are left alone by the take-over itself)."""
        warehouse = self.env["stock.warehouse"].browse(warehouse_id)
        return (
            self.browse(order_ids)
            .exists()
            ._bocp_take_over(warehouse or None, validate_delivery=validate_delivery)
        )
