from odoo import api, fields, models

# The maximum duty cycle of a busy office A4/A3 multifunction printer.
DEFAULT_MONTHLY_CAPACITY = 100_000


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
    monthly_capacity = fields.Integer(
        string="Monthly Capacity (pages)",
        required=True,
        default=DEFAULT_MONTHLY_CAPACITY,
        help="Most pages a printer of this type prints in a month, per counter "
        "(the maker's maximum duty cycle). A reading making more pages than this "
        "pro rata of the days since the previous one must be confirmed, and the "
        "confirmation is logged on the dossier.",
    )
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

    _sql_constraints = [
        (
            "monthly_capacity_positive",
            "CHECK(monthly_capacity > 0)",
            "The monthly capacity of a printer type must be a positive number of pages.",
        )
    ]

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
