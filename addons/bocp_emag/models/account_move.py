from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    bocp_emag_order_ids = fields.Many2many(
        "bocp.emag.order", compute="_compute_bocp_emag_order_ids", string="eMAG Orders"
    )
    bocp_emag_payment_mode = fields.Selection(
        [
            ("cod", "Cash on delivery"),
            ("bank", "Bank transfer"),
            ("card", "Online card"),
        ],
        compute="_compute_bocp_emag_order_ids",
        string="eMAG Payment",
    )

    def _compute_bocp_emag_order_ids(self):
        # In sudo: an accountant without eMAG rights still sees how the
        # customer paid.
        for move in self:
            orders = move.sudo().line_ids.sale_line_ids.order_id.bocp_emag_order_id
            move.bocp_emag_order_ids = orders
            move.bocp_emag_payment_mode = orders[:1].payment_mode

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._bocp_emag_book_vouchers()
        posted._bocp_emag_queue_finalize()
        return posted

    def _bocp_emag_book_vouchers(self):
        """The part eMAG pays of its orders' invoices moves to eMAG."""
        for move in self.filtered(lambda m: m.move_type == "out_invoice"):
            orders = move.sudo().line_ids.sale_line_ids.order_id.bocp_emag_order_id
            for order in orders:
                order._book_emag_vouchers(move)

    def _bocp_emag_queue_finalize(self):
        """ "La facturare": a posted customer invoice finalizes its eMAG orders.

        Orders fulfilled by eMAG get their invoice whatever the mode: eMAG
        ships them, the seller's only part is the invoice (DOC449 5.1.3).
        """
        for move in self.filtered(lambda m: m.move_type == "out_invoice"):
            orders = move.sudo().line_ids.sale_line_ids.order_id.bocp_emag_order_id
            for order in orders.filtered(
                lambda o: (
                    o.account_id.finalize_mode == "invoice"
                    and o.emag_status in ("2", "3", "4")
                )
                or (o.emag_type == "2" and o.emag_status not in ("0", "5"))
            ):
                order._queue_finalize(invoice=move)
