"""Column names of the stock table, in Romanian and English, in any order."""

from odoo.addons.bocp_number.tools.number_rule import format_number

from .values import cell_to_text, clean_text, fold, number_separators

# Field keys of an import line, in template order.
FIELDS = (
    "default_code",
    "name",
    "barcode",
    "uom_name",
    "quantity_text",
    "cost_text",
    "sale_price_text",
    "vat_text",
    "lot_name",
    "tracking_text",
)
NUMBER_FIELDS = ("quantity_text", "cost_text", "sale_price_text", "vat_text")

# Header labels are compared folded (no case, no diacritics, no punctuation),
# with any "(...)" remark dropped first: "Preț unitar (cost, fără TVA)".
ALIASES = {
    "default_code": (
        "Cod produs",
        "Cod",
        "Cod intern",
        "Cod articol",
        "Product code",
        "Code",
        "Internal reference",
        "Reference",
        "SKU",
    ),
    "name": (
        "Denumire",
        "Denumire produs",
        "Nume produs",
        "Produs",
        "Name",
        "Product name",
        "Product",
        "Description",
    ),
    "barcode": ("Cod de bare", "Cod bare", "EAN", "EAN13", "Barcode", "GTIN"),
    "uom_name": (
        "UM",
        "U.M.",
        "Unitate de măsură",
        "Unitate",
        "UoM",
        "Unit",
        "Unit of measure",
    ),
    "quantity_text": ("Cantitate", "Cant.", "Stoc", "Quantity", "Qty"),
    "cost_text": (
        "Preț unitar",
        "Preț achiziție",
        "Preț de achiziție",
        "Cost unitar",
        "Cost",
        "Unit cost",
        "Unit price",
        "Cost price",
        "Purchase price",
    ),
    "sale_price_text": (
        "Preț vânzare",
        "Preț de vânzare",
        "Sale price",
        "Sales price",
        "Selling price",
        "List price",
    ),
    "vat_text": ("Cotă TVA", "TVA", "Cota TVA %", "VAT", "VAT rate", "Tax"),
    "lot_name": (
        "Lot/Serie",
        "Lot",
        "Serie",
        "Lot/Serial",
        "Lot/Serial number",
        "Serial",
        "Serial number",
    ),
    "tracking_text": (
        "Urmărire",
        "Urmărire stoc",
        "Tip urmărire",
        "Tracking",
        "Tracked by",
    ),
}


def _fold_label(label):
    text = clean_text(label)
    if "(" in text:
        text = text.split("(", 1)[0]
    return fold(text)


LOOKUP = {
    _fold_label(alias): key for key, labels in ALIASES.items() for alias in labels
}


class HeaderMap:
    """Where each field sits in a header row, and what was not understood."""

    def __init__(self, fields, unknown, duplicates):
        self.fields = fields  # {field key: column index}
        self.unknown = unknown  # [header text]
        self.duplicates = duplicates  # [header text]


def map_header(cells):
    fields, unknown, duplicates = {}, [], []
    for index, cell in enumerate(cells):
        label = clean_text(cell_to_text(cell))
        if not label:
            continue
        key = LOOKUP.get(_fold_label(label))
        if key is None:
            unknown.append(label)
        elif key in fields:
            duplicates.append(label)
        else:
            fields[key] = index
    return HeaderMap(fields, unknown, duplicates)


def row_to_values(row, header, number_format):
    """Turn one data row into {field key: text} using the header map.

    Numeric cells of number columns are written in the document's number
    format, so they parse back exactly; numeric cells of text columns (codes)
    lose their '.0'.
    """
    values = {}
    for key, index in header.fields.items():
        cell = row[index] if index < len(row) else None
        if key in NUMBER_FIELDS and isinstance(cell, int | float):
            decimal_point, _thousands = number_separators(number_format)
            values[key] = format_number(cell, decimal_point)
        else:
            values[key] = cell_to_text(cell)
    return values
