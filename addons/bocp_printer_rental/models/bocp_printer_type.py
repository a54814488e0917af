from odoo import api, fields, models


class BocpPrinterType(models.Model):
    """A make and model of printer, with the counters it has."""

    _name = "bocp.printer.type"
    _description = "Printer Type"
    _order = "name, id"

    name = fields.Char(
        compute="_compute_name",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    brand = fields.Char(help="Manufacturer, e.g. Kyocera.")
    model_name = fields.Char(string="Model", help="Model, e.g. ECOSYS M2540dn.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to share this type between companies."
    )
    is_color = fields.Boolean(string="Colour")
    counter_type_ids = fields.Many2many(
        "bocp.counter.type",
        string="Counters",
        required=True,
        help="The counters read on printers of this type; one price per counter "
        "is agreed in every rental dossier.",
    )
    printer_ids = fields.One2many("bocp.printer", "printer_type_id", string="Printers")
    printer_count = fields.Integer(compute="_compute_printer_count")
    note = fields.Text()

    @api.depends("brand", "model_name")
    def _compute_name(self):
        for ptype in self:
            parts = [part for part in (ptype.brand, ptype.model_name) if part]
            ptype.name = " ".join(parts) or ptype.name

    def _compute_printer_count(self):
        counts = dict(
            self.env["bocp.printer"]._read_group(
                [("printer_type_id", "in", self.ids)],
                ["printer_type_id"],
                ["__count"],
            )
        )
        for ptype in self:
            ptype.printer_count = counts.get(ptype, 0)
