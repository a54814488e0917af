"""Write the sample initial-stock tables of bocp_stock_import.

    python3 tests/data/stock_import_make_samples.py

The same eight rows in four forms a Romanian company really produces:
an .xlsx (codes formatted as text), an old .xls, a CSV saved by Romanian
Excel (Windows-1250, ';', decimal comma, cedilla letters) and the text a
spreadsheet puts on the clipboard (tabs, CRLF).
"""

import csv
import io
import os

import openpyxl
import xlwt

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = [
    "Cod produs",
    "Denumire",
    "Cod de bare",
    "UM",
    "Cantitate",
    "Preț unitar (cost, fără TVA)",
    "Preț vânzare",
    "Cotă TVA",
    "Lot/Serie",
]
# code, name, barcode, unit, quantity, cost, sale price, VAT %, lot
ROWS = [
    (
        "HRT-A4-80",
        "Hârtie copiator A4 80 g/mp",
        "5941234000013",
        "buc",
        250,
        17.5,
        24.9,
        19,
        "",
    ),
    (
        "TON-HP85A",
        "Toner compatibil HP 85A",
        "5941234000020",
        "buc",
        12,
        89.0,
        139.0,
        19,
        "",
    ),
    (
        "CAF-BOA-1K",
        "Cafea boabe Arabica 1 kg",
        "5941234000037",
        "kg",
        18.5,
        64.3,
        89.9,
        9,
        "L2026-03",
    ),
    ("SUR-M8-50", "Șurub M8x50 zincat, țeavă", "", "buc", 1200, 0.42, 0.9, 19, ""),
    (
        "CBL-USB-18",
        "Cablu USB-A la USB-B, 1,8 m",
        "5941234000044",
        "buc",
        40,
        6.2,
        14.99,
        19,
        "",
    ),
    ("MOU-OPT-01", "Mouse optic USB", "5941234000051", "buc", 25, 22.0, 39.9, 19, ""),
    (
        "BAT-AA-4",
        "Baterii alcaline AA, set 4",
        "5941234000068",
        "buc",
        60,
        9.75,
        18.5,
        19,
        "",
    ),
    ("0004512", "Pix cu gel albastru", "", "buc", 300, 1.15, 2.5, 19, ""),
]
TEXT_COLUMNS = (0, 2, 8)


def ro_number(value):
    text = f"{value:,.2f}" if not float(value).is_integer() else f"{int(value):,}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def text_rows():
    for row in ROWS:
        cells = list(row)
        for index in (4, 5, 6):
            cells[index] = ro_number(cells[index])
        cells[7] = str(cells[7])
        yield cells


def write_xlsx(path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Stoc"
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(list(row))
    for column in TEXT_COLUMNS:
        for cells in sheet.iter_rows(min_col=column + 1, max_col=column + 1):
            for cell in cells:
                cell.number_format = "@"
    workbook.save(path)


def write_xls(path):
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Stoc")
    for col, label in enumerate(HEADER):
        sheet.write(0, col, label)
    for row_index, row in enumerate(ROWS, start=1):
        for col, value in enumerate(row):
            sheet.write(row_index, col, value)
    book.save(path)


def write_csv_cp1250(path):
    # Romanian Excel: ';' separator, decimal comma, cedilla ş/ţ (cp1250 has no ș/ț)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(text_rows())
    text = buffer.getvalue().translate(str.maketrans("șțȘȚ", "şţŞŢ"))
    with open(path, "wb") as handle:
        handle.write(text.encode("cp1250"))


def write_tsv(path):
    lines = ["\t".join(HEADER)] + ["\t".join(cells) for cells in text_rows()]
    with open(path, "wb") as handle:
        handle.write(("\r\n".join(lines) + "\r\n").encode("utf-8"))


if __name__ == "__main__":
    write_xlsx(os.path.join(HERE, "stock_import_sample.xlsx"))
    write_xls(os.path.join(HERE, "stock_import_sample.xls"))
    write_csv_cp1250(os.path.join(HERE, "stock_import_sample_cp1250.csv"))
    write_tsv(os.path.join(HERE, "stock_import_sample.tsv"))
