from datetime import date

from odoo import Command
from odoo.tests import TransactionCase, tagged

from .common import CiusRoAssertionsMixin


@tagged("post_install", "-at_install")
class TestCiusRoAssertion(CiusRoAssertionsMixin, TransactionCase):
    """The helper other addons use: it passes a complete invoice and fails
    one the CIUS-RO builder refuses."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._bocp_setup_ciusro_company(cls.env.company)
        cls.tax = cls.env["account.tax"].create(
            {
                "name": "TVA 21% (test adrese)",
                "amount": 21.0,
                "type_tax_use": "sale",
                "company_id": cls.env.company.id,
            }
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Serviciu (test)",
                "type": "service",
                "taxes_id": [Command.set(cls.tax.ids)],
            }
        )
        Partner = cls.env["res.partner"]
        cls.company_client = Partner.create(
            Partner._bocp_ro_normalize_address_vals(
                {
                    "name": "Client București SRL",
                    "is_company": True,
                    "vat": "RO18547290",
                    "street": "Bd. Unirii 35",
                    "city": "Sectorul 3",
                    "state_id": "Bucuresti",
                    "country_id": "RO",
                }
            )
        )
        cls.person = Partner.create(
            Partner._bocp_ro_normalize_address_vals(
                {
                    "name": "Maria Ionescu",
                    "street": "Str. Memorandumului 4",
                    "city": "Cluj-Napoca",
                    "state_id": "Cluj",
                    "country_id": "RO",
                }
            )
        )

    def _invoice(self, partner, price=1234.56, quantity=3):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": date(2026, 3, 2),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "quantity": quantity,
                            "price_unit": price,
                            "tax_ids": [Command.set(self.tax.ids)],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice

    def test_company_in_bucharest_and_person_elsewhere(self):
        for partner in (self.company_client, self.person):
            with self.subTest(partner=partner.name):
                invoice = self._invoice(partner)
                tree = self.assertCiusRoValid(invoice)
                # 3 × 1,234.56 = 3,703.68 + 21% VAT 777.77 = 4,481.45
                self.assertEqual(invoice.amount_total, 4481.45)
                self.assertIn(
                    b"SECTOR3" if partner == self.company_client else b"Cluj-Napoca",
                    self._city_names(tree),
                )

    def _city_names(self, tree):
        return b" ".join(
            (node.text or "").encode() for node in tree.iter("{*}CityName")
        )

    def test_refused_invoice_fails_the_assertion(self):
        invoice = self._invoice(self.company_client)
        self.company_client.city = "București"
        with self.assertRaisesRegex(AssertionError, "CIUS-RO refuses"):
            self.assertCiusRoValid(invoice)
        self.company_client.state_id = False
        with self.assertRaisesRegex(AssertionError, "CIUS-RO refuses"):
            self.assertCiusRoValid(invoice)

    def test_company_set_up_for_efactura(self):
        company = self.env.company
        self.assertEqual(company.partner_id._bocp_ro_address_problems(), [])
        self.assertTrue(company.vat or company.company_registry)
        self.assertTrue(company.partner_id.bank_ids)
        invoice = self._invoice(self.person)
        self.assertEqual(invoice.partner_bank_id.partner_id, company.partner_id)
