from odoo import Command, api, fields, models

WIZARD_MODES = [
    ("handover", "Handover (activate the dossier)"),
    ("manual", "Reading"),
    ("pickup", "Pickup (close the dossier)"),
]


class BocpReadingWizard(models.TransientModel):
    """Type the counter indexes of a dossier's printer: the handover reading
    activates the dossier, the pickup reading closes it."""

    _name = "bocp.reading.wizard"
    _description = "Enter a Counter Reading"

    rental_id = fields.Many2one("bocp.rental", string="Dossier", required=True)
    printer_id = fields.Many2one(related="rental_id.printer_id")
    partner_id = fields.Many2one(related="rental_id.partner_id")
    mode = fields.Selection(WIZARD_MODES, required=True, default="manual")
    date = fields.Date(required=True, default=fields.Date.context_today)
    note = fields.Char()
    line_ids = fields.One2many(
        "bocp.reading.wizard.line",
        "wizard_id",
        string="Counters",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
    )

    @api.depends("rental_id")
    def _compute_line_ids(self):
        Line = self.env["bocp.reading.wizard.line"]
        for wizard in self:
            rental = wizard.rental_id
            vals_list = Line._prepare_input_lines(
                rental.printer_id, rental.line_ids.counter_type_id
            )
            wizard.line_ids = [Command.clear()] + [
                Command.create(vals) for vals in vals_list
            ]

    def action_confirm(self):
        self.ensure_one()
        self._confirm()
        return {"type": "ir.actions.act_window_close"}

    def _confirm(self):
        """Create the reading and activate or close the dossier; return it."""
        self.ensure_one()
        source = self.mode
        reading = self.rental_id._create_reading(
            source,
            [line._prepare_reading_line_vals() for line in self.line_ids],
            date=self.date,
            note=self.note,
        )
        if source == "handover":
            self.rental_id.action_activate()
        elif source == "pickup":
            self.rental_id.action_close()
        return reading
