from odoo import models

# Carriers whose AWB is typed by hand (no carrier API to talk to at validation).
MANUAL_DELIVERY_TYPES = (False, "fixed", "base_on_rule")


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        res = super()._action_done()
        self._bocp_update_shop_status()
        return res

    def write(self, vals):
        res = super().write(vals)
        if vals.get("carrier_tracking_ref"):
            self.filtered(lambda p: p.state == "done")._bocp_update_shop_status()
        return res

    def _bocp_update_shop_status(self):
        """Shipped with an AWB -> "Shipped"; a return received -> "Returned"."""
        done = self.filtered(lambda p: p.state == "done" and p.sale_id.website_id)
        shipped = done.filtered(
            lambda p: p.picking_type_code == "outgoing"
            and not p.return_id
            and p.carrier_tracking_ref
        )
        returned = done.filtered(
            lambda p: p.picking_type_code == "incoming" and p.return_id
        )
        shipped.sale_id._bocp_move_to_stage("shipped")
        returned.sale_id._bocp_move_to_stage("returned")

    def _send_confirmation_email(self):
        """Override of `stock`: no second e-mail for the same shipment. When the
        customer of a shop order gets the "Shipped" status e-mail, Odoo's own
        delivery confirmation e-mail is not sent for that delivery."""
        replaced = self._bocp_shop_mail_replaces_core()
        return super(StockPicking, self - replaced)._send_confirmation_email()

    def _bocp_shop_mail_replaces_core(self):
        shop_deliveries = self.filtered(
            lambda p: p.picking_type_code == "outgoing"
            and p.sale_id.bocp_stage_id
            and p.carrier_id.delivery_type in MANUAL_DELIVERY_TYPES
        )
        if not shop_deliveries:
            # receipts, internal transfers, other deliveries: no status to read
            return self.browse()
        stage = self.env["bocp.webshop.stage"]._get_by_code("shipped")
        if not stage.mail_template_id or stage.mail_mode == "none":
            return self.browse()
        in_ship_wizard = self.env.context.get("bocp_webshop_shipping")
        return shop_deliveries.filtered(
            lambda p: in_ship_wizard
            or (stage.mail_mode == "auto" and p.carrier_tracking_ref)
        )
