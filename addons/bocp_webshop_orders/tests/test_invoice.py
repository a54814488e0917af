from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.bocp_ro_address.tests.common import CiusRoAssertionsMixin

from .common import WebshopCommon


@tagged("post_install", "-at_install")
class TestFiscalInvoice(CiusRoAssertionsMixin, WebshopCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._bocp_setup_ciusro_company(cls.company)
        cls.stage_taken = cls.env["bocp.webshop.stage"]._get_by_code("taken")

    def _taken_over_cod_order(self, partner=None):
        order = self._cod_order(partner=partner)
        order._bocp_take_over(self.wh2)
        self.assertEqual(order.bocp_stage_id, self.stage_taken)
        return order

    def test_invoice_posted_after_take_over_and_valid_for_e_factura(self):
        order = self._taken_over_cod_order()
        action = order.action_bocp_issue_invoice()
        invoice = order.invoice_ids
        self.assertEqual(len(invoice), 1)
        self.assertEqual(action["res_id"], invoice.id)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.journal_id.type, "sale")
        # 2 x 100 and the courier's 20, both with 21% VAT
        self.assertAlmostEqual(invoice.amount_total, (2 * 100 + 20) * 1.21)
        self.assertEqual(order.invoice_status, "invoiced")
        self.assertEqual(order.bocp_payment_state, "on_delivery")
        self.assertCiusRoValid(invoice)
        xml, _errors = self._bocp_ciusro_xml(invoice)
        self.assertIn(b"0000000000000", _tostring(xml), "a person without CUI (B2C)")

    def test_company_in_bucharest_with_cui(self):
        company = self.env["res.partner"].create(
            self.env["res.partner"]._bocp_ro_normalize_address_vals(
                {
                    "name": "Birotica Exemplu SRL",
                    "is_company": True,
                    "vat": "RO18590206",
                    "email": "office@birotica.example.ro",
                    "lang": "en_US",
                    "street": "Str. Olari 5",
                    "city": "Sectorul 2",
                    "state_id": "București",
                    "country_id": "RO",
                }
            )
        )
        self.assertEqual(company.city, "SECTOR2")
        order = self._taken_over_cod_order(partner=company)
        order.action_bocp_issue_invoice()
        self.assertCiusRoValid(order.invoice_ids)

    def test_missing_county_refuses_the_invoice_with_the_message(self):
        self.customer.state_id = False
        order = self._taken_over_cod_order()
        with self.assertRaisesRegex(UserError, "county is missing"):
            order.action_bocp_issue_invoice()
        self.assertFalse(order.invoice_ids, "nothing created, not even a draft")
        self.assertEqual(order.invoice_status, "to invoice")

    def test_bucharest_without_sector_refused(self):
        self.customer.write(
            {
                "state_id": self.env.ref("base.RO_B").id,
                "city": "București",
                "zip": False,
            }
        )
        order = self._taken_over_cod_order()
        with self.assertRaisesRegex(UserError, "SECTOR1"):
            order.action_bocp_issue_invoice()
        self.assertFalse(order.invoice_ids)

    def test_invoice_needs_the_take_over(self):
        order = self._cod_order()
        with self.assertRaisesRegex(UserError, "Take the order over"):
            order.action_bocp_issue_invoice()
        self.assertFalse(order.invoice_ids)

    def test_nothing_left_to_invoice(self):
        order = self._taken_over_cod_order()
        order.action_bocp_issue_invoice()
        with self.assertRaises(UserError):
            order.action_bocp_issue_invoice()
        self.assertEqual(len(order.invoice_ids), 1)


def _tostring(tree):
    from lxml import etree  # noqa: PLC0415

    return etree.tostring(tree)
