"""Order mapping on the reference's sample JSON (no simulator needed)."""

from datetime import datetime

from psycopg2 import IntegrityError

from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import EmagCommon, sample_order


def voucher_order(order_id=3000000001):
    """Two VAT rates, two vouchers (the seller's split over both rates), shipping.

    Hand computation:
      line A  81.0811 x 1.11 = 90.000021 -> 90.00 x 2 = 180.00
      line B 289.2562 x 1.21 = 350.000002 -> 350.00 x 3 = 1050.00
      shipping                              19.99
      voucher 1, eMAG's (11%)              -10.00  (not on the invoice)
      voucher 2, seller's (11% -10.00, 21% -10.00) -20.00
      invoice                             1229.99
      the customer pays                   1219.99
    """
    order = sample_order(order_id, delivery_mode="courier", details={})
    order["customer"] = dict(order["customer"], shipping_street="Str. X 8")
    order["shipping_tax"] = 19.99
    order["products"] = [
        {
            "id": 501,
            "product_id": "1002",
            "name": "Cafea",
            "part_number": "LAVQORO1KG",
            "sale_price": "81.0811",
            "vat": "0.1100",
            "quantity": 2,
            "status": 1,
            "product_voucher_split": [
                {
                    "voucher_id": 11,
                    "value": "-9.0090",
                    "vat_value": "-0.9910",
                    "vat": "0.1100",
                    "offered_by": "eMAG",
                    "voucher_name": "Voucher 10",
                },
                {
                    "voucher_id": 12,
                    "value": "-9.0090",
                    "vat_value": "-0.9910",
                    "vat": "0.1100",
                    "offered_by": "seller",
                    "voucher_name": "Voucher 20",
                },
            ],
        },
        {
            "id": 502,
            "product_id": "1004",
            "name": "Toner",
            "part_number": "TN-2420",
            "sale_price": "289.2562",
            "vat": "0.2100",
            "quantity": 3,
            "status": 1,
            "product_voucher_split": [
                {
                    "voucher_id": 12,
                    "value": "-8.2645",
                    "vat_value": "-1.7355",
                    "vat": "0.2100",
                    "offered_by": "seller",
                    "voucher_name": "Voucher 20",
                },
            ],
        },
    ]
    order["vouchers"] = [
        {
            "voucher_id": 11,
            "status": 1,
            "sale_price": "-9.0090",
            "sale_price_vat": "-0.9910",
            "voucher_name": "Voucher 10",
            "vat": "0.1100",
        },
        {
            "voucher_id": 12,
            "status": 1,
            "sale_price": "-17.2735",
            "sale_price_vat": "-2.7265",
            "voucher_name": "Voucher 20",
            "vat": "0.2100",
        },
    ]
    return order


@tagged("post_install", "-at_install")
class TestOrderMapping(EmagCommon):
    def _import(self, data):
        Order = self.env["bocp.emag.order"]
        Order._register_ids(self.account, [data["id"]])
        order = Order.search(
            [("account_id", "=", self.account.id), ("emag_id", "=", data["id"])]
        )
        order._store_data(data)
        order._import_orders()
        return order

    def test_sample_order(self):
        order = self._import(sample_order())
        self.assertEqual(order.state, "imported", order.error_message)
        sale = order.sale_order_id
        self.assertEqual(sale.bocp_emag_order_id, order)
        # 10.07 x 1.19 = 11.9833 -> 11.98; shipping 14.99 VAT included
        self.assertAlmostEqual(sale.amount_total, 26.97, places=2)
        self.assertAlmostEqual(order.amount_total, 26.97, places=2)
        line = sale.order_line.filtered(
            lambda li: li.bocp_emag_line_key == "p:87503654"
        )
        self.assertAlmostEqual(line.price_unit, 11.98, places=2)
        self.assertTrue(line.tax_id.price_include)
        self.assertEqual(line.tax_id.amount, 19.0)
        partner = sale.partner_id
        self.assertEqual(partner.name, "Ion Pop")
        self.assertFalse(partner.is_company)
        self.assertEqual(partner.country_id.code, "RO")
        self.assertEqual(partner.state_id.code, "IF")
        self.assertFalse(partner.email, "the eMAG e-mail hash is not an address")
        shipping = sale.partner_shipping_id
        self.assertNotEqual(shipping, partner)
        self.assertEqual(shipping.type, "delivery")
        self.assertIn("EasyBox #9194", shipping.street)
        self.assertEqual(order.locker_id, "dce0b7cf-dc38-11e8-a7d8-001a4a160153")
        self.assertEqual(order.payment_mode, "cod")
        self.assertEqual(order.delivery_mode, "pickup")
        # 11:19:26 in Bucharest (UTC+2 in December) is 09:19:26 UTC
        self.assertEqual(order.order_date, datetime(2021, 12, 5, 9, 19, 26))
        self.assertEqual(sale.state, "draft", "not confirmed before acknowledgement")

    def test_vouchers_and_shipping_totals(self):
        order = self._import(voucher_order())
        sale = order.sale_order_id
        self.assertEqual(order.state, "imported", order.error_message)
        self.assertAlmostEqual(sale.amount_total, 1229.99, places=2)
        self.assertAlmostEqual(order.amount_total, 1219.99, places=2)
        self.assertAlmostEqual(order.amount_emag_funded, 10.00, places=2)
        vouchers = sale.order_line.filtered(
            lambda li: li.bocp_emag_line_key.startswith("v:")
        )
        by_rate = {}
        for line in vouchers:
            by_rate.setdefault(line.tax_id.amount, 0.0)
            by_rate[line.tax_id.amount] += line.price_total
        self.assertAlmostEqual(by_rate[11.0], -10.0, places=2)
        self.assertAlmostEqual(by_rate[21.0], -10.0, places=2)
        self.assertEqual(len(vouchers), 2, "one line per seller voucher and VAT rate")
        line_a = sale.order_line.filtered(lambda li: li.bocp_emag_line_key == "p:501")
        self.assertAlmostEqual(line_a.price_total, 180.0, places=2)
        self.assertAlmostEqual(line_a.price_subtotal, 162.16, places=2)
        shipping = sale.order_line.filtered(lambda li: li.bocp_emag_line_key == "s")
        self.assertAlmostEqual(shipping.price_total, 19.99, places=2)

    def test_invoice_shows_the_emag_payment_mode(self):
        modes = ((1020, 1, "cod"), (1021, 2, "bank"), (1022, 3, "card"))
        for emag_id, mode_id, mode in modes:
            order = self._import(sample_order(emag_id, payment_mode_id=mode_id))
            sale = order.sale_order_id
            sale.action_confirm()
            invoice = sale._create_invoices()
            self.assertEqual(order.payment_mode, mode)
            self.assertEqual(sale.bocp_emag_payment_mode, mode)
            self.assertEqual(invoice.bocp_emag_payment_mode, mode)
            self.assertEqual(invoice.bocp_emag_order_ids, order)
        # An accountant without eMAG rights sees it too.
        accountant = new_test_user(
            self.env, "bocp_emag_accountant", groups="account.group_account_invoice"
        )
        invoice = invoice.with_user(accountant)
        invoice.invalidate_recordset()
        self.assertEqual(invoice.bocp_emag_payment_mode, "card")

    def test_company_customer_is_found_again(self):
        data = sample_order(1001)
        data["customer"] = dict(
            data["customer"],
            legal_entity=1,
            company="Dante International SA",
            code="14399840",
            is_vat_payer=1,
            registration_number="J40/372/2002",
        )
        first = self._import(data)
        second = self._import(dict(data, id=1002))
        partner = first.sale_order_id.partner_id
        self.assertTrue(partner.is_company)
        self.assertEqual(partner.name, "Dante International SA")
        self.assertEqual(partner.vat, "RO14399840")
        self.assertEqual(partner.company_registry, "J40/372/2002")
        self.assertEqual(second.sale_order_id.partner_id, partner)

    def test_invalid_cui_does_not_block_the_order(self):
        data = sample_order(1003)
        data["customer"] = dict(
            data["customer"], legal_entity=1, company="X SRL", code="123"
        )
        order = self._import(data)
        self.assertEqual(order.state, "imported", order.error_message)
        self.assertFalse(order.sale_order_id.partner_id.vat)

    def test_person_is_found_again(self):
        first = self._import(sample_order(1004))
        second = self._import(sample_order(1005))
        self.assertEqual(
            first.sale_order_id.partner_id, second.sale_order_id.partner_id
        )
        self.assertEqual(
            first.sale_order_id.partner_shipping_id,
            second.sale_order_id.partner_shipping_id,
        )

    def test_missing_product_is_an_error_when_not_created(self):
        self.account.create_missing_products = False
        order = self._import(sample_order(1006))
        self.assertEqual(order.state, "error")
        self.assertIn("4306074", order.error_message)
        self.assertFalse(order.sale_order_id)

    def test_product_found_by_part_number(self):
        product = self.env["product.product"].create(
            {"name": "Existing", "default_code": "4306074", "is_storable": True}
        )
        order = self._import(sample_order(1007))
        line = order.sale_order_id.order_line.filtered(
            lambda li: li.bocp_emag_line_key == "p:87503654"
        )
        self.assertEqual(line.product_id, product)

    def test_price_included_tax_is_made_from_the_company_tax(self):
        self.env["account.tax"].create(
            {
                "name": "Test TVA 9%",
                "amount": 9,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "company_id": self.company.id,
            }
        )
        data = sample_order(1008)
        data["products"][0]["vat"] = "0.0900"
        order = self._import(data)
        line = order.sale_order_id.order_line.filtered(
            lambda li: li.bocp_emag_line_key == "p:87503654"
        )
        self.assertTrue(line.tax_id.price_include)
        self.assertEqual(line.tax_id.amount, 9.0)
        self.assertAlmostEqual(line.price_unit, 10.98, places=2)  # 10.07 x 1.09
        # made once: the next order of that rate uses it
        again = self._import(dict(data, id=1012))
        self.assertEqual(again.sale_order_id.order_line[:1].tax_id, line.tax_id)
        twins = self.env["account.tax"].search(
            [
                ("company_id", "=", self.company.id),
                ("amount", "=", 9.0),
                ("name", "like", "(eMAG, VAT included)"),
            ]
        )
        self.assertEqual(twins, line.tax_id)

    def test_unit_price_is_rounded_with_vat_then_multiplied(self):
        """eMAG: round(sale_price x (1 + vat), 2) x quantity -- not the VAT of the
        line's total.  10.07 x 1.19 = 11.9833 -> 11.98, x 3 = 35.94 (a VAT-excluded
        10.07 x 3 = 30.21 + 5.74 VAT would give 35.95: one ban too much)."""
        data = sample_order(1013)
        data["products"][0]["quantity"] = 3
        order = self._import(data)
        sale = order.sale_order_id
        line = sale.order_line.filtered(
            lambda li: li.bocp_emag_line_key == "p:87503654"
        )
        self.assertAlmostEqual(line.price_total, 35.94, places=2)
        self.assertAlmostEqual(sale.amount_total, 35.94 + 14.99, places=2)
        self.assertAlmostEqual(order.amount_total, 50.93, places=2)

    def test_no_tax_of_the_rate_is_a_clear_error(self):
        data = sample_order(1009)
        data["products"][0]["vat"] = "0.0700"
        order = self._import(data)
        self.assertEqual(order.state, "error")
        self.assertIn("7.0%", order.error_message)

    def test_order_id_is_unique_per_account(self):
        self._import(sample_order(1010))
        created = self.env["bocp.emag.order"]._register_ids(self.account, [1010, 1011])
        self.assertEqual(created, [1011])
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self.env["bocp.emag.order"].create(
                {"account_id": self.account.id, "emag_id": 1010}
            )

    def test_big_order_ids_fit(self):
        order = self._import(sample_order(4294967295))
        self.assertEqual(order.emag_id, 4294967295)
