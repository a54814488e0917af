"""Pure helpers that turn spreadsheet cells into clean values.

Nothing here touches the database, so the rules can be read (and tested) on
their own: text normalisation, the two number formats, GTIN check digits and
the signs that Excel mangled a code. Numbers are read by the shared rule of
bocp_number (``number_rule``), in the import's number format.
"""

import re
import unicodedata

# Romanian Excel (Windows-1250) only knows the cedilla letters; Romanian
# orthography uses the comma-below ones.
CEDILLA_TO_COMMA = str.maketrans({"ş": "ș", "Ş": "Ș", "ţ": "ț", "Ţ": "Ț"})

SPACES = re.compile(r"[\s\u00a0\u202f]+")
SCIENTIFIC = re.compile(r"^[+-]?[0-9]+(?:[.,][0-9]+)?[eE][+-]?[0-9]+$")

NUMBER_FORMATS = {
    # format key: (thousands separator, decimal separator)
    "ro": (".", ","),
    "en": (",", "."),
}
NUMBER_EXAMPLES = {"ro": "1.234,56", "en": "1,234.56"}

GTIN_LENGTHS = (8, 12, 13, 14)


def clean_text(value):
    """Return a stripped one-line string with comma-below Romanian letters."""
    if value is None:
        return ""
    text = str(value).translate(CEDILLA_TO_COMMA)
    return SPACES.sub(" ", text).strip()


def fold(text):
    """Lower case, no diacritics, only letters and digits (to compare labels)."""
    decomposed = unicodedata.normalize("NFKD", clean_text(text).lower())
    return "".join(ch for ch in decomposed if ch.isalnum())


def number_separators(number_format):
    """(decimal point, thousands separator) of a number format ('ro', 'en'),
    as the shared number rule (bocp_number) takes them."""
    thousands, decimal = NUMBER_FORMATS[number_format]
    return decimal, thousands


def cell_to_text(value):
    """A code, name or barcode cell as text (a whole number keeps no '.0')."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(value)


def looks_scientific(text):
    """True for values such as ``5.9E+12`` (a long number mangled by Excel)."""
    return bool(SCIENTIFIC.match(text or ""))


def is_ascii_digits(text):
    """Only 0-9 (``str.isdigit`` also takes superscripts and other scripts)."""
    return bool(text) and text.isascii() and text.isdigit()


def gtin_is_valid(code):
    """Check digit of a GTIN (EAN-8, UPC-A, EAN-13, GTIN-14)."""
    if not is_ascii_digits(code) or len(code) not in GTIN_LENGTHS:
        return False
    digits = [int(ch) for ch in reversed(code[:-1])]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(digits))
    return (10 - total % 10) % 10 == int(code[-1])


def barcode_problem(barcode):
    """Return a problem key for a barcode, or None when it is acceptable.

    'scientific': mangled by Excel; 'leading_zero': a GTIN that lost its
    leading zero; 'checksum': a GTIN-length number with a wrong check digit.
    Other values (letters, short internal numbers) are accepted as they are.
    """
    if not barcode:
        return None
    if looks_scientific(barcode):
        return "scientific"
    if not is_ascii_digits(barcode):
        return None
    if len(barcode) in GTIN_LENGTHS:
        return None if gtin_is_valid(barcode) else "checksum"
    if len(barcode) + 1 in GTIN_LENGTHS and gtin_is_valid("0" + barcode):
        return "leading_zero"
    return None


# Folded words of the optional tracking column (see fold()).
TRACKING_WORDS = {
    "lot": ("lot", "loturi", "lots", "perlot", "bylots"),
    "serial": (
        "serie",
        "serii",
        "nrserie",
        "numardeserie",
        "serial",
        "serialnumber",
        "sn",
        "byserialnumbers",
    ),
    "none": ("nu", "fara", "no", "none"),
}
TRACKING_LOOKUP = {word: key for key, words in TRACKING_WORDS.items() for word in words}


def tracking_from_text(text):
    """'lot', 'serial' or 'none' for a tracking cell; None when not understood."""
    return TRACKING_LOOKUP.get(fold(text))


def split_serials(text):
    """Split a lot/serial cell holding several serial numbers."""
    return [part for part in re.split(r"[,;\s]+", text or "") if part]
