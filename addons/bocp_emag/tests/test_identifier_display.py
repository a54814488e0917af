from lxml import etree

from odoo.tests import tagged

from .common import EmagCommon

IDENTIFIER_MODELS = ("bocp.emag.order", "bocp.emag.offer", "bocp.emag.category")


@tagged("post_install", "-at_install")
class TestIdentifierDisplay(EmagCommon):
    """eMAG ids are shown as typed (3100012345, not 3.100.012.345) in lists
    and forms, and found as typed in the order search, above 2**31 too."""

    def test_lists_and_forms_show_ids_unformatted(self):
        for model in IDENTIFIER_MODELS:
            for view_type in ("list", "form"):
                with self.subTest(model=model, view=view_type):
                    arch = etree.fromstring(
                        self.env[model].get_view(view_type=view_type)["arch"]
                    )
                    nodes = arch.xpath("//field[@name='emag_id']")
                    self.assertTrue(nodes)
                    for node in nodes:
                        self.assertIn("'enable_formatting': false", node.get("options"))

    def test_search_by_order_id_as_typed(self):
        order = self.env["bocp.emag.order"].create(
            {"account_id": self.account.id, "emag_id": 3100012345}
        )
        arch = etree.fromstring(
            self.env["bocp.emag.order"].get_view(view_type="search")["arch"]
        )
        (field,) = arch.xpath("//field[@string='eMAG Order ID']")
        self.assertEqual(field.get("name"), "name")
        found = self.env["bocp.emag.order"].search([("name", "ilike", "3100012345")])
        self.assertEqual(found, order)
