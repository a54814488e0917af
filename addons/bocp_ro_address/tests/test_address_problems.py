from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestAddressProblems(TransactionCase):
    """The problems listed are those l10n_ro_edi's CIUS-RO export refuses."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ro = cls.env.ref("base.ro")
        cls.partner = cls.env["res.partner"].create(
            {
                "name": "Client Adresă SRL",
                "is_company": True,
                "country_id": cls.ro.id,
                "state_id": cls.env.ref("base.RO_B").id,
                "city": "SECTOR1",
                "street": "Calea Victoriei 1",
                "lang": "en_US",
            }
        )

    def test_complete_address(self):
        self.assertEqual(self.partner._bocp_ro_address_problems(), [])
        # what the builder itself formats (upper case, no spaces) passes too
        self.partner.city = "Sector 1"
        self.assertEqual(self.partner._bocp_ro_address_problems(), [])

    def test_each_missing_part(self):
        for field_name, word in (
            ("street", "street"),
            ("city", "city"),
            ("state_id", "county"),
        ):
            with self.subTest(field=field_name):
                partner = self.partner.copy({field_name: False})
                problems = partner._bocp_ro_address_problems()
                self.assertEqual(len(problems), 1, problems)
                self.assertIn(word, problems[0])
                self.assertIn(partner.name, problems[0])

    def test_bucharest_city_without_sector(self):
        for city in ("București", "Sectorul 3", "Sector 7"):
            with self.subTest(city=city):
                self.partner.city = city
                (problem,) = self.partner._bocp_ro_address_problems()
                self.assertIn("SECTOR1", problem)
                self.assertIn(city, problem)

    def test_other_county_any_city(self):
        self.partner.write(
            {"state_id": self.env.ref("base.RO_CJ").id, "city": "Cluj-Napoca"}
        )
        self.assertEqual(self.partner._bocp_ro_address_problems(), [])

    def test_everything_missing(self):
        partner = self.env["res.partner"].create({"name": "Persoană fizică"})
        self.assertEqual(len(partner._bocp_ro_address_problems()), 3)

    def test_messages_in_romanian(self):
        self.env["res.lang"]._activate_lang("ro_RO")
        self.env["ir.module.module"]._load_module_terms(["bocp_ro_address"], ["ro_RO"])
        self.partner.city = "București"
        partner = self.partner.with_context(lang="ro_RO")
        (problem,) = partner._bocp_ro_address_problems()
        self.assertIn("sectorul", problem)
        self.assertIn("București", problem)
        partner.street = False
        self.assertIn("strada", partner._bocp_ro_address_problems()[0])
