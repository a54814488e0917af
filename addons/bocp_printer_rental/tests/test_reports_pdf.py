import io
from datetime import date

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools.pdf import PdfFileReader

from .common_billing import BocpBillingCase

A4_POINTS = (595, 842)


@tagged("post_install", "-at_install")
class TestLabelPdf(HttpCase):
    """The labels as the user gets them: a real PDF made by wkhtmltopdf (the
    other report tests check the HTML Odoo renders in test mode)."""

    def test_24_labels_per_a4_page(self):
        bw = self.env.ref("bocp_printer_rental.counter_type_bw")
        ptype = self.env["bocp.printer.type"].create(
            {"name": "PDF Type", "counter_type_ids": [Command.set(bw.ids)]}
        )
        printers = self.env["bocp.printer"].create(
            [
                {
                    "code": f"PDF-{index:04d}",
                    "serial_number": f"SN-PDF-{index}",
                    "printer_type_id": ptype.id,
                }
                for index in range(25)
            ]
        )
        content, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("bocp_printer_rental.report_printer_label", printers.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(content.startswith(b"%PDF"))
        pages = PdfFileReader(io.BytesIO(content)).pages
        # 25 labels: a full sheet of 3 × 8 and one label on the second sheet
        self.assertEqual(len(pages), 2)
        for page in pages:
            width, height = (round(float(v)) for v in page.mediabox[2:])
            self.assertEqual((width, height), A4_POINTS)
        # one barcode image per label (the text layer depends on the fonts
        # wkhtmltopdf embeds, the images do not)
        images = [len(page["/Resources"]["/XObject"]) for page in pages]
        self.assertEqual(images, [24, 1])


@tagged("post_install", "-at_install")
class TestAnnexPdf(HttpCase, BocpBillingCase):
    def test_annex_of_posted_invoice_is_kept_on_it(self):
        rental = self._rent_priced(
            self.printer, self.partner, {self.bw: 0, self.color: 0}, date(2025, 1, 10)
        )
        self._read(rental, {self.bw: 1000, self.color: 100}, date(2025, 1, 31))
        move = self._invoice(day=date(2025, 1, 31), post=True)
        report = self.env.ref("bocp_printer_rental.action_report_bocp_invoice_annex")
        content, kind = report.with_context(
            force_report_rendering=True
        )._render_qweb_pdf(report.report_name, move.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(content.startswith(b"%PDF"))
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "account.move"), ("res_id", "=", move.id)]
        )
        name = move.name.replace("/", "-")
        self.assertEqual(attachment.name, f"Annex {name}.pdf")
        self.assertEqual(attachment.raw, content)
        # reset to draft: the saved annex no longer describes the invoice
        move.button_draft()
        self.assertIn("superseded", attachment.name)
        move.action_post()
        report.with_context(force_report_rendering=True)._render_qweb_pdf(
            report.report_name, move.ids
        )
        annexes = self.env["ir.attachment"].search(
            [("res_model", "=", "account.move"), ("res_id", "=", move.id)]
        )
        self.assertEqual(len(annexes), 2)
        self.assertIn(f"Annex {name}.pdf", annexes.mapped("name"))
