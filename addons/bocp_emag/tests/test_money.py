"""Invoices of eMAG orders as eMAG's live API shapes them: who pays a voucher,
SGR deposits, reverse charge, the order's currency, the locker fee.

Every expected amount is computed by hand in the docstring of its test:
a line's gross unit is round(sale_price x (1 + vat), 2); a VAT-included line
of gross G at rate r has the base round(G / (1 + r), 2) and VAT G - base.
"""

from odoo.tests import tagged

from .common import EmagCommon, sample_order


def split(voucher_id, value, vat_value, funder, vat="0.2100", name=None):
    return {
        "voucher_id": voucher_id,
        "value": value,
        "vat_value": vat_value,
        "vat": vat,
        "offered_by": funder,
        "voucher_name": name or f"Voucher {voucher_id}",
    }


def voucher(voucher_id, sale_price, sale_price_vat, name=None, vat="0.2100"):
    return {
        "voucher_id": voucher_id,
        "status": 1,
        "sale_price": sale_price,
        "sale_price_vat": sale_price_vat,
        "voucher_name": name or f"Voucher {voucher_id}",
        "vat": vat,
    }


def courier_order(order_id, lines, **extra):
    order = sample_order(order_id, delivery_mode="courier", details={}, **extra)
    order["customer"] = dict(order["customer"], shipping_street="Str. X 8")
    order["products"] = lines
    return order


def product_line(line_id, product_id, price, vat, qty, **extra):
    values = {
        "id": line_id,
        "product_id": product_id,
        "name": f"Produs {product_id}",
        "part_number": f"PN-{product_id}",
        "sale_price": price,
        "vat": vat,
        "quantity": qty,
        "status": 1,
    }
    values.update(extra)
    return values


class MoneyCase(EmagCommon):
    def _import(self, data, account=None):
        account = account or self.account
        Order = self.env["bocp.emag.order"]
        Order._register_ids(account, [data["id"]])
        order = Order.search(
            [("account_id", "=", account.id), ("emag_id", "=", data["id"])]
        )
        order._store_data(data)
        order._import_orders()
        return order

    def _invoice(self, order):
        self.assertEqual(order.state, "imported", order.error_message)
        sale = order.sale_order_id
        sale.action_confirm()
        invoice = sale._create_invoices()
        invoice.action_post()
        return invoice

    def line(self, sale, key):
        return sale.order_line.filtered(lambda li: li.bocp_emag_line_key == key)


@tagged("post_install", "-at_install")
class TestVouchersByFunder(MoneyCase):
    def _two_vouchers(self, order_id=3300000001, emag_funder="eMAG"):
        """100.0000 at 21% x 2 = 121.00 x 2 = 242.00, shipping 19.99, a seller
        voucher of 10.00 (-8.2645 -1.7355) and an eMAG one of 20.00
        (-16.5289 -3.4711)."""
        line = product_line(
            601,
            "2001",
            "100.0000",
            "0.2100",
            2,
            product_voucher_split=[
                split(71, "-8.2645", "-1.7355", "seller", name="Reducere magazin"),
                split(72, "-16.5289", "-3.4711", emag_funder, name="Voucher eMAG 20"),
            ],
        )
        data = courier_order(order_id, [line], shipping_tax=19.99)
        data["vouchers"] = [
            voucher(71, "-8.2645", "-1.7355", "Reducere magazin"),
            voucher(72, "-16.5289", "-3.4711", "Voucher eMAG 20"),
        ]
        return data

    def test_emag_voucher_does_not_lower_the_invoice(self):
        """Invoice: 242.00 + 19.99 - 10.00 (seller) = 251.99; VAT 42.00
        (200.00 base) + 3.47 (19.99 -> 16.52 base) - 1.74 (-10.00 -> -8.26
        base) = 43.73.  The customer pays 251.99 - 20.00 (eMAG) = 231.99, eMAG
        owes the 20.00."""
        order = self._import(self._two_vouchers())
        sale = order.sale_order_id
        self.assertAlmostEqual(order.amount_total, 231.99, places=2)
        self.assertAlmostEqual(order.amount_emag_funded, 20.00, places=2)
        self.assertAlmostEqual(sale.amount_total, 251.99, places=2)
        self.assertAlmostEqual(sale.amount_tax, 43.73, places=2)
        [seller] = sale.order_line.filtered(
            lambda li: li.bocp_emag_line_key[:2] == "v:"
        )
        self.assertEqual(seller.bocp_emag_line_key, "v:71:0.21")
        self.assertAlmostEqual(seller.price_total, -10.00, places=2)
        self.assertAlmostEqual(order._cod_amount(), 231.99, places=2)

        invoice = self._invoice(order)
        self.assertAlmostEqual(invoice.amount_total, 251.99, places=2)
        self.assertAlmostEqual(invoice.amount_tax, 43.73, places=2)
        self.assertAlmostEqual(invoice.amount_residual, 231.99, places=2)
        entry = order.voucher_move_id
        self.assertEqual(entry.state, "posted")
        emag_line = entry.line_ids.filtered(
            lambda li: li.partner_id == self.account.emag_partner_id
        )
        self.assertAlmostEqual(emag_line.debit, 20.00, places=2)
        self.assertEqual(emag_line.account_id.account_type, "asset_receivable")
        self.assertFalse(emag_line.reconciled, "open until eMAG's settlement")
        # posted again after a reset: the same entry, reconciled again
        invoice.button_draft()
        self.assertAlmostEqual(invoice.amount_residual, 251.99, places=2)
        invoice.action_post()
        self.assertEqual(order.voucher_move_id, entry)
        self.assertAlmostEqual(invoice.amount_residual, 231.99, places=2)

    def test_unknown_funder_stops_the_order_for_a_person(self):
        for funder in ("vendor", ""):
            order = self._import(
                self._two_vouchers(3300000002 + bool(funder), emag_funder=funder)
            )
            self.assertEqual(order.state, "error")
            self.assertFalse(order.sale_order_id)
            self.assertIn("Voucher eMAG 20", order.error_message)
            self.assertEqual(len(order.activity_ids), 1)
            # a retry stops again, with still one activity
            order.write({"state": "new"})
            order._import_orders()
            self.assertEqual(order.state, "error")
            self.assertEqual(len(order.activity_ids), 1)

    def test_shipping_voucher_takes_the_funder_of_its_product_splits(self):
        """An eMAG voucher of 10.00 (-8.2645 -1.7355) on the product and 19.99
        (-16.5207 -3.4693) on the shipping: the invoice keeps 121.00 + 19.99 =
        140.99, the customer pays 140.99 - 29.99 = 111.00."""
        line = product_line(
            602,
            "2002",
            "100.0000",
            "0.2100",
            1,
            product_voucher_split=[split(73, "-8.2645", "-1.7355", "eMAG")],
        )
        data = courier_order(3300000010, [line], shipping_tax=19.99)
        data["shipping_tax_voucher_split"] = [
            {"voucher_id": 73, "value": "-16.5207", "vat_value": "-3.4693"}
        ]
        data["vouchers"] = [voucher(73, "-24.7852", "-5.2048")]
        order = self._import(data)
        self.assertAlmostEqual(order.sale_order_id.amount_total, 140.99, places=2)
        self.assertAlmostEqual(order.amount_emag_funded, 29.99, places=2)
        self.assertAlmostEqual(order.amount_total, 111.00, places=2)


@tagged("post_install", "-at_install")
class TestDepositAndReverseCharge(MoneyCase):
    def test_sgr_deposit_line_without_vat(self):
        """Water six-pack 10.0000 at 11% x 2 = 11.10 x 2 = 22.20 (base 20.00,
        VAT 2.20) and its deposit 12 x 0.50 = 6.00 at 0% (non-taxable): 28.20,
        all of it collected on delivery."""
        water = product_line(
            603,
            "2003",
            "10.0000",
            "0.1100",
            2,
            recycle_warranties=[
                {
                    "quantity": 12,
                    "sale_price": "0.5000",
                    "vat_rate": 0,
                    "product_name": "Taxa SGR plastic",
                }
            ],
        )
        order = self._import(courier_order(3300000020, [water], shipping_tax=0))
        sale = order.sale_order_id
        deposit = self.line(sale, "d:603:0")
        self.assertEqual(deposit.product_id, self.account.deposit_product_id)
        self.assertEqual(deposit.product_uom_qty, 12)
        self.assertAlmostEqual(deposit.price_unit, 0.50, places=2)
        non_taxable = self.env["account.chart.template"].ref("tvatine")
        self.assertEqual(deposit.tax_id, non_taxable)
        self.assertEqual(non_taxable.amount, 0.0)
        self.assertIn("Taxa SGR plastic", deposit.name)
        self.assertAlmostEqual(sale.amount_total, 28.20, places=2)
        self.assertAlmostEqual(sale.amount_tax, 2.20, places=2)
        self.assertAlmostEqual(order.amount_total, 28.20, places=2)
        self.assertAlmostEqual(order._cod_amount(), 28.20, places=2)
        invoice = self._invoice(order)
        self.assertAlmostEqual(invoice.amount_total, 28.20, places=2)
        self.assertAlmostEqual(invoice.amount_tax, 2.20, places=2)

    def _company_customer(self, data):
        data["customer"] = dict(
            data["customer"],
            legal_entity=1,
            company="Construct Grup SRL",
            code="RO18458796",
            is_vat_payer=1,
        )
        return data

    def test_reverse_charge_order_is_invoiced_without_vat(self):
        """Two phones 1000.0000 flagged reversible_vat_charging: 2 x 1000.00 =
        2000.00, no VAT, under l10n_ro's reverse-charge fiscal position."""
        phone = product_line(
            604, "2004", "1000.0000", "0.2100", 2, reversible_vat_charging=1
        )
        data = self._company_customer(
            courier_order(3300000030, [phone], shipping_tax=0)
        )
        order = self._import(data)
        sale = order.sale_order_id
        position = self.env["account.chart.template"].ref("fiscal_position_template_2")
        self.assertEqual(sale.fiscal_position_id, position)
        line = self.line(sale, "p:604")
        sales = position.tax_ids.filtered(lambda m: m.tax_src_id.type_tax_use == "sale")
        self.assertEqual(line.tax_id, sales.tax_dest_id)
        self.assertEqual(line.tax_id.amount, 0.0)
        self.assertAlmostEqual(sale.amount_total, 2000.00, places=2)
        self.assertAlmostEqual(sale.amount_tax, 0.0, places=2)
        invoice = self._invoice(order)
        self.assertEqual(invoice.fiscal_position_id, position)
        self.assertAlmostEqual(invoice.amount_total, 2000.00, places=2)
        self.assertAlmostEqual(invoice.amount_tax, 0.0, places=2)

    def test_mixed_order_reverse_charges_only_its_flagged_lines(self):
        """A phone 1000.0000 reverse charge (1000.00, no VAT) and a case
        50.0000 at 21% (60.50: base 50.00, VAT 10.50), shipping 19.99 at 21%
        (16.52 + 3.47): 1080.49, VAT 13.97."""
        phone = product_line(
            605, "2005", "1000.0000", "0.2100", 1, reversible_vat_charging=1
        )
        case = product_line(606, "2006", "50.0000", "0.2100", 1)
        data = self._company_customer(
            courier_order(3300000031, [phone, case], shipping_tax=19.99)
        )
        order = self._import(data)
        sale = order.sale_order_id
        position = self.env["account.chart.template"].ref("fiscal_position_template_2")
        self.assertNotEqual(sale.fiscal_position_id, position)
        self.assertEqual(self.line(sale, "p:605").tax_id.amount, 0.0)
        self.assertEqual(self.line(sale, "p:606").tax_id.amount, 21.0)
        self.assertAlmostEqual(sale.amount_total, 1080.49, places=2)
        self.assertAlmostEqual(sale.amount_tax, 13.97, places=2)
        self.assertAlmostEqual(order.amount_total, 1080.49, places=2)


@tagged("post_install", "-at_install")
class TestCurrencyAndLockerFee(MoneyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.eur = cls.env.ref("base.EUR")
        cls.eur.active = True
        cls.env["res.currency.rate"].create(
            {"currency_id": cls.eur.id, "rate": 0.2, "name": "2025-01-01"}
        )
        bg_vat = cls.env["account.tax"].create(
            {
                "name": "Test ДДС 20%",
                "amount": 20,
                "amount_type": "percent",
                "price_include_override": "tax_included",
                "type_tax_use": "sale",
                "company_id": cls.company.id,
            }
        )
        # shipping to Bulgarian customers bears Bulgaria's VAT (OSS)
        bg_shipping = cls.env["product.product"].create(
            {"name": "eMAG BG transport", "type": "service", "taxes_id": bg_vat.ids}
        )
        cls.bg = cls.env["bocp.emag.account"].create(
            {
                "name": "eMAG Bulgaria",
                "platform": "bg",
                "api_url": "http://127.0.0.1:9/api-3",
                "api_username": "bg",
                "api_password": "bg",
                "warehouse_id": cls.warehouse.id,
                "shipping_product_id": bg_shipping.id,
                "pricelist_id": cls.env["product.pricelist"]
                .create({"name": "eMAG EUR", "currency_id": cls.eur.id})
                .id,
            }
        )

    def _bg_order(self, order_id, **extra):
        """100.0000 at 20% = 120.00 EUR, shipping 5.00 EUR (4.17 + 0.83):
        125.00 EUR, VAT 20.83."""
        line = product_line(607, "2007", "100.0000", "0.2000", 1)
        data = courier_order(order_id, [line], shipping_tax=5.00, **extra)
        data["customer"] = dict(
            data["customer"],
            billing_country="BG",
            shipping_country="BG",
            billing_suburb="Sofia",
            shipping_suburb="Sofia",
        )
        return data

    def test_bulgarian_order_in_euro(self):
        self.assertEqual(self.bg.currency_id, self.eur)
        data = self._bg_order(3300000040, date="2026-02-03 10:00:00")
        data["currency"] = "EUR"
        order = self._import(data, self.bg)
        sale = order.sale_order_id
        self.assertEqual(order.currency_id, self.eur)
        self.assertEqual(sale.currency_id, self.eur)
        self.assertAlmostEqual(sale.amount_total, 125.00, places=2)
        invoice = self._invoice(order)
        self.assertEqual(invoice.currency_id, self.eur)
        self.assertAlmostEqual(invoice.amount_total, 125.00, places=2)
        self.assertAlmostEqual(invoice.amount_tax, 20.83, places=2)

    def test_bulgarian_order_of_2025_is_in_leva_and_stops(self):
        """No currency key, dated before 2026-01-01: BGN, which the company does
        not book (inactive): stopped with a message naming it."""
        data = self._bg_order(3300000041, date="2025-12-20 10:00:00")
        data.pop("currency", None)
        for line in data["products"]:
            line.pop("currency", None)
        self.env.ref("base.BGN").active = False
        order = self._import(data, self.bg)
        self.assertEqual(order.state, "error")
        self.assertIn("BGN", order.error_message)
        self.assertEqual(len(order.activity_ids), 1)

    def test_pickup_fee_by_the_seller_or_by_emag(self):
        """The reference's pickup order: 10.0700 at 19% = 11.98 plus the locker
        fee 14.99.  Off (Romania's default): invoiced and collected, 26.97.  On:
        eMAG invoices the fee, the seller invoices and collects 11.98."""
        self.assertFalse(self.account.locker_fee_by_emag)
        self.assertTrue(
            self.env["bocp.emag.account"].new({"platform": "hu"}).locker_fee_by_emag
        )
        off = self._import(sample_order(3300000050))
        self.assertAlmostEqual(off.sale_order_id.amount_total, 26.97, places=2)
        self.assertAlmostEqual(off._cod_amount(), 26.97, places=2)
        self.account.locker_fee_by_emag = True
        on = self._import(sample_order(3300000051))
        sale = on.sale_order_id
        self.assertFalse(self.line(sale, "s"))
        self.assertAlmostEqual(sale.amount_total, 11.98, places=2)
        self.assertAlmostEqual(on._cod_amount(), 11.98, places=2)
        # a home delivery keeps its shipping whatever the setting
        home = self._import(courier_order(3300000052, sample_order()["products"]))
        self.assertAlmostEqual(home.sale_order_id.amount_total, 26.97, places=2)
