import csv
import io

import openpyxl
from openpyxl.styles import Font

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import request

TEXT_COLUMNS = ("default_code", "barcode", "lot_name")


class StockImportTemplate(http.Controller):
    """The empty table users download, fill in a spreadsheet and paste back."""

    @http.route(
        "/bocp_stock_import/template.<string:fmt>",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def download_template(self, fmt):
        if not request.env.user.has_group(
            "bocp_stock_import.group_stock_import_manager"
        ):
            raise AccessError(request.env._("Only stock import managers may do this."))
        template = request.env["bocp.stock.import"]._template_columns()
        if fmt == "xlsx":
            content = self._xlsx(template)
            mimetype = (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            )
        elif fmt == "csv":
            content = self._csv(template)
            mimetype = "text/csv; charset=utf-8"
        else:
            raise request.not_found()
        filename = request.env._("stock_import_template")
        return request.make_response(
            content,
            headers=[
                ("Content-Type", mimetype),
                ("Content-Disposition", http.content_disposition(f"{filename}.{fmt}")),
            ],
        )

    @staticmethod
    def _xlsx(template):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = request.env._("Stock")
        for index, (key, label, width) in enumerate(template, start=1):
            cell = sheet.cell(row=1, column=index, value=label)
            cell.font = Font(bold=True)
            letter = cell.column_letter
            sheet.column_dimensions[letter].width = width
            if key in TEXT_COLUMNS:
                # text format so that Excel keeps leading zeros and long codes
                for row in range(2, 2001):
                    sheet.cell(row=row, column=index).number_format = "@"
        sheet.freeze_panes = "A2"
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    @staticmethod
    def _csv(template):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow([label for _key, label, _width in template])
        # BOM: Excel then opens the file as UTF-8 and keeps the diacritics
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
