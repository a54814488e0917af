"""The stock sent to eMAG: free stock less what eMAG's orders already hold.

eMAG takes an order's units out of ``general_stock`` when it processes the
order (DOC449: general_stock "is decremented and incremented when orders are
processed"; estimated_stock meanwhile counts the unacknowledged ones).  Odoo's
free stock does not know an order before its delivery reserves the goods, so
sending it as is would give eMAG back units it already sold.  The offer push
therefore sends free stock minus the units of acknowledged eMAG orders not yet
delivered that no reservation has taken out of the free stock yet.
"""

from collections import defaultdict

from odoo import models

HELD_STATUSES = ("2", "3", "4")  # acknowledged on eMAG (in progress .. finalized)


class BocpEmagOffer(models.Model):
    _inherit = "bocp.emag.offer"

    def _held_quantities(self, account, products):
        """{product id: units eMAG's orders hold and the free stock still shows}."""
        if not products:
            return {}
        domain = [
            ("order_id.bocp_emag_order_id.emag_status", "in", HELD_STATUSES),
            ("order_id.bocp_emag_order_id.emag_type", "=", "3"),
            ("order_id.company_id", "=", account.company_id.id),
            ("state", "!=", "cancel"),
            ("product_id", "in", products.ids),
        ]
        if account.warehouse_id:
            domain.append(("order_id.warehouse_id", "=", account.warehouse_id.id))
        Line = self.env["sale.order.line"].sudo()
        held = defaultdict(float)
        for product, ordered, delivered in Line._read_group(
            domain, ["product_id"], ["product_uom_qty:sum", "qty_delivered:sum"]
        ):
            held[product.id] += max(ordered - delivered, 0.0)
        reserved_domain = [
            ("move_id.sale_line_id", "any", domain),
            ("state", "not in", ("done", "cancel")),
            ("picking_code", "=", "outgoing"),
        ]
        for product, reserved in (
            self.env["stock.move.line"]
            .sudo()
            ._read_group(reserved_domain, ["product_id"], ["quantity_product_uom:sum"])
        ):
            held[product.id] -= reserved
        return {pid: max(qty, 0.0) for pid, qty in held.items()}
