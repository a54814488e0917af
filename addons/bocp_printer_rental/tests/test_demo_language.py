from lxml import etree

from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import file_open
from odoo.tools.convert import xml_import


@tagged("post_install", "-at_install")
class TestDemoLanguage(TransactionCase):
    """Odoo loads an addon's translations after its demo data, and the demo
    data with no language: the demo file loads the translations first and
    bocp_mail_lang names the model in the user's language, so the chatter of
    demo dossiers reads "Dosar închiriere creat" like a dossier made later,
    not "Rental Dossier creat"."""

    def test_demo_chatter_in_the_company_language(self):
        self.env["res.lang"]._activate_lang("ro_RO")
        env = self.env(context=dict(self.env.context, lang="ro_RO"))
        model = env["ir.model"]._get("bocp.rental")
        # as while the addon installs: no Romanian name yet, the English one
        # already read (and kept in the cache)
        env.cr.execute(
            "UPDATE ir_model SET name = name - 'ro_RO' WHERE id = %s", [model.id]
        )
        model.invalidate_recordset(["name"])
        self.assertEqual(model.name, "Rental Dossier")
        # the first elements of the demo file, as Odoo loads them
        with file_open("bocp_printer_rental/demo/bocp_printer_rental_demo.xml") as f:
            demo = etree.parse(f).getroot()
        head = etree.Element("odoo")
        for node in demo:
            if node.tag == "function":
                head.append(node)
            elif node.tag == "record":
                break
        xml_import(env, "bocp_printer_rental", {}, "init").parse(head)
        # a record of the demo data: no language in the context
        user = new_test_user(
            env,
            login="bocp_demo_lang",
            groups="base.group_user,bocp_printer_rental.group_rental_manager",
            lang="ro_RO",
        )
        partner = env["res.partner"].create({"name": "Client Demo SRL"})
        printer_type = env["bocp.printer.type"].create(
            {"brand": "Test", "model_name": "Lang"}
        )
        env = env(user=user, context={"lang": None})
        printer = env["bocp.printer"].create(
            {
                "code": "DEMO-LANG",
                "printer_type_id": printer_type.id,
            }
        )
        rental = env["bocp.rental"].create(
            {"partner_id": partner.id, "printer_id": printer.id}
        )
        self.assertIn("Dosar închiriere creat", rental.message_ids[-1].body)
