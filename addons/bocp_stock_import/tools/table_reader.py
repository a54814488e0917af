"""Read a stock table (pasted text, .csv, .xlsx or .xls) into raw rows.

The reader only knows about bytes, encodings, separators and cells; it returns
a :class:`RawTable` whose rows are lists of cell values (text, int or float as
the spreadsheet stored them). Mapping the header to fields is done by
:mod:`.columns`.
"""

import codecs
import csv
import io
import zipfile

import openpyxl
import xlrd

from . import columns as columns_mod
from .values import clean_text

SEPARATORS = ("\t", ";", ",", "|")
SEPARATOR_NAMES = {"\t": "TAB", ";": ";", ",": ",", "|": "|"}
SNIFF_LINES = 20
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class TableError(Exception):
    """The input cannot be read as a table (the message key says why)."""

    def __init__(self, key, detail=""):
        super().__init__(key, detail)
        self.key = key
        self.detail = detail


class RawTable:
    """Rows of cells plus how they were read (shown to the user)."""

    def __init__(self, rows, kind, encoding="", separator=""):
        self.rows = rows
        self.kind = kind
        self.encoding = encoding
        self.separator = separator


def decode_bytes(data):
    """Decode a text file: BOM first, then UTF-8, then Windows-1250.

    Romanian Excel saves "CSV" in Windows-1250 without a BOM. A byte string
    that is valid UTF-8 is nearly never cp1250 text with letters above 127,
    so UTF-8 is tried first.
    """
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1250", errors="replace"), "windows-1250"


def _split(text, separator):
    reader = csv.reader(io.StringIO(text), delimiter=separator, quotechar='"')
    return [row for row in reader if any(clean_text(cell) for cell in row)]


def sniff_separator(text):
    """Pick the separator that makes the first line the best header.

    Score: recognised column names first, then how many of the first lines
    have as many cells as the header. ',' alone is a poor signal in Romanian
    files (decimal comma), which is why the header decides.
    """
    sample = "\n".join(text.splitlines()[:SNIFF_LINES])
    best, best_score = "\t", (-1, -1, -1)
    for separator in SEPARATORS:
        rows = _split(sample, separator)
        if not rows:
            continue
        header = rows[0]
        known = len(columns_mod.map_header(header).fields)
        regular = sum(1 for row in rows if len(row) == len(header))
        score = (known, regular if len(header) > 1 else 0, len(header))
        if score > best_score:
            best, best_score = separator, score
    return best


def read_text(text, kind="paste", encoding=""):
    """Read pasted text or a decoded CSV file."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    separator = sniff_separator(text)
    return RawTable(_split(text, separator), kind, encoding, separator)


def read_xlsx(data):
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True
        )
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise TableError("bad_file", str(error)) from error
    try:
        sheet = workbook.worksheets[0]
        rows = [
            list(row)
            for row in sheet.iter_rows(values_only=True)
            if any(clean_text(cell) for cell in row)
        ]
    finally:
        workbook.close()
    return RawTable(rows, "xlsx")


def read_xls(data):
    try:
        book = xlrd.open_workbook(file_contents=data)
    except xlrd.XLRDError as error:
        raise TableError("bad_file", str(error)) from error
    sheet = book.sheet_by_index(0)
    rows = []
    for index in range(sheet.nrows):
        row = [_xls_value(cell) for cell in sheet.row(index)]
        if any(clean_text(cell) for cell in row):
            rows.append(row)
    return RawTable(rows, "xls")


def _xls_value(cell):
    if cell.ctype in (xlrd.XL_CELL_NUMBER, xlrd.XL_CELL_DATE):
        return float(cell.value)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return int(cell.value)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    return cell.value


def read_file(data, filename=""):
    """Read an uploaded file; its content decides the format, not its name."""
    if data.startswith(b"PK\x03\x04"):
        return read_xlsx(data)
    if data.startswith(XLS_MAGIC):
        return read_xls(data)
    lower = (filename or "").lower()
    if lower.endswith((".xlsx", ".xls", ".ods")):
        raise TableError("bad_file", filename)
    text, encoding = decode_bytes(data)
    return read_text(text, kind="csv", encoding=encoding)
