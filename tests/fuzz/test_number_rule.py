"""Properties of the shared number rule (bocp_number/tools/number_rule.py)."""

import math
import unittest

from hypothesis import given
from hypothesis import strategies as st

from ._addons import number_rule as rule

LOCALES = [(",", "."), (".", ","), (",", " "), (",", "\u202f"), (".", "")]
FLOAT_KINDS = [k for k in rule.KINDS.values() if not k.integer]
INT_KINDS = [k for k in rule.KINDS.values() if k.integer]

# What users paste: digits, separators, signs, spaces, exponents, look-alikes.
TRICKY = st.text(
    alphabet=st.sampled_from(
        list("0123456789.,+- eE\u00a0\u202f\t\n_")
        + ["²", "³", "¹", "１", "٣", "\u200b", "∞", "x"]
    ),
    max_size=40,
)
ANY_TEXT = st.one_of(TRICKY, st.text(max_size=60))


@st.composite
def float_in_kind(draw):
    kind = draw(st.sampled_from(FLOAT_KINDS))
    value = draw(
        st.floats(
            min_value=kind.minimum,
            max_value=kind.maximum,
            allow_nan=False,
            allow_infinity=False,
        )
    )
    return kind, value


@st.composite
def int_in_kind(draw):
    kind = draw(st.sampled_from(INT_KINDS))
    return kind, draw(st.integers(min_value=kind.minimum, max_value=kind.maximum))


class TestNumberRule(unittest.TestCase):
    @given(float_in_kind(), st.sampled_from(LOCALES), st.booleans())
    def test_parse_of_format_is_identity_for_floats(self, kind_value, locale, group):
        kind, value = kind_value
        decimal, thousands = locale
        text = rule.format_number(value, decimal, thousands if group else "")
        parsed = rule.parse_number(text, kind, decimal, thousands)
        self.assertEqual(parsed, value, text)
        self.assertEqual(
            math.copysign(1, parsed) if parsed else 1,
            math.copysign(1, value) if value else 1,
        )

    @given(int_in_kind(), st.sampled_from(LOCALES), st.booleans())
    def test_parse_of_format_is_identity_for_whole_kinds(
        self, kind_value, locale, group
    ):
        kind, value = kind_value
        decimal, thousands = locale
        text = rule.format_number(value, decimal, thousands if group else "")
        self.assertEqual(rule.parse_number(text, kind, decimal, thousands), value)

    @given(
        ANY_TEXT, st.sampled_from(list(rule.KINDS.values())), st.sampled_from(LOCALES)
    )
    def test_any_text_is_a_number_in_range_or_a_number_error(self, text, kind, locale):
        try:
            value = rule.parse_number(text, kind, *locale)
        except rule.NumberError as error:
            self.assertIn(error.reason, ("empty", "format", "integer", "range"))
            return
        self.assertTrue(kind.minimum <= value <= kind.maximum)
        self.assertTrue(math.isfinite(value))
        self.assertIsInstance(value, int if kind.integer else float)
        stripped = "".join(ch for ch in text if not ch.isspace())
        self.assertTrue(stripped.isascii(), repr(text))

    @given(
        st.one_of(
            st.floats(),
            st.integers(min_value=-(2**80), max_value=2**80),
            st.booleans(),
            st.none(),
        ),
        st.sampled_from(list(rule.KINDS.values())),
    )
    def test_any_value_is_in_range_or_a_number_error(self, value, kind):
        try:
            checked = rule.check_number(value, kind)
        except rule.NumberError:
            return
        self.assertTrue(kind.minimum <= checked <= kind.maximum)
        self.assertEqual(checked, value)

    @given(st.sampled_from(list(rule.KINDS.values())), st.integers(1, 450))
    def test_long_numbers_are_range_errors(self, kind, digits):
        text = "9" * digits
        if int(text) <= kind.maximum:
            return
        with self.assertRaises(rule.NumberError) as caught:
            rule.parse_number(text, kind)
        self.assertEqual(caught.exception.reason, "range")


if __name__ == "__main__":
    unittest.main()
