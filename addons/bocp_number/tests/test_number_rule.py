from werkzeug.routing import ValidationError as RoutingValidationError

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase
from odoo.tools import file_open

from ..models.ir_http import AsciiIdConverter
from ..tools import messages
from ..tools.number_rule import (
    KINDS,
    NumberError,
    check_number,
    format_number,
    parse_id,
    parse_number,
)

RO = (",", ".")
EN = (".", ",")


class TestNumberRule(TransactionCase):
    def assert_reason(self, reason, function, *args):
        with self.assertRaises(NumberError) as caught:
            function(*args)
        self.assertEqual(caught.exception.reason, reason, args)

    def test_locale_separators(self):
        self.assertEqual(parse_number("1.234,56", "price", *RO), 1234.56)
        self.assertEqual(parse_number("1 234,56", "price", *RO), 1234.56)
        self.assertEqual(parse_number("1\u00a0234,5", "price", *RO), 1234.5)
        self.assertEqual(parse_number("1,234.56", "price", *EN), 1234.56)
        self.assertEqual(parse_number("+12", "counter_index", *RO), 12)
        for text in ("12.5", "1.23,4", "12,", ",5", "1e3", "0x10", "1_000", "--1"):
            self.assert_reason("format", parse_number, text, "price", *RO)

    def test_only_ascii_digits(self):
        for text in ("²", "1²", "１２", "١٢", "\u0661", "Ⅻ", "12\u200b"):
            self.assert_reason("format", parse_number, text, "quantity", *RO)
            self.assert_reason("format", parse_id, text, "emag_id")

    def test_ranges(self):
        self.assert_reason("range", parse_number, "1" * 400, "quantity", *RO)
        self.assert_reason("range", parse_number, "1" + "0" * 308, "price", *RO)
        self.assert_reason("range", parse_number, "-1", "quantity", *RO)
        self.assert_reason("range", check_number, 1e308, "price")
        self.assert_reason("range", check_number, float("inf"), "amount")
        self.assert_reason("range", check_number, float("nan"), "amount")
        self.assert_reason("range", check_number, 10**15, "counter_index")
        self.assertEqual(check_number(2**31, "counter_index"), 2**31)
        self.assert_reason("integer", parse_number, "12,5", "pages", *RO)
        self.assert_reason("format", check_number, True, "pages")
        self.assert_reason("empty", parse_number, "  ", "price", *RO)
        self.assertEqual(parse_number("1.000.000.000", "quantity", *RO), 1e9)
        self.assert_reason("range", parse_number, "1.000.000.001", "quantity", *RO)

    def test_ids(self):
        self.assertEqual(parse_id("4294967295", "emag_id"), 4294967295)
        self.assertEqual(parse_id(" 55\r\n", "emag_id"), 55)
        for text, reason in (
            ("4294967296", "range"),
            ("0", "range"),
            ("9" * 30, "range"),
            ("-4", "format"),
            ("1.5", "format"),
            ("", "empty"),
            ("1 2", "format"),
        ):
            self.assert_reason(reason, parse_id, text, "emag_id")
        self.assertEqual(parse_id("2147483647"), 2147483647)
        self.assert_reason("range", parse_id, "2147483648")

    def test_format_round_trip(self):
        for value in (0.1, 17.5, 1e-7, 5e-324, 123456789.125, 1e9, 2.0**39):
            for decimal, thousands in (RO, EN):
                for grouping in ("", thousands):
                    text = format_number(value, decimal, grouping)
                    self.assertEqual(
                        parse_number(text, "amount", decimal, thousands), value, text
                    )
        self.assertEqual(format_number(-1234567.25, ",", "."), "-1.234.567,25")
        self.assertEqual(format_number(1200.0, ","), "1200")

    def test_messages_name_field_row_and_range(self):
        env = self.env(context=dict(self.env.context, lang="en_US"))
        with self.assertRaises(NumberError) as caught:
            parse_number("1" * 400, "quantity", *RO)
        text = messages.error_message(env, caught.exception, "Quantity", 7, RO)
        self.assertIn("Quantity (row 7): 111111111111111111111111111111…", text)
        self.assertRegex(
            text, r"outside the allowed range \(from 0 to 1[.,]000[.,]000[.,]000\)"
        )
        with self.assertRaisesRegex(ValidationError, "Index: 'x' is not a number"):
            messages.parsed(env, "x", "counter_index", "Index")
        self.assertEqual(messages.parsed(env, "1,234", "counter_index", "Index"), 1234)

    def test_ranges_are_documented(self):
        with file_open("bocp_number/readme/DESCRIPTION.md") as readme_file:
            readme = readme_file.read()
        for key in KINDS:
            self.assertIn(key, readme, f"{key} missing from readme/DESCRIPTION.md")

    def test_route_converter(self):
        converter = AsciiIdConverter(None)
        self.assertEqual(converter.to_python("42"), 42)
        for text in ("0", "2147483648", "9999999999"):
            with self.assertRaises(RoutingValidationError):
                converter.to_python(text)
