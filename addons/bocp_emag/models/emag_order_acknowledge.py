"""Acknowledging imported orders on eMAG, then reading them again."""

import json

from odoo import fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import EmagApiError
from .emag_order_import import REREAD_MARGIN


class BocpEmagOrder(models.Model):
    _inherit = "bocp.emag.order"

    def _acknowledge(self, client, interrupted=None):
        """Acknowledge the imported orders; return those eMAG accepted.

        ``interrupted``: orders an earlier run imported but may have stopped
        acknowledging half-way; they are read first, and those eMAG already
        has in progress are only recorded (each order is acknowledged once).
        """
        acked = self.browse()
        if interrupted:
            interrupted._read_interrupted(client)
        already = (interrupted or self.browse()).filtered(
            lambda o: not o.acknowledged and o.emag_status in ("2", "3", "4")
        )
        already.write({"acknowledged": True, "acknowledged_at": fields.Datetime.now()})
        acked |= already
        to_ack = self.filtered(
            lambda o: o.state == "imported"
            and not o.acknowledged
            and o.emag_status == "1"
            and o.emag_type != "2"
        )
        for order in to_ack:
            try:
                client.acknowledge(order.emag_id)
            except EmagApiError as exc:
                # typically canceled meanwhile: read it again to know
                order.message_post(
                    body=self.env._(
                        "eMAG refused the acknowledgement: %(msg)s", msg=str(exc)
                    )
                )
                order._refresh(client)
                continue
            data = dict(order._get_data(), status=2)
            order.write(
                {
                    "acknowledged": True,
                    "acknowledged_at": fields.Datetime.now(),
                    "emag_status": "2",
                    "raw_data": json.dumps(data, ensure_ascii=False),
                }
            )
            acked |= order
        return acked

    def _refresh(self, client):
        """Read the order again and apply eMAG's changes."""
        self.ensure_one()
        data = self._read_one(client)
        if data:
            self._apply_emag_update(data)
        return data

    def _read_interrupted(self, client):
        """Read again the orders a stopped run imported and maybe acknowledged.

        More than three: the status-1 orders and the orders acknowledged since
        they were imported, a page each, instead of one read per order; the
        few others (canceled meanwhile...) by id.
        """
        pages = []
        if len(self) > 3:
            after = self._platform_time(
                self.account_id, min(self.mapped("write_date")) - REREAD_MARGIN
            )
            pages = [{"status": 1}, {"status": 2, "modifiedAfter": after}]
        self._apply_reads(client, pages)

    def _apply_reads(self, client, pages):
        """Apply eMAG's data of these orders, read with the ``order/read``
        filters of ``pages``; the orders those miss are read by id."""
        wanted = set(self.mapped("emag_id"))
        found = {}
        for filters in pages:
            for item in client.read_all("order", filters):
                if int(item.get("id") or 0) in wanted:
                    found[int(item["id"])] = item
        for order in self:
            data = found.get(order.emag_id) or order._read_one(client)
            if data:
                order._apply_emag_update(data)

    def _reread_acknowledged(self, client, started):
        """Read the orders again once acknowledged (DOC449 5.3: "re-read the
        order after acknowledging it"): eMAG's staff may have changed them on
        the customer's request until then.  A few orders are read by id; more
        with one ``modifiedAfter`` read (acknowledging modified them), and the
        ones it misses by id."""
        if not self:
            return
        pages = []
        if len(self) > 3:
            after = self._platform_time(self.account_id, started - REREAD_MARGIN)
            pages = [{"modifiedAfter": after}]
        self._apply_reads(client, pages)

    def _after_acknowledge(self):
        """Sales receipt for the accounts that issue it automatically."""
        for order in self.filtered(
            lambda o: o.account_id.auto_sale_receipt and o.emag_status in ("2", "3")
        ):
            try:
                with self.env.cr.savepoint():
                    order._create_sale_receipt()
            except (UserError, ValidationError) as exc:
                order._leave_sale_receipt_to_a_person(str(exc))
