from odoo import models


class AccountMoveReversal(models.TransientModel):
    _inherit = "account.move.reversal"

    def reverse_moves(self, is_modify=False):
        """ "Reverse and create invoice" moves the rental items from the
        reversed invoice to its replacement instead of giving them back to
        billing: the replacement bills them."""
        if not is_modify:
            return super().reverse_moves(is_modify=is_modify)
        wizard = self.with_context(
            bocp_keep_rental_items=True, bocp_rental_replace=True
        )
        action = super(AccountMoveReversal, wizard).reverse_moves(is_modify=is_modify)
        self.new_move_ids._bocp_take_over_items()
        return action
