from odoo import _, api, models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    def _bocp_commission_moves(self):
        moves = (self.debit_move_id | self.credit_move_id).move_id
        return moves.filtered(
            lambda m: m.state == "posted" and m.is_sale_document(include_receipts=True)
        )

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        # Every payment, credit note or write-off matched with an invoice goes
        # through here, in batch: validate the paid share of its commissions.
        partials._bocp_commission_moves()._bocp_commission_sync_payments()
        return partials

    def unlink(self):
        moves = self._bocp_commission_moves()
        res = super().unlink()
        moves._bocp_commission_sync_payments(reason=_("Payment removed"))
        return res
