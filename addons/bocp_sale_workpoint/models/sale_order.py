"""Take-over of sale orders from a work point ("Preia comanda în gestiune")."""

from odoo import Command, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

# pick, pack, ship: the longest delivery route Odoo builds
MAX_DELIVERY_STEPS = 3


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_bocp_take_over(self):
        """Open the take-over wizard on these orders (one or many)."""
        self._bocp_check_take_over_access()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Take Over the Order"),
            "res_model": "bocp.sale.take.over",
            "view_mode": "form",
            "target": "new",
            "context": {"default_sale_order_ids": [Command.set(self.ids)]},
        }

    # --------------------------------------------------------- take-over --

    def _bocp_take_over(self, warehouse=None, validate_delivery=False):
        """Take these orders over from ``warehouse`` (empty: each order's own).

        Quotations are confirmed from it. Confirmed orders whose deliveries
        are untouched are re-routed to it: their deliveries are cancelled and
        the stock rules launched again from it (the carrier is kept). With
        ``validate_delivery`` the deliveries are validated now, in full.

        Every order is checked first (state, lock, deliveries, free stock at
        the work point unless the company allows negative stock): when one
        cannot be taken over, a UserError names every problem and nothing is
        changed. An order already delivered from that work point is left
        alone, so a repeated call does nothing twice.

        :return: the orders taken over by this call (extensions act on them)
        """
        self._bocp_check_take_over_access()
        orders = self.exists()
        if not orders:
            return orders
        orders._bocp_lock_for_take_over()
        targets = {order.id: warehouse or order.warehouse_id for order in orders}
        todo = orders._bocp_take_over_todo(targets, validate_delivery)
        if todo:
            with self.env.cr.savepoint():
                todo._bocp_apply_take_over(targets, validate_delivery)
        return todo

    def _bocp_check_take_over_access(self):
        if not (self.env.su or self.env.user.has_group("stock.group_stock_user")):
            raise AccessError(
                self.env._(
                    "Taking an order over from a work point moves stock: it needs "
                    "the Inventory rights (User)."
                )
            )
        self.check_access("write")

    def _bocp_lock_for_take_over(self):
        """Hold the orders until the end of the transaction: of two clicks or
        two users at once, the second waits and then sees the first's result
        (Odoo replays its request after the serialization failure)."""
        self.env.cr.execute(
            SQL(
                "SELECT id FROM sale_order WHERE id = ANY(%s) FOR UPDATE",
                self.ids,
            )
        )

    def _bocp_take_over_todo(self, targets, validate_delivery):
        """The orders still to take over; UserError listing every problem."""
        problems = []
        todo_ids = []
        for order in self:
            warehouse = targets[order.id]
            if order._bocp_is_taken_over(warehouse):
                continue
            problem = order._bocp_take_over_problem(warehouse)
            if problem:
                problems.append(problem)
            else:
                todo_ids.append(order.id)
        todo = self.browse(todo_ids)
        problems += todo._bocp_stock_problems(targets)
        if problems:
            raise UserError(
                self.env._(
                    "The orders cannot be taken over:\n%(problems)s",
                    problems="\n".join(f"- {p}" for p in problems),
                )
            )
        return todo

    def _bocp_is_taken_over(self, warehouse):
        """Already delivered from ``warehouse``: nothing left to take over."""
        self.ensure_one()
        pickings = self.picking_ids
        return (
            self.state == "sale"
            and self.warehouse_id == warehouse
            and any(p.state == "done" for p in pickings)
            and all(p.state in ("done", "cancel") for p in pickings)
        )

    def _bocp_take_over_problem(self, warehouse):
        """Why this order cannot be taken over from ``warehouse`` (or False)."""
        self.ensure_one()
        _ = self.env._
        if not warehouse:
            return _("%(order)s: choose the work point.", order=self.name)
        if warehouse.company_id != self.company_id:
            return _(
                "%(order)s: the work point %(warehouse)s belongs to another company.",
                order=self.name,
                warehouse=warehouse.display_name,
            )
        if self.state == "cancel":
            return _("%(order)s is canceled.", order=self.name)
        if self.state in ("draft", "sent"):
            error = self._confirmation_error_message()
            return error and f"{self.name}: {error}"
        if self.locked:
            return _(
                "%(order)s is locked: unlock it first.",
                order=self.name,
            )
        processed = self.picking_ids.filtered(
            lambda p: p.state == "done"
            or (p.state != "cancel" and any(m.picked for m in p.move_ids))
        )
        if processed:
            return _(
                "%(order)s: the transfers %(pickings)s are already done or being "
                "processed; finish them in Inventory.",
                order=self.name,
                pickings=", ".join(processed.mapped("name")),
            )
        return False

    def _bocp_apply_take_over(self, targets, validate_delivery):
        quotations = self.filtered(lambda o: o.state in ("draft", "sent"))
        rerouted = (self - quotations).filtered(
            lambda o: o.warehouse_id != targets[o.id]
        )
        rerouted._bocp_cancel_open_pickings(targets)
        (quotations | rerouted)._bocp_set_warehouse(targets)
        quotations.action_confirm()
        kept = self - quotations - rerouted
        (
            rerouted.order_line | kept._bocp_lines_without_delivery()
        )._action_launch_stock_rule()
        if validate_delivery:
            self._bocp_validate_deliveries()

    def _bocp_cancel_open_pickings(self, targets):
        """Cancel the untouched transfers of orders leaving their work point."""
        pickings = self.picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        )
        names = {}
        for picking in pickings:
            names.setdefault(picking.sale_id.id, []).append(picking.name)
        bodies = {}
        for order in self:
            bodies[order.id] = self.env._(
                "Taken over from the work point %(new)s instead of %(old)s; "
                "transfers canceled: %(pickings)s.",
                new=targets[order.id].display_name,
                old=order.warehouse_id.display_name,
                pickings=", ".join(names.get(order.id, [])) or "-",
            )
        pickings.action_cancel()
        self._message_log_batch(bodies=bodies)

    def _bocp_lines_without_delivery(self):
        """Goods lines of confirmed orders left without any move (their
        delivery canceled by hand): the take-over delivers them again."""
        return self.order_line.filtered(
            lambda line: line.product_id.type == "consu"
            and not line.display_type
            and all(move.state == "cancel" for move in line.move_ids)
        )

    def _bocp_set_warehouse(self, targets):
        by_warehouse = {}
        for order in self:
            if order.warehouse_id != targets[order.id]:
                by_warehouse.setdefault(targets[order.id], []).append(order.id)
        for warehouse, order_ids in by_warehouse.items():
            self.browse(order_ids).write({"warehouse_id": warehouse.id})

    def _bocp_validate_deliveries(self):
        """Validate every open transfer of the orders, step after step."""
        Picking = self.env["stock.picking"]
        for _step in range(MAX_DELIVERY_STEPS):
            pending = Picking.search(
                [("sale_id", "in", self.ids), ("state", "not in", ("done", "cancel"))]
            )
            ready = pending.filtered(
                lambda p: all(
                    m.state in ("done", "cancel") for m in p.move_ids.move_orig_ids
                )
            )
            if not ready:
                return
            ready._bocp_validate_now()
