from odoo import fields, models
from odoo.exceptions import UserError


class AccountMoveReversal(models.TransientModel):
    _inherit = "account.move.reversal"

    def reverse_moves(self, is_modify=False):
        """ "Reverse and create invoice" moves the rental items from the
        reversed invoice to its replacement instead of giving them back to
        billing: the replacement bills them."""
        if not is_modify:
            return super().reverse_moves(is_modify=is_modify)
        self._bocp_check_replace_date()
        wizard = self.with_context(
            bocp_keep_rental_items=True, bocp_rental_replace=True
        )
        action = super(AccountMoveReversal, wizard).reverse_moves(is_modify=is_modify)
        self.new_move_ids._bocp_take_over_items()
        return action

    def _bocp_check_replace_date(self):
        """A future date leaves the credit note in draft until that day: the
        invoice would stay open while its replacement bills the same pages."""
        today = fields.Date.context_today(self)
        if self.date and self.date > today and self.move_ids.filtered("bocp_is_rental"):
            raise UserError(
                self.env._(
                    "A rental invoice is replaced with a reversal date of today or "
                    "earlier: a future-dated credit note would leave the invoice open "
                    "while its replacement bills the same pages."
                )
            )
