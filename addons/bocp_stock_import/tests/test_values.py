from odoo.tests import TransactionCase

from odoo.addons.bocp_number.tools.number_rule import (
    NumberError,
    format_number,
    parse_number,
)

from ..tools import columns
from ..tools.values import (
    barcode_problem,
    clean_text,
    gtin_is_valid,
    looks_scientific,
    number_separators,
    split_serials,
)


class TestValues(TransactionCase):
    def test_number_formats_of_the_import(self):
        """The import reads its numbers by the shared rule in its own format."""
        ro, en = number_separators("ro"), number_separators("en")
        self.assertEqual(parse_number("1.234,56", "price", *ro), 1234.56)
        self.assertEqual(parse_number("1 234,56", "price", *ro), 1234.56)
        self.assertEqual(parse_number("1,234.56", "price", *en), 1234.56)
        # a dot decimal in the Romanian format is refused, never read as 125
        for text in ("12.5", "1,234.56", "12,", "1e3", "²", "１"):
            with self.assertRaises(NumberError, msg=text):
                parse_number(text, "price", *ro)
        for value in (17.5, 1200.0, 0.45, 3, 1e-7, 123456789.125):
            for separators in (ro, en):
                text = format_number(value, separators[0])
                self.assertEqual(parse_number(text, "price", *separators), value)
        self.assertEqual(format_number(17.5, ro[0]), "17,5")
        self.assertEqual(format_number(1200.0, ro[0]), "1200")

    def test_superscript_digits_are_no_barcode_digits(self):
        # str.isdigit() takes them, int() does not: no crash, no GTIN
        self.assertFalse(gtin_is_valid("²" * 13))
        self.assertIsNone(barcode_problem("594000000001²"))

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
