"""Test helpers for every addon whose invoices must pass e-Factura.

from odoo.addons.bocp_ro_address.tests.common import CiusRoAssertionsMixin

class TestMyInvoices(CiusRoAssertionsMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._bocp_setup_ciusro_company(cls.env.company)

    def test_invoice(self):
        ...
        self.assertCiusRoValid(invoice)
"""

from lxml import etree

from odoo.tools import float_compare

UBL_NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
}


class CiusRoAssertionsMixin:
    """assertCiusRoValid(invoice): Odoo's own CIUS-RO export (l10n_ro_edi)
    accepts the invoice, and its XML pays and taxes what the invoice does."""

    @classmethod
    def _bocp_setup_ciusro_company(cls, company):
        """The company as e-Factura wants its seller: a Bucharest address with
        its sector, a CUI, a trade register number and an IBAN account (kept
        where the company already has them)."""
        env = company.env
        values = {
            "country_id": env.ref("base.ro").id,
            "state_id": company.state_id.id or env.ref("base.RO_B").id,
            "city": company.city or "SECTOR2",
            "street": company.street or "Str. Fabrica de Glucoză nr. 11",
            "zip": company.zip or "020331",
            "vat": company.vat or "RO13548146",
            "company_registry": company.company_registry or "J40/1234/2005",
        }
        values = env["res.partner"]._bocp_ro_normalize_address_vals(values)
        company.write(values)
        partner = company.partner_id
        if not partner.bank_ids:
            env["res.partner.bank"].create(
                {
                    "partner_id": partner.id,
                    "acc_number": "RO49AAAA1B31007593840000",
                    "allow_out_payment": True,
                }
            )

    def _bocp_ciusro_xml(self, invoice):
        """(XML tree, constraint errors) of l10n_ro_edi's CIUS-RO export."""
        xml, errors = invoice.env["account.edi.xml.ubl_ro"]._export_invoice(invoice)
        return etree.fromstring(xml), errors

    def assertCiusRoValid(self, invoice):
        """No constraint error from the CIUS-RO builder, and the XML's payable
        amount, total and VAT are the invoice's."""
        invoice.ensure_one()
        tree, errors = self._bocp_ciusro_xml(invoice)
        self.assertFalse(
            errors,
            f"CIUS-RO refuses {invoice.display_name}:\n" + "\n".join(sorted(errors)),
        )
        self.assertEqual(
            tree.findtext("cbc:CustomizationID", namespaces=UBL_NS),
            "urn:cen.eu:en16931:2017#compliant#urn:efactura.mfinante.ro:CIUS-RO:1.0.1",
        )
        currency = invoice.currency_id
        total = "cac:LegalMonetaryTotal/cbc:"
        for path, expected in (
            (total + "PayableAmount", invoice.amount_residual),
            (total + "TaxInclusiveAmount", invoice.amount_total),
            (total + "TaxExclusiveAmount", invoice.amount_untaxed),
            (
                f"cac:TaxTotal/cbc:TaxAmount[@currencyID='{currency.name}']",
                invoice.amount_tax,
            ),
        ):
            found = tree.findtext(path, namespaces=UBL_NS)
            self.assertIsNotNone(found, f"{path} missing in the CIUS-RO XML")
            self.assertFalse(
                float_compare(
                    float(found), expected, precision_digits=currency.decimal_places
                ),
                f"{path} is {found} in the CIUS-RO XML, {expected} on the invoice",
            )
        return tree
