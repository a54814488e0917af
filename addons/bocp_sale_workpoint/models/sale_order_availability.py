"""Free stock of the order lines per work point, the order's own reservation
added back (what the take-over checks and its wizard shows)."""

from collections import defaultdict

from odoo import api, models
from odoo.tools import float_compare, formatLang


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _bocp_stock_lines(self):
        """The lines taken from stock: storable products not made to order."""
        return self.order_line.filtered(
            lambda line: line.product_id.is_storable and not line.is_mto
        )

    @api.model
    def _bocp_free_qty(self, products, warehouses):
        """{(warehouse id, product id): free quantity}, in one query.

        Free as Odoo counts it: what the quants of the warehouse hold minus
        what is reserved on them, in the product's unit.
        """
        if not products or not warehouses:
            return {}
        groups = self.env["stock.quant"]._read_group(
            [
                ("product_id", "in", products.ids),
                ("location_id.warehouse_id", "in", warehouses.ids),
            ],
            ["warehouse_id", "product_id"],
            ["quantity:sum", "reserved_quantity:sum"],
        )
        return {
            (warehouse.id, product.id): quantity - reserved
            for warehouse, product, quantity, reserved in groups
        }

    def _bocp_reserved_qty(self):
        """{(order id, warehouse id, product id): quantity the order reserves}."""
        if not self:
            return {}
        groups = self.env["stock.move.line"]._read_group(
            [
                ("picking_id.sale_id", "in", self.ids),
                ("state", "not in", ("done", "cancel")),
            ],
            ["picking_id", "location_id", "product_id"],
            ["quantity_product_uom:sum"],
        )
        reserved = defaultdict(float)
        for picking, location, product, quantity in groups:
            if location.warehouse_id:
                key = (picking.sale_id.id, location.warehouse_id.id, product.id)
                reserved[key] += quantity
        return reserved

    def _bocp_free_qty_by_line(self, warehouses):
        """{order line id: {warehouse id: free quantity}} for the stock lines:
        in the warehouse where an order reserves, its reservation counts as
        free for its own lines."""
        lines = self._bocp_stock_lines()
        free = self._bocp_free_qty(lines.product_id, warehouses)
        reserved = self._bocp_reserved_qty()
        return {
            line.id: {
                wh.id: free.get((wh.id, line.product_id.id), 0.0)
                + reserved.get((line.order_id.id, wh.id, line.product_id.id), 0.0)
                for wh in warehouses
            }
            for line in lines
        }

    def _bocp_stock_problems(self, targets):
        """What the orders lack at their work point ``targets[order id]``.

        Counted per work point and product over all the orders together (two
        orders cannot both take the last piece); what these orders reserve
        there is free for them. Companies allowing negative stock are skipped.
        """
        lines = self._bocp_stock_lines().filtered(
            lambda line: not line.company_id.bocp_allow_negative_stock
        )
        if not lines:
            return []
        warehouses = self.env["stock.warehouse"].union(
            *(targets[order.id] for order in lines.order_id)
        )
        available = defaultdict(
            float, self._bocp_free_qty(lines.product_id, warehouses)
        )
        for (_order, wh_id, product_id), qty in self._bocp_reserved_qty().items():
            available[(wh_id, product_id)] += qty
        needed = defaultdict(float)
        orders = defaultdict(list)
        for line in lines:
            key = (targets[line.order_id.id].id, line.product_id.id)
            needed[key] += line.product_uom._compute_quantity(
                line.product_uom_qty - line.qty_delivered, line.product_id.uom_id
            )
            if line.order_id.name not in orders[key]:
                orders[key].append(line.order_id.name)
        Warehouse, Product = self.env["stock.warehouse"], self.env["product.product"]
        problems = []
        for (wh_id, product_id), qty in needed.items():
            product = Product.browse(product_id)
            free = available[(wh_id, product_id)]
            rounding = product.uom_id.rounding
            if float_compare(qty, free, precision_rounding=rounding) <= 0:
                continue
            problems.append(
                self.env._(
                    "%(orders)s: %(product)s needs %(qty)s %(uom)s, the work point "
                    "%(warehouse)s has %(free)s free.",
                    orders=", ".join(orders[(wh_id, product_id)]),
                    product=product.display_name,
                    qty=self._bocp_format_qty(qty),
                    uom=product.uom_id.name,
                    warehouse=Warehouse.browse(wh_id).display_name,
                    free=self._bocp_format_qty(max(free, 0.0)),
                )
            )
        return problems

    @api.model
    def _bocp_format_qty(self, qty):
        return formatLang(self.env, qty, dp="Product Unit of Measure")
