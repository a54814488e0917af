import base64
import io

import barcode
from barcode.writer import ImageWriter

from odoo import api, models


class ReportPrinterLabel(models.AbstractModel):
    """Printer labels: the code as a Code128 barcode (python-barcode), the
    serial number and the company's phone, several labels per A4 page."""

    _name = "report.bocp_printer_rental.report_printer_label"
    _description = "Printer Labels"

    @api.model
    def _barcode_png(self, code):
        """Code128 of `code` as a PNG data URI (what the scanner reads back)."""
        writer = ImageWriter()
        image = barcode.get("code128", code, writer=writer)
        stream = io.BytesIO()
        image.write(
            stream,
            options={
                "module_width": 0.3,
                "module_height": 12.0,
                "quiet_zone": 2.0,
                "write_text": False,
                "dpi": 300,
            },
        )
        return "data:image/png;base64," + base64.b64encode(stream.getvalue()).decode()

    @api.model
    def _get_report_values(self, docids, data=None):
        printers = self.env["bocp.printer"].browse(docids)
        printers.check_access("read")
        return {
            "doc_ids": docids,
            "doc_model": "bocp.printer",
            "docs": printers,
            "barcodes": {
                printer.id: self._barcode_png(printer.code) for printer in printers
            },
        }
