from odoo import api, models
from odoo.exceptions import UserError


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_released_rental_match(self):
        """The match between a rental invoice and the credit note that gave
        its pages back to billing stays: undoing it would make the invoice
        payable again while its pages are billed anew."""
        for partial in self:
            debit_move = partial.debit_move_id.move_id
            credit_move = partial.credit_move_id.move_id
            for refund, invoice in (
                (credit_move, debit_move),
                (debit_move, credit_move),
            ):
                if refund.reversed_entry_id == invoice:
                    error = refund._bocp_released_error()
                    if error:
                        raise UserError(error)
