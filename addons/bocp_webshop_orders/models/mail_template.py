from markupsafe import Markup

from odoo import api, models

PAYMENT_MAIL_XMLID = "sale.mail_template_sale_payment_executed"
MISSING_LINE = (
    '<t t-set="transaction_sudo" t-value="object.get_portal_last_transaction()"/>'
)


class MailTemplate(models.Model):
    _inherit = "mail.template"

    @api.model
    def _bocp_repair_sale_payment_mail(self):
        """Odoo 18.0's Romanian translation of "Sales: Payment Done" lost the
        line that sets ``transaction_sudo``: rendering it fails, so a wire
        transfer checkout of a Romanian customer is never post-processed (the
        order stays a cart). Put the line back in every translation missing it
        (the body's other texts stay as translated)."""
        template = self.env.ref(PAYMENT_MAIL_XMLID, raise_if_not_found=False)
        if not template:
            return
        for lang, _name in self.env["res.lang"].get_installed():
            body = str(template.with_context(lang=lang).body_html or "")
            if "transaction_sudo" not in body or 't-set="transaction_sudo"' in body:
                continue
            head, paragraph, rest = body.partition("<p ")
            if not paragraph:
                continue
            opening, _closing, rest = rest.partition(">")
            template.with_context(lang=lang).body_html = Markup(
                f"{head}<p {opening}>{MISSING_LINE}{rest}"
            )


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def _load_module_terms(
        self, modules, langs, overwrite=False, imported_module=False
    ):
        res = super()._load_module_terms(
            modules, langs, overwrite=overwrite, imported_module=imported_module
        )
        if "sale" in modules:
            self.env["mail.template"]._bocp_repair_sale_payment_mail()
        return res
