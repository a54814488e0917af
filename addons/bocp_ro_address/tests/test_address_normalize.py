from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAddressNormalize(TransactionCase):
    """County names and codes become res.country.state; every way of writing
    a Bucharest locality becomes the sector city CIUS-RO wants."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ro = cls.env.ref("base.ro")
        cls.bucharest = cls.env.ref("base.RO_B")
        cls.cluj = cls.env.ref("base.RO_CJ")
        cls.caras = cls.env.ref("base.RO_CS")
        cls.arges = cls.env.ref("base.RO_AG")
        cls.Partner = cls.env["res.partner"]

    def _normalize(self, **vals):
        return self.Partner._bocp_ro_normalize_address_vals(vals)

    def test_bucharest_localities(self):
        written = [
            "Sectorul 3",
            "Sector 3",
            "sector3",
            "SECTOR 3",
            "SECTOR3",
            "București, sector 3",
            "Bucuresti, Sectorul 3",
            "Bucureşti Sector 3",  # cedilla ş, as older keyboards type it
            "Mun. București, Sect. 3",
            "sectorul 3, bucuresti",
        ]
        for city in written:
            for county in ("București", "Bucuresti", "B", "Municipiul Bucuresti", None):
                with self.subTest(city=city, county=county):
                    vals = {"city": city, "country_id": "RO"}
                    if county:
                        vals["state_id"] = county
                    result = self._normalize(**vals)
                    self.assertEqual(result["city"], "SECTOR3")
                    self.assertEqual(result["state_id"], self.bucharest.id)
                    self.assertEqual(result["country_id"], self.ro.id)

    def test_bucharest_without_country_or_county(self):
        result = self._normalize(city="Sectorul 6", street="Bd. Iuliu Maniu 7")
        self.assertEqual(
            result,
            {
                "city": "SECTOR6",
                "state_id": self.bucharest.id,
                "country_id": self.ro.id,
                "street": "Bd. Iuliu Maniu 7",
            },
        )

    def test_bucharest_sector_from_street_or_postal_code(self):
        # "București" alone: the sector written in the street, else the
        # postal code (Bucharest codes are 0 + sector + 4 digits)
        result = self._normalize(
            city="BUCURESTI", street="Bd. Unirii nr. 35, bl. A3, sector 3"
        )
        self.assertEqual(result["city"], "SECTOR3")
        result = self._normalize(
            city="București", zip="020331", state_id=self.bucharest.id
        )
        self.assertEqual(result["city"], "SECTOR2")
        self.assertEqual(result["state_id"], self.bucharest.id)
        # no county and no city: the postal code alone says nothing
        self.assertNotIn("city", self._normalize(zip="020331", street="Str. X 1"))

    def test_bucharest_without_any_sector_is_left_for_the_user(self):
        result = self._normalize(city="București", state_id="Bucuresti")
        self.assertEqual(result["city"], "București")
        self.assertEqual(result["state_id"], self.bucharest.id)
        partner = self.Partner.create(
            {"name": "Fără sector", "street": "Str. Y 2", **result}
        )
        self.assertTrue(partner._bocp_ro_address_problems())

    def test_counties(self):
        cases = {
            "Cluj": self.cluj,
            "cluj": self.cluj,
            "CJ": self.cluj,
            "RO-CJ": self.cluj,
            "Jud. Cluj": self.cluj,
            "Județul Cluj": self.cluj,
            "Judetul Cluj": self.cluj,
            "Caraș-Severin": self.caras,
            "Caras Severin": self.caras,
            "Caraş Severin": self.caras,
            "Argeș": self.arges,
            "Arges": self.arges,
            "Argeş": self.arges,
            "ARGES": self.arges,
        }
        for county, state in cases.items():
            with self.subTest(county=county):
                result = self._normalize(
                    state_id=county, city="Cluj-Napoca", country_id=self.ro.id
                )
                self.assertEqual(result["state_id"], state.id)
                self.assertEqual(result["city"], "Cluj-Napoca")

    def test_outside_bucharest_nothing_else_changes(self):
        vals = {
            "city": "Corbeanca",
            "state_id": "Ilfov",
            "street": "Str. X 8",
            "zip": "077065",
        }
        result = self._normalize(**vals)
        self.assertEqual(result["state_id"], self.env.ref("base.RO_IF").id)
        self.assertEqual(result["country_id"], self.ro.id)
        self.assertEqual(result["city"], "Corbeanca")
        self.assertEqual(result["zip"], "077065")
        self.assertEqual(vals["state_id"], "Ilfov", "the given values are not changed")

    def test_unknown_county_is_left_out(self):
        result = self._normalize(state_id="Atlantida", city="Oraș")
        self.assertNotIn("state_id", result)
        self.assertEqual(result["city"], "Oraș")

    def test_foreign_address_keeps_its_city(self):
        france = self.env.ref("base.fr")
        result = self._normalize(
            country_id=france.id, city="Sector 3", state_id=False, zip="75003"
        )
        self.assertEqual(result["city"], "Sector 3")
        self.assertEqual(result["country_id"], france.id)

    def test_plain_user_normalizes_and_creates(self):
        """What an order import running as a contact creator does."""
        user = new_test_user(
            self.env,
            login="bocp_ro_address_user",
            groups="base.group_user,base.group_partner_manager",
        )
        Partner = self.Partner.with_user(user)
        vals = Partner._bocp_ro_normalize_address_vals(
            {
                "name": "Ion Popescu",
                "city": "Sectorul 4",
                "state_id": "Bucuresti",
                "country_id": "RO",
                "street": "Str. Z 3",
            }
        )
        partner = Partner.create(vals)
        self.assertEqual(partner.city, "SECTOR4")
        self.assertEqual(partner.state_id, self.bucharest)
        self.assertEqual(partner._bocp_ro_address_problems(), [])
