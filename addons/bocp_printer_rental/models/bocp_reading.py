from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import formatLang

from odoo.addons.bocp_number.fields import Integer64

READING_SOURCES = [
    ("handover", "Handover"),
    ("manual", "Manual"),
    ("intervention", "Intervention"),
    ("pickup", "Pickup"),
]


class BocpReading(models.Model):
    """A counter reading ("Citire") of a rented printer, one line per counter."""

    _name = "bocp.reading"
    _description = "Counter Reading"
    _order = "date desc, id desc"
    _check_company_auto = True

    rental_id = fields.Many2one(
        "bocp.rental",
        string="Dossier",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    printer_id = fields.Many2one(
        related="rental_id.printer_id", store=True, index=True, string="Printer"
    )
    partner_id = fields.Many2one(
        related="rental_id.partner_id", store=True, index=True, string="Client"
    )
    company_id = fields.Many2one(related="rental_id.company_id", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(
        required=True, index=True, default=fields.Date.context_today, copy=False
    )
    source = fields.Selection(
        READING_SOURCES, required=True, default="manual", index=True
    )
    intervention_id = fields.Many2one(
        "bocp.intervention", index="btree_not_null", ondelete="restrict"
    )
    user_id = fields.Many2one(
        "res.users", string="Read By", default=lambda self: self.env.user
    )
    line_ids = fields.One2many("bocp.reading.line", "reading_id", string="Counters")
    note = fields.Char()
    summary = fields.Char(compute="_compute_summary")
    pages_total = Integer64(
        string="Pages", compute="_compute_totals", store=True, aggregator="sum"
    )
    amount_total = fields.Monetary(
        string="Amount", compute="_compute_totals", store=True, aggregator="sum"
    )

    @api.depends("rental_id.name", "date")
    def _compute_display_name(self):
        for reading in self:
            reading.display_name = (
                f"{reading.rental_id.name or ''} · "
                f"{fields.Date.to_string(reading.date) or ''}"
            )

    @api.depends("line_ids.value", "line_ids.counter_type_id")
    def _compute_summary(self):
        for reading in self:
            reading.summary = " · ".join(
                f"{line.counter_type_id.name}: "
                f"{formatLang(self.env, line.value, digits=0)}"
                for line in reading.line_ids
            )

    @api.depends("line_ids.pages", "line_ids.amount")
    def _compute_totals(self):
        for reading in self:
            reading.pages_total = sum(reading.line_ids.mapped("pages"))
            reading.amount_total = sum(reading.line_ids.mapped("amount"))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        readings = super().create(vals_list)
        readings._check_rental_state()
        readings._check_counters()
        return readings

    def write(self, vals):
        frozen = {"rental_id", "date", "source"} & set(vals)
        if frozen:
            raise UserError(
                self.env._(
                    "The dossier, date and source of a reading cannot be changed; "
                    "delete the reading and enter it again."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_check(self):
        for reading in self:
            billed = reading.line_ids.filtered(
                lambda line: line.invoice_line_id or line.proforma_line_id
            )
            if billed:
                raise UserError(
                    self.env._(
                        "Reading %(reading)s has been invoiced or put on a proforma "
                        "and cannot be deleted.",
                        reading=reading.display_name,
                    )
                )
            if reading.source in ("handover", "pickup") and (
                reading.rental_id.state != "draft"
            ):
                raise UserError(
                    self.env._(
                        "The handover and pickup readings of a dossier cannot be "
                        "deleted."
                    )
                )
        self.line_ids._check_is_last()

    # ------------------------------------------------------------------
    # Rules
    # ------------------------------------------------------------------

    def _check_rental_state(self):
        for reading in self:
            rental = reading.rental_id
            if reading.source == "handover":
                if rental.state != "draft":
                    raise UserError(
                        self.env._(
                            "The handover reading is entered when the dossier is "
                            "activated."
                        )
                    )
                handovers = self.search_count(
                    [("rental_id", "=", rental.id), ("source", "=", "handover")]
                )
                if handovers > 1:
                    raise UserError(
                        self.env._("This dossier already has a handover reading.")
                    )
            elif rental.state != "active" or rental.printer_id.state != "rented":
                raise UserError(
                    self.env._(
                        "Readings can only be entered on an active dossier of a "
                        "rented printer (dossier %(dossier)s).",
                        dossier=rental.name,
                    )
                )

    def _check_counters(self):
        for reading in self:
            allowed = reading.rental_id.line_ids.counter_type_id
            wrong = reading.line_ids.counter_type_id - allowed
            if wrong:
                raise UserError(
                    self.env._(
                        "Counter %(counters)s is not one of the counters of dossier "
                        "%(dossier)s.",
                        counters=", ".join(wrong.mapped("name")),
                        dossier=reading.rental_id.name,
                    )
                )
            if not reading.line_ids:
                raise UserError(
                    self.env._("A reading needs the index of at least one counter.")
                )
