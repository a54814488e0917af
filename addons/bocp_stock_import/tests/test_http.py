import io

import openpyxl

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..tools import columns


@tagged("post_install", "-at_install")
class TestTemplateDownload(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        new_test_user(
            cls.env,
            login="si_tpl_manager",
            password="si_tpl_manager",
            groups="stock.group_stock_manager",
            company_ids=[Command.set(company.ids)],
        )
        new_test_user(
            cls.env,
            login="si_tpl_user",
            password="si_tpl_user",
            groups="stock.group_stock_user",
        )

    def test_xlsx_template(self):
        self.authenticate("si_tpl_manager", "si_tpl_manager")
        response = self.url_open("/bocp_stock_import/template.xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
        header = [cell.value for cell in sheet[1]]
        mapped = columns.map_header(header)
        self.assertEqual(set(mapped.fields), set(columns.FIELDS))
        self.assertFalse(mapped.unknown)
        # code and barcode columns are text, so Excel keeps 0042 and long EANs
        for key in ("default_code", "barcode"):
            cell = sheet.cell(row=2, column=mapped.fields[key] + 1)
            self.assertEqual(cell.number_format, "@", key)
        cell = sheet.cell(row=2, column=mapped.fields["quantity_text"] + 1)
        self.assertNotEqual(cell.number_format, "@")

    def test_csv_template(self):
        self.authenticate("si_tpl_manager", "si_tpl_manager")
        response = self.url_open("/bocp_stock_import/template.csv")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"\xef\xbb\xbf"))
        header = response.content.decode("utf-8-sig").strip().split(";")
        self.assertEqual(set(columns.map_header(header).fields), set(columns.FIELDS))

    def test_template_for_managers_only(self):
        self.authenticate("si_tpl_user", "si_tpl_user")
        with mute_logger("odoo.http"):
            response = self.url_open("/bocp_stock_import/template.xlsx")
        self.assertEqual(response.status_code, 403)
        self.authenticate(None, None)
        response = self.url_open(
            "/bocp_stock_import/template.csv", allow_redirects=False
        )
        self.assertIn(response.status_code, (302, 303))

    def test_unknown_format(self):
        self.authenticate("si_tpl_manager", "si_tpl_manager")
        response = self.url_open("/bocp_stock_import/template.ods")
        self.assertEqual(response.status_code, 404)
        for fmt in ("ｘｌｓｘ", "xlsx%00", "xlsx%20", "x" * 2000, "%C0%AE"):
            with self.assertNoLogs("odoo", "ERROR"):
                response = self.url_open(f"/bocp_stock_import/template.{fmt}")
            self.assertEqual(response.status_code, 404, fmt)


@tagged("post_install", "-at_install")
class TestStockImportTour(HttpCase):
    """Paste a table, check it, fix the wrong row in place, confirm."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("en_US")
        cls.env["product.product"].create(
            {
                "name": "Tour Surub",
                "default_code": "TOUR-EX-1",
                "is_storable": True,
            }
        )
        new_test_user(
            cls.env,
            login="si_tour",
            password="si_tour",
            groups="stock.group_stock_manager",
            lang="en_US",
        )

    def test_tour_paste_check_fix_confirm(self):
        self.start_tour(
            "/odoo/action-bocp_stock_import.bocp_stock_import_action",
            "bocp_stock_import_tour",
            login="si_tour",
            timeout=180,
        )
        stock_import = self.env["bocp.stock.import"].search(
            [("create_uid.login", "=", "si_tour")], limit=1
        )
        self.assertEqual(stock_import.state, "done")
        self.assertEqual(stock_import.line_count, 2)
        self.assertEqual(stock_import.picking_id.state, "done")
        created = stock_import.line_ids.filtered("product_created").product_id
        self.assertEqual(created.default_code, "TOUR-NEW-1")
        self.assertEqual(stock_import.total_value, 3 * 12.5 + 4 * 2)
