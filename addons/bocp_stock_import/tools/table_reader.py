"""Read a stock table (pasted text, .csv, .xlsx or .xls) into raw rows.

The reader only knows about bytes, encodings, separators and cells; it returns
a :class:`RawTable` whose rows are lists of cell values (text, int or float as
the spreadsheet stored them). Mapping the header to fields is done by
:mod:`.columns`.

Whatever the bytes, the result is rows or one :class:`TableError`: the limits
(:class:`.limits.TableLimits`) are checked before the content is read (file
size; size and compression ratio of the members of an .xlsx) and while rows
are streamed (rows, columns, cell length), so reading stops at the first row
past a limit and memory stays bounded; any failure of the spreadsheet
libraries becomes ``TableError("bad_file")``.
"""

import codecs
import csv
import io
import zipfile

import openpyxl
import xlrd

from . import columns as columns_mod
from .limits import TableLimits
from .values import clean_text

SEPARATORS = ("\t", ";", ",", "|")
SEPARATOR_NAMES = {"\t": "TAB", ";": ";", ",": ",", "|": "|"}
SNIFF_LINES = 20
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# Members this small cannot unpack to much, whatever their ratio.
RATIO_FREE_BYTES = 1024 * 1024


class TableError(Exception):
    """The input cannot be read as a table.

    ``key`` says why ('bad_file', 'file_size', 'unpacked_size', 'ratio',
    'rows', 'columns', 'cell'), ``params`` the figures for the message.
    """

    def __init__(self, key, detail="", **params):
        super().__init__(key, detail, params)
        self.key = key
        self.detail = detail
        self.params = params


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
            return data.decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1250", errors="replace"), "windows-1250"


def collect_rows(rows, limits):
    """Keep the non-empty rows of an iterable of rows, within the limits.

    Trailing empty cells are dropped. Stops at the first row past a limit:
    empty rows count too (a sheet may announce a row a billion rows down),
    up to twice the row limit.
    """
    kept, seen = [], 0
    for row in rows:
        seen += 1
        if seen > 2 * limits.rows:
            raise TableError("rows", limit=limits.rows)
        cells = list(row[: limits.columns + 1])
        if len(row) > limits.columns and any(
            clean_text(cell) for cell in row[limits.columns :]
        ):
            raise TableError("columns", row=seen, limit=limits.columns)
        while cells and not clean_text(cells[-1]):
            cells.pop()
        if not cells:
            continue
        for column, cell in enumerate(cells, start=1):
            if isinstance(cell, str) and len(cell) > limits.cell_chars:
                raise TableError(
                    "cell", row=seen, column=column, limit=limits.cell_chars
                )
        if len(kept) >= limits.rows:
            raise TableError("rows", limit=limits.rows)
        kept.append(cells)
    return kept


def _csv_rows(text, separator):
    reader = csv.reader(io.StringIO(text), delimiter=separator, quotechar='"')
    try:
        yield from reader
    except csv.Error as error:
        raise TableError("bad_file", str(error), kind="csv") from error


def _split(text, separator, limits):
    return collect_rows(_csv_rows(text, separator), limits)


def sniff_separator(text):
    """Pick the separator that makes the first line the best header.

    Score: recognised column names first, then how many of the first lines
    have as many cells as the header. ',' alone is a poor signal in Romanian
    files (decimal comma), which is why the header decides.
    """
    lines = []
    for line in io.StringIO(text):
        lines.append(line[:100_000])
        if len(lines) >= SNIFF_LINES:
            break
    sample = "".join(lines)
    best, best_score = "\t", (-1, -1, -1)
    loose = TableLimits(rows=SNIFF_LINES, columns=10_000, cell_chars=10**9)
    for separator in SEPARATORS:
        try:
            rows = _split(sample, separator, loose)
        except TableError:
            continue
        if not rows:
            continue
        header = rows[0]
        known = len(columns_mod.map_header(header).fields)
        regular = sum(1 for row in rows if len(row) == len(header))
        score = (known, regular if len(header) > 1 else 0, len(header))
        if score > best_score:
            best, best_score = separator, score
    return best


def read_text(text, kind="paste", encoding="", limits=None):
    """Read pasted text or a decoded CSV file."""
    limits = limits or TableLimits()
    if len(text) > limits.file_bytes:
        raise TableError("file_size", limit=limits.file_mb)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    lines = sum(1 for line in text.split("\n") if line.strip())
    if lines > 2 * limits.rows:
        # far too many lines, whatever quoted cells span several: refused
        # before parsing; otherwise the rows are counted as they are read
        raise TableError("rows", limit=limits.rows)
    separator = sniff_separator(text)
    return RawTable(_split(text, separator, limits), kind, encoding, separator)


def check_zip(data, limits):
    """Refuse an .xlsx whose members would unpack too big, before reading."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception as error:  # noqa: BLE001 - any failure: not a real .xlsx
        raise TableError("bad_file", str(error), kind="xlsx") from error
    total = 0
    for member in members:
        total += member.file_size
        if total > limits.unpacked_bytes:
            raise TableError("unpacked_size", limit=limits.unpacked_mb)
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FREE_BYTES and ratio > limits.ratio:
            raise TableError(
                "ratio", member=member.filename, ratio=int(ratio), limit=limits.ratio
            )


def read_xlsx(data, limits=None):
    limits = limits or TableLimits()
    check_zip(data, limits)
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True
        )
    except Exception as error:  # noqa: BLE001 - openpyxl raises anything
        raise TableError("bad_file", str(error), kind="xlsx") from error
    try:
        if not workbook.worksheets:
            raise TableError("bad_file", "no worksheet", kind="xlsx")
        sheet = workbook.worksheets[0]
        # the <dimension> the spreadsheet wrote: far too many rows are
        # refused before reading; a lying one is caught by collect_rows
        if (sheet.max_row or 0) > 2 * limits.rows:
            raise TableError("rows", limit=limits.rows)
        # nor are rows padded to the dimension
        sheet.reset_dimensions()
        rows = collect_rows(sheet.iter_rows(values_only=True), limits)
    except TableError:
        raise
    except Exception as error:  # noqa: BLE001 - a damaged sheet, read lazily
        raise TableError("bad_file", str(error), kind="xlsx") from error
    finally:
        workbook.close()
    return RawTable(rows, "xlsx")


def read_xls(data, limits=None):
    limits = limits or TableLimits()
    try:
        book = xlrd.open_workbook(
            file_contents=data, on_demand=True, logfile=io.StringIO()
        )
        try:
            sheet = book.sheet_by_index(0)
            if sheet.nrows > 2 * limits.rows:
                raise TableError("rows", limit=limits.rows)
            rows = collect_rows(
                (
                    [_xls_value(cell) for cell in sheet.row(index)]
                    for index in range(sheet.nrows)
                ),
                limits,
            )
        finally:
            book.release_resources()
    except TableError:
        raise
    except Exception as error:  # noqa: BLE001 - xlrd raises anything on garbage
        raise TableError("bad_file", str(error), kind="xls") from error
    return RawTable(rows, "xls")


def _xls_value(cell):
    if cell.ctype in (xlrd.XL_CELL_NUMBER, xlrd.XL_CELL_DATE):
        return float(cell.value)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return int(cell.value)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    return cell.value


def read_file(data, filename="", limits=None):
    """Read an uploaded file; its content decides the format, not its name."""
    limits = limits or TableLimits()
    if len(data) > limits.file_bytes:
        raise TableError("file_size", limit=limits.file_mb)
    if data.startswith(ZIP_MAGIC):
        return read_xlsx(data, limits)
    if data.startswith(XLS_MAGIC):
        return read_xls(data, limits)
    lower = (filename or "").lower()
    if lower.endswith((".xlsx", ".xls", ".ods")):
        raise TableError("bad_file", filename, kind=lower.rsplit(".", 1)[-1])
    text, encoding = decode_bytes(data)
    return read_text(text, kind="csv", encoding=encoding, limits=limits)
