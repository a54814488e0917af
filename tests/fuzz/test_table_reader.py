"""Whatever the bytes, the stock table reader yields rows within the limits
or one TableError (bocp_stock_import/tools/table_reader.py)."""

import io
import unittest
import zipfile

import openpyxl
import xlwt
from hypothesis import given
from hypothesis import strategies as st

from ._addons import TableLimits, table_reader

LIMITS = TableLimits(file_mb=1, unpacked_mb=4, rows=200, columns=20, cell_chars=200)


def _xlsx():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Cod produs", "Denumire", "Cantitate", "Preț unitar"])
    sheet.append(["A-1", "Șurub", 10, 2.5])
    sheet.append(["A-2", "Piuliță", "1.200", "0,35"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xls():
    book = xlwt.Workbook()
    sheet = book.add_sheet("Stoc")
    for row, values in enumerate(
        [["Cod produs", "Cantitate", "Cost"], ["A-1", 3.0, 2.5], ["A-2", 1.0, 7.0]]
    ):
        for col, value in enumerate(values):
            sheet.write(row, col, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


XLSX = _xlsx()
XLS = _xls()
SHEET = "xl/worksheets/sheet1.xml"


@st.composite
def mutated(draw, data):
    """``data`` with a few bytes replaced, inserted or cut."""
    data = bytearray(data)
    for _index in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "insert", "cut"]))
        if action == "flip":
            data[position] = draw(st.integers(0, 255))
        elif action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=16))
        else:
            del data[position : position + draw(st.integers(1, 64))]
    return bytes(data)


@st.composite
def xlsx_with_sheet(draw):
    """A real .xlsx whose worksheet XML is replaced by fuzzed XML."""
    pieces = st.sampled_from(
        [
            "<row r='1'>",
            "<row r='99999999'>",
            "</row>",
            "<c r='A1' t='s'><v>0</v></c>",
            "<c r='XFD1'><v>1e308</v></c>",
            "<c r='B2' t='inlineStr'><is><t>x</t></is></c>",
            "<c r='ZZZZ9'><v>1</v></c>",
            "<v>",
            "</v>",
            "<dimension ref='A1:XFD1048576'/>",
            "&amp;",
            "&lol;",
            "<![CDATA[x]]>",
        ]
    )
    body = "".join(draw(st.lists(pieces, max_size=30)))
    xml = (
        "<worksheet xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>"
        f"<sheetData>{body}</sheetData></worksheet>"
    )
    source = zipfile.ZipFile(io.BytesIO(XLSX))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            target.writestr(name, xml if name == SHEET else source.read(name))
    return out.getvalue()


class TestTableReader(unittest.TestCase):
    def assert_rows_or_table_error(self, data, filename=""):
        try:
            table = table_reader.read_file(data, filename, LIMITS)
        except table_reader.TableError as error:
            self.assertIn(
                error.key,
                (
                    "bad_file",
                    "file_size",
                    "unpacked_size",
                    "ratio",
                    "rows",
                    "columns",
                    "cell",
                ),
            )
            return
        self.assertLessEqual(len(table.rows), LIMITS.rows)
        for row in table.rows:
            self.assertLessEqual(len(row), LIMITS.columns)
            for cell in row:
                if isinstance(cell, str):
                    self.assertLessEqual(len(cell), LIMITS.cell_chars)

    @given(st.binary(max_size=2000), st.sampled_from(["", "a.csv", "a.xlsx", "a.xls"]))
    def test_any_bytes(self, data, filename):
        self.assert_rows_or_table_error(data, filename)

    @given(
        st.sampled_from([b"PK\x03\x04", table_reader.XLS_MAGIC]),
        st.binary(max_size=2000),
    )
    def test_any_bytes_after_a_spreadsheet_signature(self, magic, data):
        self.assert_rows_or_table_error(magic + data)

    @given(mutated(XLSX))
    def test_damaged_xlsx(self, data):
        self.assert_rows_or_table_error(data, "stoc.xlsx")

    @given(mutated(XLS))
    def test_damaged_xls(self, data):
        self.assert_rows_or_table_error(data, "stoc.xls")

    @given(xlsx_with_sheet())
    def test_fuzzed_worksheet_xml(self, data):
        self.assert_rows_or_table_error(data, "stoc.xlsx")

    @given(st.text(max_size=3000))
    def test_any_pasted_text(self, text):
        try:
            table = table_reader.read_text(text, limits=LIMITS)
        except table_reader.TableError:
            return
        self.assertLessEqual(len(table.rows), LIMITS.rows)

    def test_the_seed_files_read(self):
        self.assertEqual(len(table_reader.read_file(XLSX, "a.xlsx", LIMITS).rows), 3)
        self.assertEqual(len(table_reader.read_file(XLS, "a.xls", LIMITS).rows), 3)


if __name__ == "__main__":
    unittest.main()
