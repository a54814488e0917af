from odoo.tests import HttpCase, tagged


def _hoot_id(name):
    """The id Hoot gives the suite of a module path (its URL filter)."""
    value = 0
    for char in name:
        value = ((value << 5) - value + ord(char)) & 0xFFFFFFFF
    return f"{value:08x}"


@tagged("post_install", "-at_install")
class TestInteger64Widget(HttpCase):
    def test_hoot_suite(self):
        """The bocp_integer64 widget's parser (static/tests, Hoot)."""
        self.browser_js(
            "/web/tests?headless&loglevel=2&preset=desktop&timeout=15000"
            f"&id={_hoot_id('@bocp_number')}",
            "",
            "",
            login="admin",
            timeout=600,
            success_signal="[HOOT] Test suite succeeded",
            error_checker=lambda message: "[HOOT]" not in message,
        )
