import io
import os

import openpyxl
import xlwt

from odoo.exceptions import UserError
from odoo.modules.module import get_module_path
from odoo.tools import mute_logger

from .common import EAN_NEW_1, EAN_NEW_2, HEADER, StockImportCase, tsv

SAMPLES = os.path.join(
    get_module_path("bocp_stock_import"), "..", "..", "tests", "data"
)


class TestReader(StockImportCase):
    """Real-looking tables: xlsx, xls, cp1250 csv and pasted text."""

    def test_pasted_tsv_with_crlf_and_quotes(self):
        text = tsv(
            [
                [
                    "NEW-1",
                    '"Cablu ""USB"", 1,8 m"',
                    EAN_NEW_1,
                    "buc",
                    "1.200",
                    "12,50",
                    "19,99",
                    "",
                    "",
                ],
                ["EX-001", "", "", "", "3", "2", "", "", ""],
            ]
        )
        stock_import = self.checked(None, text=text)
        self.assertEqual(
            stock_import.state, "checked", stock_import.line_ids.mapped("message")
        )
        first = self.line(stock_import, 2)
        self.assertEqual(first.name, 'Cablu "USB", 1,8 m')
        self.assertEqual(
            (first.quantity, first.cost, first.sale_price), (1200, 12.5, 19.99)
        )
        self.assertEqual(first.status, "new")
        self.assertEqual(self.line(stock_import, 3).product_id, self.product_existing)
        self.assertIn("Pasted table", stock_import.source_info)

    def test_xlsx_numeric_and_text_cells(self):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(
            ["Quantity", "Name", "Product code", "Barcode", "Unit cost", "Culoare"]
        )
        sheet.append([10, "Suport monitor", "00042", int(EAN_NEW_1), 12.5, "negru"])
        sheet.append([2.5, "Cuie", "EX-KG", None, 4, ""])
        sheet.append([None, None, None, None, None, None])  # empty row is skipped
        buffer = io.BytesIO()
        workbook.save(buffer)
        stock_import = self.file_import(buffer.getvalue(), "stoc.xlsx")
        stock_import.action_check()
        self.assertEqual(stock_import.line_count, 2)
        first, second = stock_import.line_ids
        self.assertEqual(first.default_code, "00042")  # text cell keeps its zeros
        self.assertEqual(first.barcode, EAN_NEW_1)  # numeric cell without ".0"
        self.assertEqual((first.quantity, first.cost), (10, 12.5))
        self.assertEqual((second.product_id, second.quantity), (self.product_kg, 2.5))
        self.assertEqual(
            stock_import.state, "checked", stock_import.line_ids.mapped("message")
        )
        self.assertIn("Culoare", stock_import.table_warning)

    def test_xls_file(self):
        book = xlwt.Workbook()
        sheet = book.add_sheet("Stoc")
        for col, label in enumerate(HEADER):
            sheet.write(0, col, label)
        row = ["NEW-XLS", "Bandă adezivă", EAN_NEW_2, "buc", 7.0, 3.25, 6.0, "", ""]
        for col, value in enumerate(row):
            sheet.write(1, col, value)
        buffer = io.BytesIO()
        book.save(buffer)
        stock_import = self.file_import(buffer.getvalue(), "stoc.xls")
        stock_import.action_check()
        line = stock_import.line_ids
        self.assertEqual(
            (line.default_code, line.name, line.barcode),
            ("NEW-XLS", "Bandă adezivă", EAN_NEW_2),
        )
        self.assertEqual((line.quantity, line.cost, line.sale_price), (7, 3.25, 6))
        self.assertEqual(line.status, "new", line.message)

    def test_csv_windows_1250_semicolon_decimal_comma(self):
        header = (
            "Cod produs;Denumire;Cod de bare;UM;Cantitate;Preţ unitar (cost, fără TVA)"
        )
        body = "NEW-CSV;Şurub ţeavă oţel;;buc;1.250;0,35\r\nEX-001;Surub M8;;buc;10;2,5\r\n"
        data = (header + "\r\n" + body).encode("cp1250")
        stock_import = self.file_import(data, "stoc.csv")
        stock_import.action_check()
        self.assertIn("windows-1250", stock_import.source_info)
        self.assertIn("separator ;", stock_import.source_info)
        first = self.line(stock_import, 2)
        self.assertEqual(first.name, "Șurub țeavă oțel")  # comma-below letters
        self.assertEqual((first.quantity, first.cost), (1250, 0.35))
        self.assertEqual(
            stock_import.state, "checked", stock_import.line_ids.mapped("message")
        )

    def test_csv_utf8_bom_comma_english_numbers(self):
        text = 'Code,Name,Quantity,Unit cost\nNEW-EN,"Glue, 50 ml","1,500",2.75\n'
        stock_import = self.file_import(
            b"\xef\xbb\xbf" + text.encode(), "stock.csv", number_format="en"
        )
        stock_import.action_check()
        line = stock_import.line_ids
        self.assertEqual(
            (line.name, line.quantity, line.cost), ("Glue, 50 ml", 1500, 2.75)
        )

    def test_utf16_unicode_text_from_excel(self):
        text = tsv([["NEW-U16", "Pâine", "", "", "4", "1,5", "", "", ""]])
        stock_import = self.file_import(text.encode("utf-16"), "stoc.txt")
        stock_import.action_check()
        self.assertEqual(stock_import.line_ids.name, "Pâine")
        self.assertEqual(stock_import.line_ids.quantity, 4)

    def test_table_errors(self):
        cases = [
            (tsv([]), "header row and at least one row"),
            ("Culoare\tMărime\r\nroșu\tM\r\n", "must be the header"),
            ("Cod\tCod produs\tCantitate\r\nA\tB\t1\r\n", "Columns given twice"),
            ("", "Paste the table or upload a file first"),
        ]
        for text, message in cases:
            with (
                self.subTest(message=message),
                self.assertRaisesRegex(UserError, message),
            ):
                self.new_import(text=text).action_check()
        with (
            self.assertRaisesRegex(UserError, r"damaged or is not a real \.xlsx"),
            mute_logger("odoo.tools.mimetypes"),
        ):
            self.file_import(b"PK\x03\x04broken", "x.xlsx").action_check()
        stock_import = self.file_import(b"Cod;Cantitate;Cost\r\nA;1;1\r\n", "a.csv")
        stock_import.paste_data = "Cod\tCantitate\tCost\r\nA\t1\t1\r\n"
        with self.assertRaisesRegex(UserError, "not both"):
            stock_import.action_check()

    def test_sample_tables_of_the_repository(self):
        """The sample tables under tests/data/ read to the same checked rows."""
        samples = {
            "stock_import_sample.xlsx": "ro",
            "stock_import_sample.xls": "ro",
            "stock_import_sample_cp1250.csv": "ro",
            "stock_import_sample.tsv": "ro",
        }
        totals = set()
        for filename, number_format in samples.items():
            with open(os.path.join(SAMPLES, filename), "rb") as sample:
                data = sample.read()
            stock_import = self.file_import(data, filename, number_format=number_format)
            stock_import.action_check()
            self.assertEqual(
                stock_import.error_count, 0, stock_import.line_ids.mapped("message")
            )
            totals.add((stock_import.line_count, stock_import.total_value))
        self.assertEqual(len(totals), 1, totals)
