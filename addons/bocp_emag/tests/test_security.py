"""Who may see what: credentials, orders of other companies, the API log."""

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import EmagCommon


@tagged("post_install", "-at_install")
class TestSecurity(EmagCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env, login="emag_user", groups="bocp_emag.group_bocp_emag_user"
        )
        cls.manager = new_test_user(
            cls.env, login="emag_manager", groups="bocp_emag.group_bocp_emag_manager"
        )
        cls.other_company = cls.env["res.company"].create({"name": "Alta Firma SRL"})
        cls.other_account = cls.env["bocp.emag.account"].create(
            {
                "name": "Other",
                "company_id": cls.other_company.id,
                "api_username": "x",
                "api_password": "y",
            }
        )
        Order = cls.env["bocp.emag.order"]
        Order._register_ids(cls.account, [11])
        Order._register_ids(cls.other_account, [12])

    def test_user_cannot_read_credentials(self):
        account = self.account.with_user(self.user)
        self.assertEqual(account.name, "Test eMAG")
        for field in ("api_password", "api_username", "callback_token", "callback_url"):
            with self.assertRaises(AccessError):
                account.read([field])

    def test_manager_reads_credentials(self):
        account = self.account.with_user(self.manager)
        self.assertEqual(account.api_password, "s3cret-test")
        self.assertIn("/bocp/emag/", account.callback_url)
        self.assertIn(account.callback_token, account.callback_url)

    def test_user_cannot_change_the_account(self):
        with self.assertRaises(AccessError):
            self.account.with_user(self.user).write({"finalize_mode": "invoice"})
        with self.assertRaises(AccessError):
            self.account.with_user(self.user).action_test_connection()

    def test_orders_of_other_companies_are_hidden(self):
        orders = self.env["bocp.emag.order"].with_user(self.user).search([])
        self.assertIn(11, orders.mapped("emag_id"))
        self.assertNotIn(12, orders.mapped("emag_id"))

    def test_api_log_is_for_managers(self):
        with self.assertRaises(AccessError):
            self.env["bocp.emag.api.log"].with_user(self.user).search([])
        self.env["bocp.emag.api.log"].with_user(self.manager).search([])

    def test_callback_token_is_long_and_unique(self):
        other = self.account.copy()
        self.assertNotEqual(other.sudo().callback_token, self.account.callback_token)
        self.assertGreaterEqual(len(self.account.callback_token), 24)
        Account = self.env["bocp.emag.account"]
        self.assertEqual(
            Account._find_by_token(self.account.callback_token), self.account
        )
        token = self.account.callback_token
        wrong = token[:-1] + ("x" if token[-1] != "x" else "y")  # never the token
        self.assertFalse(Account._find_by_token(wrong))
        self.assertFalse(Account._find_by_token(""))

    def test_notification_emails_are_checked(self):
        with self.assertRaises(ValidationError):
            self.account.notification_emails = "a@firma.ro, not an address"
        self.account.notification_emails = "a@firma.ro,b@firma.ro"
        self.assertEqual(
            self.account._get_notification_emails(), ["a@firma.ro", "b@firma.ro"]
        )
