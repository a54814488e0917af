from odoo import api, fields, models
from odoo.exceptions import UserError


class BocpQuickProcess(models.TransientModel):
    """ "Procesare rapidă": scan or type a printer code, see its state, client
    and last reading, and get only the actions that fit its state."""

    _name = "bocp.quick.process"
    _inherit = ["barcodes.barcode_events_mixin"]
    _description = "Quick Processing"

    code = fields.Char(
        string="Printer Code",
        help="Scan the label of the printer or type its code, then press Enter.",
    )
    printer_id = fields.Many2one("bocp.printer", readonly=True)
    printer_code = fields.Char(related="printer_id.code")
    printer_state = fields.Selection(related="printer_id.state", string="State")
    printer_type_id = fields.Many2one(related="printer_id.printer_type_id")
    serial_number = fields.Char(related="printer_id.serial_number")
    partner_id = fields.Many2one(related="printer_id.partner_id", string="Client")
    rental_id = fields.Many2one(related="printer_id.rental_id", string="Dossier")
    last_reading_date = fields.Date(related="printer_id.last_reading_date")
    last_reading_summary = fields.Char(related="printer_id.last_reading_summary")
    message = fields.Char(readonly=True)

    def _lookup(self, code):
        printer = self.env["bocp.printer"]._find_by_code(code)
        self.printer_id = printer
        self.code = False
        if printer:
            self.message = False
        else:
            self.message = self.env._(
                "No printer with code %(code)s.", code=(code or "").strip()
            )

    @api.onchange("code")
    def _onchange_code(self):
        if self.code:
            self._lookup(self.code)

    def on_barcode_scanned(self, barcode):
        self._lookup(barcode)

    def _get_printer(self):
        self.ensure_one()
        if not self.printer_id:
            raise UserError(self.env._("Scan or type the code of a printer first."))
        return self.printer_id

    def _get_rental(self):
        printer = self._get_printer()
        if not printer.rental_id:
            raise UserError(
                self.env._(
                    "Printer %(printer)s is not rented.", printer=printer.display_name
                )
            )
        return printer.rental_id

    def action_rent(self):
        self.ensure_one()
        return self._get_printer().action_rent()

    def action_open_printer(self):
        self.ensure_one()
        printer = self._get_printer()
        return {
            "type": "ir.actions.act_window",
            "res_model": "bocp.printer",
            "res_id": printer.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_reading(self):
        self.ensure_one()
        return self._get_rental().action_open_reading_wizard()

    def action_intervention(self):
        self.ensure_one()
        return self._get_rental().action_new_intervention()

    def action_close_rental(self):
        self.ensure_one()
        return self._get_rental().action_open_close_wizard()

    def action_open_rental(self):
        self.ensure_one()
        return self._get_rental()._get_form_action()
