from datetime import date

from odoo.tests import tagged

from odoo.addons.bocp_ro_address.tests.common import CiusRoAssertionsMixin

from .common_billing import BocpBillingCase


@tagged("post_install", "-at_install")
class TestBillingEFactura(CiusRoAssertionsMixin, BocpBillingCase):
    """Rental invoices, made directly or from a proforma, pass Odoo's own
    CIUS-RO builder (l10n_ro_edi) once posted, amounts and VAT included."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._bocp_setup_ciusro_company(cls.company)
        Partner = cls.env["res.partner"]
        address = Partner._bocp_ro_normalize_address_vals(
            {
                "street": "Bd. Unirii 15, et. 3",
                "city": "București",
                "zip": "030823",
                "state_id": "București",
                "country_id": "RO",
                "vat": "RO18547290",
            }
        )
        cls.partner.write(address)
        cls.rental = cls._rent_priced(
            cls.printer,
            cls.partner,
            {cls.bw: 0, cls.color: 0},
            date(2025, 1, 10),
            fixed_fee=45.0,
            minimum_amount=30.0,
            prices={cls.bw: 0.0453, cls.color: 0.20},
        )
        cls._included(cls.rental, cls.bw, 500)
        cls._read(cls.rental, {cls.bw: 1377, cls.color: 33}, date(2025, 1, 31))

    def test_partner_in_bucharest_gets_its_sector(self):
        self.assertEqual(self.partner.city, "SECTOR3")
        self.assertEqual(self.partner._bocp_ro_address_problems(), [])

    def test_rental_invoice(self):
        move = self._invoice(day=date(2025, 1, 31), post=True)
        # January from the 10th: 500 × 22 / 31 = 355 included; B/W 1,377 − 355
        # = 1,022 × 0.0453 = 46.2966 → 46.30 (one line of the exact amount);
        # colour 33 × 0.20 = 6.60; pages 52.90 ≥ 30.00; fee 45.00
        self.assertEqual(move.state, "posted")
        self.assertAlmostEqual(move.amount_untaxed, 46.30 + 6.60 + 45.00)
        self.assertAlmostEqual(move.amount_tax, 9.72 + 1.39 + 9.45)
        tree = self.assertCiusRoValid(move)
        cities = [node.text for node in tree.iter("{*}CityName")]
        self.assertIn("SECTOR3", cities)
        self.assertIn("SECTOR2", cities)

    def test_converted_proforma(self):
        self.company.bocp_auto_post = True
        proforma = self.billing._create_proformas(self.partner, date(2025, 1, 31))
        invoice = self.billing._convert_proforma(proforma)
        self.assertEqual(invoice.state, "posted")
        self.assertAlmostEqual(invoice.amount_total, proforma.amount_total)
        self.assertCiusRoValid(invoice)

    def test_credit_note_of_rental_invoice(self):
        move = self._invoice(day=date(2025, 1, 31), post=True)
        refund = move._reverse_moves()
        refund.action_post()
        self.assertCiusRoValid(refund)

    def test_wizard_warns_of_refused_addresses(self):
        self.partner_other.write({"street": "Str. Lungă 4", "city": "Brașov"})
        wizard = self.env["bocp.billing.wizard"].create(
            {"partner_ids": [(6, 0, (self.partner | self.partner_other).ids)]}
        )
        self.assertIn(self.partner_other.name, wizard.address_problems)
        self.assertIn("county", wizard.address_problems)
        self.assertNotIn(self.partner.name, wizard.address_problems)
        self.partner_other.state_id = self.env.ref("base.RO_BV")
        wizard.invalidate_recordset(["address_problems"])
        self.assertFalse(wizard.address_problems)
