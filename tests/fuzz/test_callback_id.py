"""Properties of the id parser of public routes (eMAG callback, portal)."""

import unittest

from hypothesis import given
from hypothesis import strategies as st

from ._addons import number_rule as rule

EMAG = rule.KINDS["emag_id"]
ID_TEXT = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.sampled_from(list("0123456789 +-.\t\n\r²１٣")), max_size=25),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


class TestCallbackId(unittest.TestCase):
    @given(ID_TEXT, st.sampled_from(["emag_id", "record_id"]))
    def test_accepted_exactly_when_ascii_digits_in_range(self, text, key):
        kind = rule.KINDS[key]
        core = text.strip(" \t\r\n")
        expected = (
            core.isascii()
            and core.isdigit()
            and len(core) <= rule.MAX_TEXT_LENGTH
            and kind.minimum <= int(core) <= kind.maximum
        )
        try:
            value = rule.parse_id(text, kind)
        except rule.NumberError as error:
            self.assertFalse(expected, repr(text))
            self.assertIn(error.reason, ("empty", "format", "range"))
            return
        self.assertTrue(expected, repr(text))
        self.assertEqual(value, int(core))

    @given(st.integers(min_value=EMAG.minimum, max_value=EMAG.maximum))
    def test_every_emag_id_round_trips(self, emag_id):
        self.assertEqual(rule.parse_id(str(emag_id), EMAG), emag_id)

    @given(st.one_of(st.none(), st.integers(), st.binary(), st.lists(st.text())))
    def test_non_text_is_refused(self, value):
        with self.assertRaises(rule.NumberError):
            rule.parse_id(value, EMAG)


if __name__ == "__main__":
    unittest.main()
