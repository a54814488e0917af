"""Invoices of eMAG orders pass e-Factura: Odoo's own CIUS-RO export
(l10n_ro_edi) finds no constraint error, and its payable amount and VAT are
the invoice's.  Addresses go through bocp_ro_address ("Sectorul 3" ->
SECTOR3)."""

from odoo.tests import tagged

from odoo.addons.bocp_ro_address.tests.common import CiusRoAssertionsMixin

from .test_money import MoneyCase, courier_order, product_line, split, voucher


def with_address(data, city, county, street, **customer):
    """The order billed and shipped to ``city`` (as eMAG writes it) in ``county``."""
    data["customer"] = dict(
        data["customer"],
        billing_city=city,
        billing_suburb=county,
        billing_street=street,
        shipping_city=city,
        shipping_suburb=county,
        shipping_street=street,
        **customer,
    )
    return data


COMPANY = {
    "legal_entity": 1,
    "company": "Construct Grup SRL",
    "code": "RO18458796",
    "is_vat_payer": 1,
    "registration_number": "J40/1234/2006",
}


@tagged("post_install", "-at_install")
class TestEmagEFactura(CiusRoAssertionsMixin, MoneyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._bocp_setup_ciusro_company(cls.env.company)

    def _simple(self, order_id):
        """100.0000 at 21% = 121.00 (base 100.00, VAT 21.00) and shipping 19.99
        (16.52 + 3.47): 140.99, VAT 24.47."""
        line = product_line(order_id % 1000, "2101", "100.0000", "0.2100", 1)
        return courier_order(order_id, [line], shipping_tax=19.99)

    def _check(self, data, city, state):
        invoice = self._invoice(self._import(data))
        partner = invoice.partner_id
        self.assertEqual((partner.city, partner.state_id), (city, state))
        self.assertAlmostEqual(invoice.amount_total, 140.99, places=2)
        self.assertAlmostEqual(invoice.amount_tax, 24.47, places=2)
        self.assertCiusRoValid(invoice)
        return invoice

    def test_person_in_bucharest(self):
        data = with_address(
            self._simple(3600000001), "Sectorul 3", "Bucuresti", "Str. Baba Novac 10"
        )
        invoice = self._check(data, "SECTOR3", self.env.ref("base.RO_B"))
        self.assertFalse(invoice.partner_id.is_company)

    def test_person_elsewhere(self):
        data = with_address(
            self._simple(3600000002), "Cluj-Napoca", "Cluj", "Str. Memorandumului 3"
        )
        self._check(data, "Cluj-Napoca", self.env.ref("base.RO_CJ"))

    def test_company_in_bucharest(self):
        data = with_address(
            self._simple(3600000003),
            "București, sector 1",
            "Municipiul București",
            "Calea Victoriei 100",
            **COMPANY,
        )
        invoice = self._check(data, "SECTOR1", self.env.ref("base.RO_B"))
        self.assertEqual(invoice.partner_id.vat, "RO18458796")

    def test_company_elsewhere_not_vat_payer(self):
        data = with_address(
            self._simple(3600000004),
            "Voluntari",
            "Ilfov",
            "Bd. Pipera 1",
            **dict(
                COMPANY, company="Atelier Lemn SRL", code="30412577", is_vat_payer=0
            ),
        )
        invoice = self._check(data, "Voluntari", self.env.ref("base.RO_IF"))
        self.assertTrue(invoice.partner_id.is_company)

    def test_seller_and_emag_vouchers(self):
        """121.00 x 2 + 19.99 - 10.00 (seller) = 251.99, VAT 42.00 + 3.47 -
        1.74 = 43.73; eMAG's 20.00 is prepaid: 231.99 payable."""
        line = product_line(
            701,
            "2102",
            "100.0000",
            "0.2100",
            2,
            product_voucher_split=[
                split(81, "-8.2645", "-1.7355", "seller"),
                split(82, "-16.5289", "-3.4711", "eMAG"),
            ],
        )
        data = with_address(
            courier_order(3600000005, [line], shipping_tax=19.99),
            "Sector 2",
            "București",
            "Str. Fabrica de Glucoză 5",
        )
        data["vouchers"] = [
            voucher(81, "-8.2645", "-1.7355"),
            voucher(82, "-16.5289", "-3.4711"),
        ]
        invoice = self._invoice(self._import(data))
        self.assertAlmostEqual(invoice.amount_total, 251.99, places=2)
        self.assertAlmostEqual(invoice.amount_tax, 43.73, places=2)
        self.assertAlmostEqual(invoice.amount_residual, 231.99, places=2)
        tree = self.assertCiusRoValid(invoice)
        prepaid = tree.findtext(
            "cac:LegalMonetaryTotal/cbc:PrepaidAmount",
            namespaces={
                "cac": "urn:oasis:names:specification:ubl:schema:xsd:"
                "CommonAggregateComponents-2",
                "cbc": "urn:oasis:names:specification:ubl:schema:xsd:"
                "CommonBasicComponents-2",
            },
        )
        self.assertAlmostEqual(float(prepaid), 20.00, places=2)

    def test_sgr_deposit(self):
        """11.10 x 2 = 22.20 (VAT 2.20) + deposit 12 x 0.50 = 6.00 at 0%: 28.20."""
        water = product_line(
            702,
            "2103",
            "10.0000",
            "0.1100",
            2,
            recycle_warranties=[
                {"quantity": 12, "sale_price": "0.5000", "vat_rate": 0}
            ],
        )
        data = with_address(
            courier_order(3600000006, [water], shipping_tax=0),
            "Iași",
            "Iasi",
            "Bd. Independenței 20",
        )
        invoice = self._invoice(self._import(data))
        self.assertAlmostEqual(invoice.amount_total, 28.20, places=2)
        self.assertAlmostEqual(invoice.amount_tax, 2.20, places=2)
        self.assertCiusRoValid(invoice)

    def test_reverse_charge(self):
        """Two phones 1000.0000, reverse charge: 2000.00, no VAT."""
        phone = product_line(
            703, "2104", "1000.0000", "0.2100", 2, reversible_vat_charging=1
        )
        data = with_address(
            courier_order(3600000007, [phone], shipping_tax=0),
            "Sectorul 6",
            "Bucuresti",
            "Bd. Iuliu Maniu 7",
            **COMPANY,
        )
        invoice = self._invoice(self._import(data))
        self.assertAlmostEqual(invoice.amount_total, 2000.00, places=2)
        self.assertAlmostEqual(invoice.amount_tax, 0.0, places=2)
        self.assertCiusRoValid(invoice)
