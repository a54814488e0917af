"""The one rule for numbers that users and partners type.

Pure Python (no Odoo import), so the rule can be read, tested and fuzzed on
its own (tests/fuzz/). A number is written with ASCII digits, an optional
leading sign, the thousands separator of the locale between groups of three
digits (a space also counts as one) and the locale's decimal separator. No
exponent, no other digits (superscripts, full-width or Arabic-Indic digits are
refused, although ``str.isdigit()`` and ``int()`` take some of them), and the
value must lie within the documented range of its kind (:data:`KINDS`).

Errors are :class:`NumberError` carrying a reason and the kind: the Odoo layer
(:mod:`.messages`) turns them into a translated message naming the field, the
row and the range.
"""

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Longer texts are refused before any regular expression runs (a number in
# range, even with every decimal of a float, is shorter).
MAX_TEXT_LENGTH = 1000

# Every kind of white space users paste between groups of digits.
SPACES = re.compile(r"[\s\u00a0\u2007\u202f]+")


@dataclass(frozen=True)
class NumberKind:
    """What a number is: its range and whether it must be whole."""

    key: str
    minimum: int
    maximum: int
    integer: bool


# The documented ranges (README "Limits", bocp_number/readme/DESCRIPTION.md).
KINDS = {
    kind.key: kind
    for kind in (
        # a printer counter shows at most 12 digits; stored as bigint
        NumberKind("counter_index", 0, 999_999_999_999, True),
        NumberKind("pages", 0, 999_999_999_999, True),
        NumberKind("quantity", 0, 1_000_000_000, False),
        NumberKind("price", 0, 1_000_000_000, False),
        # cents stay exact in a double below 10^13
        NumberKind("amount", -1_000_000_000_000, 1_000_000_000_000, False),
        NumberKind("percent", 0, 100, False),
        # eMAG documents its ids as unsigned 32-bit integers
        NumberKind("emag_id", 1, 4_294_967_295, True),
        # Odoo record ids are PostgreSQL serial (int4) columns
        NumberKind("record_id", 1, 2_147_483_647, True),
        NumberKind("int64", -(2**63), 2**63 - 1, True),
    )
}

ID_PATTERN = re.compile(r"[0-9]+", re.ASCII)


class NumberError(ValueError):
    """A typed number breaks the rule.

    ``reason`` is one of 'empty', 'format', 'integer' and 'range'.
    """

    def __init__(self, reason, kind, text):
        super().__init__(f"{reason}: {kind.key} {str(text)[:40]!r}")
        self.reason = reason
        self.kind = kind
        self.text = text


def get_kind(kind):
    return kind if isinstance(kind, NumberKind) else KINDS[kind]


def _pattern(decimal_point, thousands_sep):
    groups = (
        "[ ]" if not thousands_sep.strip() else f"(?:{re.escape(thousands_sep)}|[ ])"
    )
    return re.compile(
        rf"(?P<sign>[+-]?)(?P<int>[0-9]{{1,3}}(?:{groups}[0-9]{{3}})+|[0-9]+)"
        rf"(?:{re.escape(decimal_point)}(?P<dec>[0-9]+))?",
        re.ASCII,
    )


_PATTERNS = {}


def number_pattern(decimal_point, thousands_sep):
    """The compiled pattern of a locale (cached: a table has many cells)."""
    key = (decimal_point, thousands_sep or "")
    if key not in _PATTERNS:
        if not decimal_point or decimal_point == thousands_sep:
            raise ValueError(f"bad separators {key!r}")
        _PATTERNS[key] = _pattern(*key)
    return _PATTERNS[key]


def parse_number(text, kind, decimal_point=".", thousands_sep=","):
    """The value of ``text``: an int for whole kinds, else a float.

    Raises :class:`NumberError` when the text is empty, not written by the
    rule, not whole for a whole kind, or outside the kind's range.
    """
    kind = get_kind(kind)
    if not isinstance(text, str):
        raise NumberError("format", kind, text)
    compact = SPACES.sub(" ", text).strip()
    if not compact:
        raise NumberError("empty", kind, text)
    if len(compact) > MAX_TEXT_LENGTH:
        raise NumberError("format", kind, text)
    match = number_pattern(decimal_point, thousands_sep).fullmatch(compact)
    if not match:
        raise NumberError("format", kind, text)
    digits = re.sub("[^0-9]", "", match["int"])
    if len(digits.lstrip("0")) > 20:
        # far beyond every range; no need to convert 400 digits
        raise NumberError("range", kind, text)
    value = Decimal(f"{match['sign']}{digits}.{match['dec'] or '0'}")
    return _checked(value, kind, text)


def check_number(value, kind, text=None):
    """Check a number that arrived as a number (a spreadsheet cell, JSON)."""
    kind = get_kind(kind)
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise NumberError("format", kind, value if text is None else text)
    if isinstance(value, float) and not math.isfinite(value):
        raise NumberError("range", kind, value if text is None else text)
    try:
        exact = Decimal(value)
    except InvalidOperation as error:  # Decimal NaN / Infinity
        raise NumberError("range", kind, value) from error
    if not exact.is_finite():
        raise NumberError("range", kind, value)
    return _checked(exact, kind, value if text is None else text)


def _checked(value, kind, text):
    if not kind.minimum <= value <= kind.maximum:
        raise NumberError("range", kind, text)
    if kind.integer:
        if value != value.to_integral_value():
            raise NumberError("integer", kind, text)
        return int(value)
    return float(value)


def parse_id(text, kind="record_id"):
    """An id from a URL or a partner's request: ASCII digits only, in range.

    Surrounding ASCII white space is tolerated; a sign, a separator or any
    other character is not.
    """
    kind = get_kind(kind)
    if not isinstance(text, str):
        raise NumberError("format", kind, text)
    stripped = text.strip(" \t\r\n")
    if not stripped:
        raise NumberError("empty", kind, text)
    if len(stripped) > MAX_TEXT_LENGTH or not ID_PATTERN.fullmatch(stripped):
        raise NumberError("format", kind, text)
    value = int(stripped)
    if not kind.minimum <= value <= kind.maximum:
        raise NumberError("range", kind, text)
    return value


def format_number(value, decimal_point=".", thousands_sep=""):
    """Write ``value`` so that :func:`parse_number` reads it back exactly.

    The shortest decimal text that rounds back to the same float, without an
    exponent; the integer part grouped by ``thousands_sep`` when given.
    """
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int):
        text = str(value)
    else:
        text = format(Decimal(repr(float(value))), "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    sign = "-" if text.startswith("-") else ""
    whole, _dot, decimals = text.lstrip("-").partition(".")
    if thousands_sep and len(whole) > 3:
        head = len(whole) % 3 or 3
        parts = [whole[:head]] + [whole[i : i + 3] for i in range(head, len(whole), 3)]
        whole = thousands_sep.join(parts)
    return sign + whole + (decimal_point + decimals if decimals else "")
