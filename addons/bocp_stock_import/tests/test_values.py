from odoo.tests import TransactionCase

from ..tools import columns
from ..tools.values import (
    barcode_problem,
    clean_text,
    format_number,
    gtin_is_valid,
    looks_scientific,
    parse_number,
    split_serials,
)


class TestValues(TransactionCase):
    def test_romanian_number_format(self):
        self.assertEqual(parse_number("1.234,56", "ro"), 1234.56)
        self.assertEqual(parse_number("1234,5", "ro"), 1234.5)
        self.assertEqual(parse_number("1.200", "ro"), 1200)
        self.assertEqual(parse_number("1 234,56", "ro"), 1234.56)
        self.assertEqual(parse_number("-3", "ro"), -3)
        # a dot decimal in the Romanian format is refused, never read as 125
        for text in ("12.5", "1,234.56", "1.23,4.5", "abc", "12,", ""):
            with self.assertRaises(ValueError, msg=text):
                parse_number(text, "ro")

    def test_english_number_format(self):
        self.assertEqual(parse_number("1,234.56", "en"), 1234.56)
        self.assertEqual(parse_number("0.45", "en"), 0.45)
        for text in ("12,5", "1.234,56"):
            with self.assertRaises(ValueError, msg=text):
                parse_number(text, "en")

    def test_format_number_round_trip(self):
        for value in (17.5, 1200.0, 0.45, 3, 1e-7, 123456789.125):
            for fmt in ("ro", "en"):
                self.assertAlmostEqual(
                    parse_number(format_number(value, fmt), fmt), value
                )
        self.assertEqual(format_number(17.5, "ro"), "17,5")
        self.assertEqual(format_number(1200.0, "ro"), "1200")

    def test_cedilla_becomes_comma_below(self):
        self.assertEqual(clean_text("  Şurub ţeavă  oţel\u00a0"), "Șurub țeavă oțel")
        self.assertEqual(clean_text(None), "")

    def test_gtin_and_barcode_problems(self):
        self.assertTrue(gtin_is_valid("5940000000011"))
        self.assertTrue(gtin_is_valid("01234565"))  # EAN-8
        self.assertTrue(gtin_is_valid("012345678905"))  # UPC-A
        self.assertFalse(gtin_is_valid("5940000000012"))
        self.assertEqual(barcode_problem("5940000000012"), "checksum")
        self.assertEqual(barcode_problem("5.94E+12"), "scientific")
        self.assertEqual(barcode_problem("1234565"), "leading_zero")  # EAN-8 0...
        self.assertIsNone(barcode_problem("5940000000011"))
        self.assertIsNone(barcode_problem("ABC-123"))
        self.assertIsNone(barcode_problem(""))
        self.assertTrue(looks_scientific("5,9E+12"))
        self.assertFalse(looks_scientific("E12"))

    def test_split_serials(self):
        self.assertEqual(
            split_serials("SN1, SN2;SN3  SN4"), ["SN1", "SN2", "SN3", "SN4"]
        )

    def test_header_in_any_order_and_language(self):
        header = columns.map_header(
            ["Quantity", "Product code", "Unit cost", "Culoare", "Denumire", "Cotă TVA"]
        )
        self.assertEqual(
            header.fields,
            {
                "quantity_text": 0,
                "default_code": 1,
                "cost_text": 2,
                "name": 4,
                "vat_text": 5,
            },
        )
        self.assertEqual(header.unknown, ["Culoare"])
        header = columns.map_header(["Cod", "Code", "Cantitate"])
        self.assertEqual(header.duplicates, ["Code"])

    def test_template_labels_are_recognised_in_both_languages(self):
        stock_import = self.env["bocp.stock.import"]
        for lang in ("en_US", "ro_RO"):
            if not self.env["res.lang"]._lang_get(lang):
                continue
            template = stock_import.with_context(lang=lang)._template_columns()
            header = columns.map_header([label for _key, label, _width in template])
            self.assertEqual(
                header.fields,
                {key: index for index, (key, _label, _w) in enumerate(template)},
                lang,
            )
