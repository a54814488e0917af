from odoo import fields, models


class BocpPrinterPrice(models.Model):
    """Reference price per page of one counter of a printer."""

    _name = "bocp.printer.price"
    _description = "Printer Reference Price"
    _order = "printer_id, counter_type_id"

    printer_id = fields.Many2one(
        "bocp.printer", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="printer_id.company_id", store=True)
    counter_type_id = fields.Many2one(
        "bocp.counter.type", string="Counter", required=True
    )
    price = fields.Float(string="Price per Page", digits="Price per Page")

    _sql_constraints = [
        (
            "printer_counter_unique",
            "unique(printer_id, counter_type_id)",
            "A printer has only one reference price per counter.",
        ),
    ]
