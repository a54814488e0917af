"""Changes made on eMAG's side (cancellation, quantities, storno, returns)."""

from markupsafe import Markup, escape

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class BocpEmagOrder(models.Model):
    _inherit = "bocp.emag.order"

    def _apply_emag_update(self, data):
        """Bring the Odoo order in line with eMAG's data; explain it in the chatter."""
        self.ensure_one()
        old = self._get_data()
        old_status = int(old.get("status") or self.emag_status or 0)
        self._store_data(data)
        if self.state != "imported" or not self.sale_order_id:
            return
        notes = []
        new_status = int(data.get("status") or 0)
        if new_status != old_status:
            notes += self._on_status_change(old_status, new_status)
        notes += self._sync_lines(old, data)
        if data.get("cancellation_request") and not old.get("cancellation_request"):
            notes.append(self.env._("The customer asked eMAG to cancel the order."))
        if notes:
            body = Markup("<br/>").join(escape(n) for n in notes)
            self.message_post(body=body)
            self.sale_order_id.message_post(body=body)

    def _on_status_change(self, old_status, new_status):
        _ = self.env._
        statuses = dict(self._fields["emag_status"]._description_selection(self.env))
        notes = [
            _(
                "eMAG status changed from “%(old)s” to “%(new)s”.",
                old=statuses.get(str(old_status)),
                new=statuses.get(str(new_status)),
            )
        ]
        if new_status == 0:
            notes.append(self._cancel_sale(self.cancellation_reason))
        elif new_status == 5:
            notes.append(
                _("The customer returned the order: issue the credit note (storno).")
            )
        return notes

    def _cancel_sale(self, reason):
        sale = self.sale_order_id
        _ = self.env._
        done = sale.picking_ids.filtered(lambda p: p.state == "done")
        posted = sale.invoice_ids.filtered(lambda m: m.state == "posted")
        if done or posted:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=_("Order canceled on eMAG after delivery or invoicing"),
                user_id=sale.user_id.id or self.env.uid,
            )
            return _(
                "Canceled on eMAG (%(reason)s), but it is already delivered or "
                "invoiced: return the goods and issue a credit note.",
                reason=reason or "-",
            )
        if sale.state != "cancel":
            sale.sudo()._action_cancel()
        return _(
            "Canceled on eMAG (%(reason)s): the sale order is canceled.",
            reason=reason or "-",
        )

    def _sync_lines(self, old, data):
        """Quantities of the product lines follow eMAG (status 0 = removed)."""
        sale = self.sale_order_id
        if sale.state == "cancel":
            return []
        notes = []
        old_lines = {str(li.get("id")): li for li in old.get("products") or []}
        by_key = {line.bocp_emag_line_key: line for line in sale.order_line}
        for line in data.get("products") or []:
            key = "p:{}".format(line.get("id"))
            qty = (
                int(line.get("quantity") or 0)
                if int(line.get("status", 1) or 0) == 1
                else 0
            )
            previous = old_lines.get(str(line.get("id")))
            sol = by_key.get(key)
            if sol is None or previous is None:
                continue
            if float_compare(sol.product_uom_qty, qty, precision_digits=3) == 0:
                continue
            notes.append(self._set_line_quantity(sol, qty, line))
        if data.get("is_storno") and notes:
            notes.append(self.env._("Partial return (storno): issue the credit note."))
        return notes

    def _set_line_quantity(self, sol, qty, line):
        """Set the ordered quantity; give back to stock what was delivered beyond it."""
        _ = self.env._
        old_qty = sol.product_uom_qty
        excess = sol.qty_delivered - qty
        if excess > 0:
            self._return_delivered(sol, excess)
        sol.sudo().with_context(tracking_disable=True).product_uom_qty = qty
        return _(
            "“%(product)s”: quantity %(old)s → %(new)s (storno %(storno)s).",
            product=sol.name,
            old=old_qty,
            new=qty,
            storno=line.get("storno_qty") or 0,
        )

    def _return_delivered(self, sol, quantity):
        """Receive back ``quantity`` of the line's product from its delivery."""
        picking = sol.move_ids.filtered(
            lambda m: m.state == "done" and m.picking_code == "outgoing"
        ).picking_id[:1]
        if not picking:
            raise UserError(self.env._("No validated delivery to return from."))
        wizard = (
            self.env["stock.return.picking"]
            .sudo()
            .with_context(active_id=picking.id, active_model="stock.picking")
            .create({"picking_id": picking.id})
        )
        for return_line in wizard.product_return_moves:
            return_line.quantity = (
                quantity if return_line.product_id == sol.product_id else 0
            )
            if "to_refund" in return_line._fields:
                return_line.to_refund = True
        action = wizard.action_create_returns()
        returned = self.env["stock.picking"].sudo().browse(action["res_id"])
        for move in returned.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        returned.with_context(skip_backorder=True, skip_sms=True).button_validate()
        return returned
