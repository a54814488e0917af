from odoo import models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _bocp_validate_now(self):
        """Validate these transfers now, in full, without backorder.

        A move the work point cannot supply in full is forced (its stock goes
        negative) only where the company allows negative stock; otherwise,
        like a tracked product without its lots, it stops the validation with
        a message saying which order, transfer and product.
        """
        self.filtered(lambda p: p.state == "draft").action_confirm()
        moves = self.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
        moves.filtered(
            lambda m: m.state in ("confirmed", "partially_available")
        )._action_assign()
        short = moves.filtered(
            lambda m: float_compare(
                m.quantity, m.product_uom_qty, precision_rounding=m.product_uom.rounding
            )
            < 0
        )
        refused = short.filtered(
            lambda m: m.product_id.is_storable
            and not m.company_id.bocp_allow_negative_stock
        )
        if refused:
            raise UserError(self._bocp_moves_message(refused, "short"))
        for move in short:
            move.quantity = move.product_uom_qty
        without_lots = moves.filtered(
            lambda m: m.has_tracking != "none"
            and m.picking_type_id.use_existing_lots
            and any(not (ml.lot_id or ml.lot_name) for ml in m.move_line_ids)
        )
        if without_lots:
            raise UserError(self._bocp_moves_message(without_lots, "lots"))
        moves.picked = True
        self.with_context(
            skip_backorder=True, picking_ids_not_to_backorder=self.ids, skip_sms=True
        ).button_validate()
        waiting = self.filtered(lambda p: p.state != "done")
        if waiting:
            raise UserError(
                self.env._(
                    "The transfers %(pickings)s need a decision before they can be "
                    "validated: validate them from Inventory.",
                    pickings=", ".join(waiting.mapped("name")),
                )
            )

    def _bocp_moves_message(self, moves, reason):
        _ = self.env._
        items = ", ".join(
            f"{m.picking_id.sale_id.name or m.origin or ''} / {m.picking_id.name}: "
            f"{m.product_id.display_name}"
            for m in moves
        )
        if reason == "lots":
            return _(
                "The delivery cannot be validated now: these products are tracked by "
                "lot or serial number and have none at the work point: %(items)s. "
                "Choose the lots on the transfer, then validate it.",
                items=items,
            )
        return _(
            "The delivery cannot be validated now: the work point cannot reserve "
            "these products in full (their stock is elsewhere in the warehouse or "
            "was taken in the meantime): %(items)s.",
            items=items,
        )
