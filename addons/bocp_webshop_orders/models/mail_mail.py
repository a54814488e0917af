from odoo import api, models
from odoo.tools import config


class MailMail(models.Model):
    _inherit = "mail.mail"

    @api.model
    def process_email_queue(self, ids=None, batch_size=1000):
        """Override of `mail`: while no outgoing mail server is set up, the shop
        status e-mails stay queued (Outgoing) instead of failing on a missing
        server; they leave with the first queue run after one is set."""
        if not self._bocp_outgoing_server_is_set():
            subtype = self.env.ref("bocp_webshop_orders.mt_status_mail", False)
            if subtype:
                filters = list(self.env.context.get("filters", []))
                filters += [
                    "|",
                    ("mail_message_id", "=", False),
                    ("mail_message_id.subtype_id", "!=", subtype.id),
                ]
                self = self.with_context(filters=filters)
        return super().process_email_queue(ids=ids, batch_size=batch_size)

    @api.model
    def _bocp_outgoing_server_is_set(self):
        """A server in Settings (Outgoing Mail Servers) or in the Odoo
        configuration file (smtp_server other than the default localhost)."""
        if self.env["ir.mail_server"].sudo().search_count([], limit=1):
            return True
        return config.get("smtp_server") not in (False, "", "localhost")
