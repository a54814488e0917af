from odoo.exceptions import UserError
from odoo.tests import Form

from .common import EAN_BAD, EAN_EXISTING, EAN_NEW_1, EAN_NEW_2, StockImportCase, tsv


def row(
    code="",
    name="",
    barcode="",
    uom="",
    qty="1",
    cost="1",
    sale="",
    vat="",
    lot="",
    tracking="",
):
    return [code, name, barcode, uom, qty, cost, sale, vat, lot, tracking]


class TestCheck(StockImportCase):
    """Every rule of the check page, one error class at a time."""

    def test_valid_table_is_checked_with_totals(self):
        stock_import = self.checked(
            [
                row("EX-001", qty="10", cost="2,50"),
                row("NEW-1", "Produs nou", EAN_NEW_1, "buc", "1.200", "0,455"),
                row("EX-KG", uom="kg", qty="2,5", cost="4"),
            ]
        )
        self.assertEqual(stock_import.state, "checked")
        self.assertFalse(stock_import.check_message)
        self.assertEqual(stock_import.line_count, 3)
        self.assertEqual(stock_import.new_product_count, 1)
        self.assertEqual(stock_import.total_quantity, 1212.5)
        # 10 x 2.50 + 1200 x 0.46 (cost rounded to the price precision) + 2.5 x 4
        self.assertAlmostEqual(stock_import.total_value, 25 + 552 + 10)
        new_line = self.line(stock_import, 3)
        self.assertEqual(new_line.status, "new")
        self.assertIn("rounded", new_line.message)
        self.assertEqual(self.line(stock_import, 2).status, "existing")

    def test_no_code_and_no_name(self):
        stock_import = self.checked([row(barcode=EAN_EXISTING, qty="1")])
        self.assert_error(stock_import, 2, "neither a product code nor a name")

    def test_quantity_must_be_a_positive_number(self):
        stock_import = self.checked(
            [
                row("EX-001", qty="0"),
                row("NEW-A", "A", qty="-2"),
                row("NEW-B", "B", qty="doi"),
                row("NEW-C", "C", qty=""),
                row("NEW-D", "D", qty="12.5"),  # dot decimal in the Romanian format
            ]
        )
        self.assert_error(stock_import, 2, "positive number")
        self.assert_error(
            stock_import, 3, "Quantity (row 3): -2 is outside the allowed range (from 0"
        )
        self.assert_error(stock_import, 4, "Quantity (row 4): 'doi' is not a number")
        self.assert_error(stock_import, 5, "quantity is missing")
        self.assert_error(stock_import, 6, "with ',' before decimals")

    def test_cost_missing_or_negative(self):
        stock_import = self.checked(
            [
                row("EX-001", cost=""),
                row("NEW-A", "A", cost="-1,5"),
                row("NEW-B", "B", cost="0"),
            ]
        )
        self.assert_error(stock_import, 2, "unit cost is missing")
        self.assert_error(stock_import, 3, "Unit cost (row 3): -1,5 is outside")
        self.assertEqual(self.line(stock_import, 4).status, "new")  # free goods: cost 0

    def test_unknown_unit(self):
        stock_import = self.checked(
            [row("NEW-A", "A", uom="pachet"), row("NEW-B", "B", uom="Buc.")]
        )
        self.assert_error(stock_import, 2, "Unknown unit of measure 'pachet'")
        self.assertEqual(self.line(stock_import, 3).uom_id, self.unit)

    def test_ambiguous_unit_is_not_guessed(self):
        """'ml' is a linear metre for some, a millilitre for others."""
        stock_import = self.checked([row("NEW-A", "A", uom="ml")])
        self.assert_error(stock_import, 2, "Unknown unit of measure 'ml'")

    def test_lots_of_one_new_product(self):
        """Its rows share barcode and unit; different ones are refused."""
        stock_import = self.checked(
            [
                row("NEW-L", "Adeziv", EAN_NEW_1, "kg", lot="A1"),
                row("NEW-L", "Adeziv", EAN_NEW_1, "kg", lot="A2"),
            ]
        )
        self.assertEqual(
            stock_import.state, "checked", stock_import.line_ids.mapped("message")
        )
        stock_import = self.checked(
            [
                row("NEW-L", "Adeziv", EAN_NEW_1, "kg", lot="A1"),
                row("NEW-L", "Adeziv", EAN_NEW_1, "g", lot="A2"),
            ]
        )
        self.assert_error(stock_import, 3, "another unit or barcode on row(s) 2")

    def test_unit_of_existing_product_must_match(self):
        stock_import = self.checked([row("EX-KG", uom="buc")])
        self.assert_error(stock_import, 2, "differs from the unit")

    def test_vat_rate_matches_a_company_sales_tax(self):
        stock_import = self.checked(
            [
                row("NEW-A", "A", vat="7,5"),
                row("NEW-B", "B", vat="7,5%"),
                row("NEW-C", "C", vat="37"),
            ]
        )
        self.assertEqual(self.line(stock_import, 2).tax_id, self.tax_sale_75)
        self.assertEqual(self.line(stock_import, 3).tax_id, self.tax_sale_75)
        self.assert_error(stock_import, 4, "Unknown VAT rate 37%")

    def test_invalid_ean_checksum(self):
        stock_import = self.checked([row("NEW-A", "A", barcode=EAN_BAD)])
        self.assert_error(stock_import, 2, "not a valid EAN/GTIN")

    def test_same_code_twice(self):
        stock_import = self.checked(
            [
                row("NEW-A", "A"),
                row("EX-001"),
                row("NEW-A", "A bis"),
                row("", "Surub M8"),
            ]
        )
        self.assert_error(stock_import, 2, "also on row(s) 4")
        self.assert_error(stock_import, 4, "also on row(s) 2")
        # the same existing product reached by code and by name
        self.assert_error(stock_import, 3, "also on row(s) 5")

    def test_same_barcode_for_two_new_products(self):
        stock_import = self.checked(
            [row("NEW-A", "A", barcode=EAN_NEW_1), row("NEW-B", "B", barcode=EAN_NEW_1)]
        )
        self.assert_error(stock_import, 2, f"Barcode {EAN_NEW_1} is also on row(s) 3")

    def test_lot_missing_for_tracked_product(self):
        stock_import = self.checked([row("EX-LOT", qty="5"), row("EX-SN", qty="1")])
        self.assert_error(stock_import, 2, "lot/serial is missing")
        self.assert_error(stock_import, 3, "lot/serial is missing")

    def test_several_lots_of_one_product_are_not_duplicates(self):
        stock_import = self.checked(
            [row("EX-LOT", qty="5", lot="L1"), row("EX-LOT", qty="3", lot="L2")]
        )
        self.assertEqual(
            stock_import.state, "checked", stock_import.line_ids.mapped("message")
        )
        stock_import = self.checked(
            [row("EX-LOT", qty="5", lot="L1"), row("EX-LOT", qty="3", lot="L1")]
        )
        self.assert_error(stock_import, 2, "also on row(s) 3")

    def test_serial_rows(self):
        stock_import = self.checked(
            [
                row("EX-SN", qty="3", lot="SN-1"),  # one serial for three units
                row("EX-SN", qty="2", lot="SN-2, SN-3"),  # split into two serials
            ]
        )
        self.assert_error(stock_import, 2, "one serial per unit")
        self.assertEqual(self.line(stock_import, 3).status, "existing")

    def test_tracking_column(self):
        stock_import = self.checked(
            [
                row(
                    "NEW-SN", "Imprimanta noua", qty="2", lot="A1, A2", tracking="serie"
                ),
                row("NEW-SN", "Imprimanta noua", qty="1", lot="A3", tracking="Serie"),
                row("NEW-S2", "S2", qty="2", lot="B1", tracking="serial"),
                row("NEW-S3", "S3", qty="2", lot="C1, C1", tracking="serie"),
                row("NEW-L", "L", qty="2", tracking="lot"),
                row("NEW-X", "X", lot="X1", tracking="da"),
                row("EX-LOT", qty="1", lot="L1", tracking="serie"),
                row("NEW-N", "N", qty="3", lot="N1", tracking="nu"),
            ]
        )
        self.assertEqual(
            (self.line(stock_import, 2).status, self.line(stock_import, 2).tracking),
            ("new", "serial"),
        )
        self.assertEqual(self.line(stock_import, 3).status, "new")
        self.assert_error(stock_import, 4, "one serial per unit")
        self.assert_error(stock_import, 5, "C1 is given twice")
        self.assert_error(stock_import, 6, "lot/serial is missing")
        self.assert_error(stock_import, 7, "Unknown tracking 'da'")
        self.assert_error(stock_import, 8, "is tracked by lots: the tracking cell")
        untracked = self.line(stock_import, 9)
        self.assertEqual((untracked.status, untracked.tracking), ("new", "none"))
        self.assertIn("Lot ignored", untracked.message)

    def test_one_serial_on_two_rows_of_a_new_product(self):
        stock_import = self.checked(
            [
                row("NEW-SN", "Imprimanta noua", lot="A1", tracking="serie"),
                row("NEW-SN", "Imprimanta noua", lot="A1", tracking="serie"),
            ]
        )
        self.assert_error(stock_import, 2, "also on row(s) 3")

    def test_code_mangled_by_excel(self):
        stock_import = self.checked(
            [
                row("5.9E+12", "A"),
                row("NEW-B", "B", barcode="5,94999E+12"),
                row("123", "Piulita noua"),  # existing code is 00123
                row("NEW-D", "D", barcode="1234565"),  # EAN-8 01234565
            ]
        )
        self.assert_error(stock_import, 2, "mangled by Excel")
        self.assert_error(stock_import, 3, "mangled by Excel")
        self.assert_error(
            stock_import, 4, "existing code 00123 without its leading zeros"
        )
        self.assert_error(stock_import, 5, "without its leading zero")

    def test_barcode_lost_leading_zero_of_existing_product(self):
        self.product_existing.barcode = "0012345678905"
        stock_import = self.checked([row("NEW-X", "X", barcode="012345678905")])
        self.assert_error(stock_import, 2, "0012345678905 without its leading zero")

    def test_matching_order_barcode_code_name(self):
        stock_import = self.checked(
            [
                row("OTHER-CODE", "Other name", EAN_EXISTING),  # barcode wins
                row("EX-KG", "Surub M8"),  # code wins over name
                row("", "Imprimanta laser", lot="SN-9"),  # exact name
                row("", "imprimanta LASER", lot="SN-8"),  # not exact: new product
            ]
        )
        self.assertEqual(self.line(stock_import, 2).product_id, self.product_existing)
        self.assertEqual(self.line(stock_import, 3).product_id, self.product_kg)
        self.assertEqual(self.line(stock_import, 4).product_id, self.product_serial)
        self.assertEqual(self.line(stock_import, 5).status, "new")

    def test_more_than_one_match_is_an_error(self):
        stock_import = self.checked([row("DUP-01")])
        self.assert_error(stock_import, 2, "2 products match 'DUP-01'")

    def test_new_product_needs_the_option_and_a_name(self):
        stock_import = self.checked(
            [row("NEW-A", "A"), row("NEW-B")], create_products=False
        )
        self.assert_error(stock_import, 2, "Create products for new codes")
        stock_import = self.checked([row("NEW-B")])
        self.assert_error(stock_import, 2, "needs a name")

    def test_existing_product_must_track_inventory(self):
        stock_import = self.checked([row("EX-CONS")])
        self.assert_error(stock_import, 2, "does not track inventory")

    def test_standard_cost_product_with_stock(self):
        product = self.standard_cost_product()
        self.env["stock.quant"].create(
            {
                "product_id": product.id,
                "location_id": self.sublocation.id,
                "inventory_quantity": 8,
            }
        ).action_apply_inventory()
        stock_import = self.checked([row("EX-STD", qty="2", cost="12")])
        self.assert_error(stock_import, 2, "already has stock")
        stock_import = self.checked([row("EX-STD", qty="2", cost="10")])
        self.assertEqual(stock_import.state, "checked")

    def test_number_format_english(self):
        stock_import = self.checked(
            [row("EX-001", qty="1,200", cost="2.50")], number_format="en"
        )
        line = self.line(stock_import, 2)
        self.assertEqual((line.quantity, line.cost, line.value), (1200, 2.5, 3000))

    def test_correct_in_place_and_check_again(self):
        stock_import = self.checked(
            [row("EX-001", qty="zece"), row("NEW-A", "A", qty="2")]
        )
        self.assertEqual(stock_import.error_count, 1)
        with self.assertRaisesRegex(UserError, "correct every error"):
            stock_import.action_confirm()
        wrong = self.line(stock_import, 2)
        wrong.quantity_text = "10"
        stock_import.action_check()
        self.assertEqual(stock_import.state, "checked")
        self.assertEqual(stock_import.error_count, 0)
        self.assertEqual(wrong.quantity, 10)
        self.assertEqual(stock_import.line_count, 2)  # correction kept, not re-read
        # any later change asks for a new check
        wrong.cost_text = "3"
        self.assertEqual(stock_import.state, "draft")
        stock_import.action_check()
        self.assertEqual(stock_import.state, "checked")
        stock_import.create_products = False
        self.assertEqual(stock_import.state, "draft")
        stock_import.action_check()
        self.assert_error(stock_import, 3, "Create products for new codes")

    def test_new_paste_replaces_the_rows(self):
        stock_import = self.checked([row("EX-001", qty="zece")])
        stock_import.paste_data = tsv([row("EX-001", qty="5"), row("EX-KG", qty="1")])
        stock_import.action_check()
        self.assertEqual(stock_import.line_count, 2)
        self.assertEqual(stock_import.state, "checked")

    def test_form_defaults_and_check(self):
        form = Form(self.env["bocp.stock.import"].with_user(self.manager))
        form.warehouse_id = self.warehouse
        self.assertEqual(form.location_id, self.warehouse.lot_stock_id)
        form.location_id = self.sublocation
        form.categ_id = self.categ_fifo
        form.create_products = True
        form.number_format = "ro"
        form.paste_data = tsv(
            [row("NEW-F", "Produs formular", EAN_NEW_2, qty="3", cost="4,5")]
        )
        stock_import = form.save()
        self.assertTrue(stock_import.name.startswith("IMP/"))
        stock_import.action_check()
        self.assertEqual(stock_import.state, "checked")
        self.assertEqual(stock_import.total_value, 13.5)

    def test_sub_location_must_belong_to_the_warehouse(self):
        other = self.env["stock.warehouse"].create(
            {"name": "Alt depozit", "code": "ALT"}
        )
        with self.assertRaisesRegex(UserError, "internal location of warehouse"):
            self.new_import([row("EX-001")], location_id=other.lot_stock_id.id)

    def test_default_number_format_follows_the_user_language(self):
        self.env["res.lang"]._activate_lang("ro_RO")
        self.manager.lang = "ro_RO"
        stock_import = self.env["bocp.stock.import"].with_user(self.manager).new({})
        self.assertEqual(stock_import.number_format, "ro")
        self.manager.lang = "en_US"
        stock_import = self.env["bocp.stock.import"].with_user(self.manager).new({})
        self.assertEqual(stock_import.number_format, "en")
