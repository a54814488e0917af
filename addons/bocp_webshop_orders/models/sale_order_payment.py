from odoo import api, fields, models

PAYMENT_STATES = [
    ("unpaid", "Unpaid"),
    ("pending", "Pending"),
    ("on_delivery", "On Delivery"),
    ("authorized", "Authorized"),
    ("paid", "Paid"),
]


class SaleOrder(models.Model):
    """How a shop order is paid, stored so that the O-Shop list filters and
    groups on it: the last payment transaction (provider, method, state),
    raised to "paid" once the order's invoices are paid."""

    _inherit = "sale.order"

    bocp_payment_provider_id = fields.Many2one(
        "payment.provider",
        string="Payment Provider",
        compute="_compute_bocp_payment",
        store=True,
        compute_sudo=True,
    )
    bocp_payment_method_id = fields.Many2one(
        "payment.method",
        string="Payment Method",
        compute="_compute_bocp_payment",
        store=True,
        compute_sudo=True,
    )
    bocp_payment_state = fields.Selection(
        PAYMENT_STATES,
        string="Payment State",
        compute="_compute_bocp_payment",
        store=True,
        compute_sudo=True,
        index=True,
        help="Unpaid: no payment started or it failed. Pending: the payment is "
        "announced (wire transfer). On delivery: the courier collects the money "
        "(cash on delivery). Authorized: the card amount is reserved, to capture. "
        "Paid: the payment is done or the invoices are paid.",
    )

    @api.depends(
        "state",
        "transaction_ids.state",
        "transaction_ids.provider_id",
        "transaction_ids.payment_method_id",
        "order_line.invoice_lines.move_id.payment_state",
        "order_line.invoice_lines.move_id.state",
    )
    def _compute_bocp_payment(self):
        for order in self:
            tx = order.transaction_ids._get_last()
            order.bocp_payment_provider_id = tx.provider_id
            order.bocp_payment_method_id = tx.payment_method_id
            order.bocp_payment_state = order._bocp_payment_state_of(tx)

    def _bocp_payment_state_of(self, tx):
        self.ensure_one()
        invoices = self.order_line.invoice_lines.move_id.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        )
        invoices_paid = invoices and all(
            m.payment_state in ("paid", "in_payment") for m in invoices
        )
        if invoices_paid and self.invoice_status == "invoiced":
            return "paid"
        if tx.state == "done":
            return "paid"
        if self.state == "cancel":
            return "unpaid"  # a cancelled order's promise to pay is void
        if tx.state == "authorized":
            return "authorized"
        if tx.state == "pending":
            return "on_delivery" if tx._bocp_is_cash_on_delivery() else "pending"
        return "unpaid"
