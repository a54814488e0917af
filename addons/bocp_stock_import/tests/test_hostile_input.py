"""Damaged files, zip bombs, huge tables and absurd numbers: rows or one
clear message, with memory measured, never a reader exception."""

import io
import tracemalloc
import zipfile

import openpyxl

from odoo.exceptions import UserError
from odoo.tools import mute_logger

from ..tools import table_reader
from ..tools.limits import MB, TableLimits
from .common import HEADER, StockImportCase, tsv


def xlsx_bytes(rows, header=HEADER):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def replace_member(data, name, make):
    """A copy of the zip ``data`` whose member ``name`` is written by ``make``
    (called with an open, writable member)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.namelist():
            if member == name:
                with target.open(member, "w") as stream:
                    make(stream, source.read(member))
            else:
                target.writestr(member, source.read(member))
    return out.getvalue()


def measured(function, *args):
    """(result or raised exception, peak of Python memory in bytes)."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        try:
            result = function(*args)
        except Exception as error:  # noqa: BLE001 - returned to the test
            result = error
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def sheet_xml_rows(stream, count, columns=4):
    """Write a worksheet of ``count`` rows straight into ``stream``, with the
    dimension a spreadsheet application writes."""
    last = "ABCDEFGH"[columns - 1]
    stream.write(
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
        b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + f'<dimension ref="A1:{last}{count}"/><sheetData>'.encode()
    )
    letters = "ABCDEFGH"[:columns]
    for number in range(1, count + 1):
        cells = "".join(
            f'<c r="{letter}{number}" t="inlineStr"><is><t>C{number}</t></is></c>'
            if letter == "A"
            else f'<c r="{letter}{number}"><v>{number % 97 + 1}</v></c>'
            for letter in letters
        )
        stream.write(f'<row r="{number}">{cells}</row>'.encode())
    stream.write(b"</sheetData></worksheet>")


class TestHostileFiles(StockImportCase):
    SHEET = "xl/worksheets/sheet1.xml"

    def assert_refused(self, data, filename, fragment):
        stock_import = self.file_import(data, filename)
        with (
            self.assertRaisesRegex(UserError, fragment),
            mute_logger("odoo.tools.mimetypes"),
        ):
            stock_import.action_check()
        self.assertFalse(stock_import.line_ids, "nothing read, nothing stored")

    def test_valid_zip_with_broken_workbook_xml(self):
        good = xlsx_bytes([["A", "Produs", "", "buc", 1, 2]])
        for member in ("xl/workbook.xml", self.SHEET, "[Content_Types].xml"):
            broken = replace_member(
                good, member, lambda stream, old: stream.write(old[: len(old) // 2])
            )
            with self.subTest(member=member):
                self.assert_refused(
                    broken, "stoc.xlsx", r"damaged or is not a real \.xlsx"
                )

    def test_garbage_after_the_xls_signature(self):
        for garbage in (b"garbage" * 200, bytes(range(256)) * 64, b""):
            with self.subTest(size=len(garbage)):
                self.assert_refused(
                    table_reader.XLS_MAGIC + garbage,
                    "stoc.xls",
                    r"damaged or is not a real \.xls",
                )

    def test_zip_bomb_refused_before_reading_with_memory_measured(self):
        def bomb(stream, _old):
            chunk = b" " * MB
            for _index in range(400):  # 400 MB of spaces pack into ~400 kB
                stream.write(chunk)

        data = replace_member(
            xlsx_bytes([["A", "P", "", "buc", 1, 2]]), self.SHEET, bomb
        )
        self.assertLess(len(data), 2 * MB)
        for limits in (TableLimits(), TableLimits(unpacked_mb=1000)):
            error, peak = measured(table_reader.read_file, data, "bomb.xlsx", limits)
            self.assertIsInstance(error, table_reader.TableError)
            self.assertIn(error.key, ("unpacked_size", "ratio"))
            # today's reader held the whole member: over 400 MB here
            self.assertLess(peak, 8 * MB, f"{peak / MB:.1f} MB")
        self.assert_refused(data, "bomb.xlsx", "refused before reading")

    def test_300000_rows_refused_up_front_with_memory_measured(self):
        """Far above the row limit (50,000 by default) a table is refused
        before its rows are parsed: memory stays far below a worker's limit
        (2 GiB soft). Between the limit and twice it, reading stops at the
        first row past the limit (see the lying dimension below)."""
        rows = "".join(
            f"C{n};Produs {n};buc;{n % 90 + 1};2,5\r\n" for n in range(300_000)
        )
        csv_data = ("Cod;Denumire;UM;Cantitate;Cost\r\n" + rows).encode()
        xlsx_data = replace_member(
            xlsx_bytes([]),
            self.SHEET,
            lambda stream, _old: sheet_xml_rows(stream, 300_001),
        )
        for data, filename in ((csv_data, "mare.csv"), (xlsx_data, "mare.xlsx")):
            error, peak = measured(table_reader.read_file, data, filename)
            self.assertIsInstance(error, table_reader.TableError, filename)
            self.assertEqual(error.key, "rows")
            # the file itself (15 MB of text, its lines) and nothing more
            self.assertLess(peak, 100 * MB, f"{filename}: {peak / MB:.0f} MB")
        self.assert_refused(csv_data, "mare.csv", "more than 50000 rows")

    def test_reading_memory_grows_with_the_rows_only(self):
        """Reading keeps the rows and nothing else: 10,000 rows of 8 cells
        take a fifth of what the 50,000 rows of the default limit take, far
        below a worker's limit (50,000 rows under tracemalloc would take a
        minute of the test run)."""
        xlsx_data = replace_member(
            xlsx_bytes([]),
            self.SHEET,
            lambda stream, _old: sheet_xml_rows(stream, 10_000, columns=8),
        )
        table, peak = measured(table_reader.read_file, xlsx_data, "zece_mii.xlsx")
        self.assertEqual(len(table.rows), 10_000)
        self.assertLess(5 * peak, 200 * MB, f"10,000 rows: {peak / MB:.1f} MB")

    def test_a_lying_dimension_or_far_row_does_not_pad(self):
        def far(stream, _old):
            stream.write(
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                b'2006/main"><dimension ref="A1:XFD1048576"/><sheetData>'
                b'<row r="1"><c r="A1" t="inlineStr"><is><t>Cod</t></is></c></row>'
                b'<row r="900000000"><c r="A900000000"><v>1</v></c></row>'
                b"</sheetData></worksheet>"
            )

        data = replace_member(xlsx_bytes([]), self.SHEET, far)
        error, peak = measured(table_reader.read_file, data, "departe.xlsx")
        self.assertIsInstance(error, table_reader.TableError)
        self.assertEqual(error.key, "rows")
        self.assertLess(peak, 16 * MB)

    def test_limits_are_settings(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param(TableLimits.parameter_key("rows"), "3")
        self.assertEqual(self.env["bocp.stock.import"]._table_limits().rows, 3)
        text = tsv([["A", "a", "", "", "1", "1"]] * 3)
        with self.assertRaisesRegex(UserError, "more than 3 rows"):
            self.new_import(text=text).action_check()
        params.set_param(TableLimits.parameter_key("rows"), "100")
        params.set_param(TableLimits.parameter_key("cell_chars"), "30")
        with self.assertRaisesRegex(UserError, "Row 2, column 2: .* more than 30"):
            self.new_import(
                text=tsv([["A", "x" * 31, "", "", "1", "1"]])
            ).action_check()
        params.set_param(TableLimits.parameter_key("columns"), "12")
        wide = tsv([["A", "a", "", "", "1", "1", "", "", "", "", "", "", "extra"]])
        with self.assertRaisesRegex(UserError, "Row 2 has cells beyond column 12"):
            self.new_import(text=wide).action_check()
        params.set_param(TableLimits.parameter_key("file_mb"), "1")
        with self.assertRaisesRegex(UserError, "larger than 1 MB"):
            self.file_import(
                b"Cod;Cantitate\r\n" + b"A;1\r\n" * 300_000, "a.csv"
            ).action_check()
        # a nonsense setting keeps the default
        params.set_param(TableLimits.parameter_key("rows"), "-5")
        self.assertEqual(self.env["bocp.stock.import"]._table_limits().rows, 50_000)

    def test_settings_form_shows_the_limits(self):
        settings = self.env["res.config.settings"].create(
            {"bocp_stock_import_limit_rows": 5000}
        )
        settings.execute()
        self.assertEqual(self.env["bocp.stock.import"]._table_limits().rows, 5000)
        self.assertEqual(
            self.env["res.config.settings"]
            .create({})
            .bocp_stock_import_limit_cell_chars,
            1000,
        )


class TestAbsurdNumbers(StockImportCase):
    def test_400_digits_and_1e308_get_a_row_error(self):
        huge = "1" + "0" * 308  # 1e308 written out
        stock_import = self.checked(
            [
                ["NEW-A", "A", "", "", "1" * 400, "1"],
                ["NEW-B", "B", "", "", "1", huge],
                ["NEW-C", "C", "", "", "1", "2", huge],
                ["NEW-D", "D", "", "", "1e308", "2"],
            ]
        )
        self.assert_error(stock_import, 2, "Quantity (row 2): 1111111111")
        self.assert_error(stock_import, 2, "is outside the allowed range")
        self.assert_error(stock_import, 3, "Unit cost (row 3): 1000000000")
        self.assert_error(stock_import, 4, "Sale price (row 4)")
        self.assert_error(stock_import, 5, "Quantity (row 5): '1e308' is not a number")

    def test_numeric_cells_out_of_range(self):
        data = xlsx_bytes(
            [
                ["NEW-A", "A", "", "buc", 1e308, 2],
                ["NEW-B", "B", "", "buc", 3, 1e300],
                ["NEW-C", "C", "", "buc", 1e9, 1e9],
            ]
        )
        stock_import = self.file_import(data, "mari.xlsx")
        stock_import.action_check()
        self.assert_error(stock_import, 2, "Quantity (row 2)")
        self.assert_error(stock_import, 3, "Unit cost (row 3)")
        # both in range, their product is not an amount any more
        self.assert_error(stock_import, 4, "Stock value (row 4)")

    def test_superscript_and_full_width_digits(self):
        stock_import = self.checked(
            [["NEW-A", "A", "", "", "²", "1"], ["NEW-B", "B", "", "", "１２", "1"]]
        )
        self.assert_error(stock_import, 2, "Quantity (row 2): '²' is not a number")
        self.assert_error(stock_import, 3, "Quantity (row 3): '１２' is not a number")
