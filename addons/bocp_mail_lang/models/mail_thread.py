from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _creation_message(self):
        """Odoo loads data files (demo data included) with no language in the
        context, and scheduled actions may run without one: the record's
        model name is then read in English while "%s created" is translated
        in the user's language, and the chatter reads "Rental Dossier creat".
        The model name follows the language of the sentence."""
        if self.env.context.get("lang"):
            return super()._creation_message()
        lang = self.env["res.users"].context_get().get("lang")
        if not lang:
            return super()._creation_message()
        return super(MailThread, self.with_context(lang=lang))._creation_message()
