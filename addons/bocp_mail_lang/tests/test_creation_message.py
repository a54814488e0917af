from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCreationMessage(TransactionCase):
    """A record made without a language in the context (as Odoo loads demo
    data) logs its creation in the user's language, model name included."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ro_RO")
        cls.env["ir.module.module"]._load_module_terms(["mail"], ["ro_RO"])
        model = cls.env["ir.model"]._get("res.partner")
        model.with_context(lang="ro_RO").name = "Persoană de contact"
        model.with_context(lang="en_US").name = "Contact"
        cls.user = new_test_user(
            cls.env,
            login="bocp_mail_lang_user",
            groups="base.group_user,base.group_partner_manager",
            lang="ro_RO",
        )

    def _created(self, context):
        env = self.env(user=self.user, context=context)
        partner = env["res.partner"].create({"name": "Tipar Service SRL"})
        return partner.message_ids[-1].body

    def test_no_language_in_context(self):
        body = self._created({})
        self.assertIn("Persoană de contact", body)
        self.assertNotIn("Contact", body)

    def test_language_in_context_kept(self):
        self.assertIn("Contact", self._created({"lang": "en_US"}))
        self.assertIn("Persoană de contact", self._created({"lang": "ro_RO"}))
