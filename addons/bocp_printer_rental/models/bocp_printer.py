from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

PRINTER_STATES = [
    ("available", "Available"),
    ("rented", "Rented"),
    ("service", "In Service"),
    ("retired", "Retired"),
]


class BocpPrinter(models.Model):
    """One physical printer owned by the company and rented to clients."""

    _name = "bocp.printer"
    _description = "Printer"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "code, id"
    _rec_names_search = ["code", "serial_number", "printer_type_id.name"]
    _check_company_auto = True

    code = fields.Char(
        required=True,
        copy=False,
        index=True,
        tracking=True,
        default=lambda self: self._default_code(),
        help="Unique code of the printer in the company; its label barcode carries it.",
    )
    serial_number = fields.Char(tracking=True, index="btree_not_null")
    printer_type_id = fields.Many2one(
        "bocp.printer.type",
        required=True,
        tracking=True,
        check_company=True,
    )
    counter_type_ids = fields.Many2many(related="printer_type_id.counter_type_ids")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    active = fields.Boolean(default=True)
    state = fields.Selection(
        PRINTER_STATES,
        required=True,
        default="available",
        tracking=True,
        copy=False,
        index=True,
    )
    price_ids = fields.One2many(
        "bocp.printer.price",
        "printer_id",
        string="Reference Prices",
        copy=True,
        help="For reference only: used to prefill the price per page of a new "
        "rental when the client has no price of its own.",
    )
    rental_ids = fields.One2many("bocp.rental", "printer_id", string="Dossiers")
    rental_id = fields.Many2one(
        "bocp.rental",
        string="Current Dossier",
        compute="_compute_rental_id",
        store=True,
        index="btree_not_null",
    )
    partner_id = fields.Many2one(
        related="rental_id.partner_id", string="Client", store=True, index=True
    )
    reading_ids = fields.One2many("bocp.reading", "printer_id", string="Readings")
    intervention_ids = fields.One2many(
        "bocp.intervention", "printer_id", string="Interventions"
    )
    last_reading_id = fields.Many2one(
        "bocp.reading", compute="_compute_last_reading_id", store=True
    )
    last_reading_date = fields.Date(related="last_reading_id.date", store=True)
    last_reading_summary = fields.Char(compute="_compute_last_reading_summary")
    rental_count = fields.Integer(compute="_compute_counts")
    reading_count = fields.Integer(compute="_compute_counts")
    intervention_count = fields.Integer(compute="_compute_counts")
    is_due_for_reading = fields.Boolean(
        compute="_compute_is_due_for_reading",
        search="_search_is_due_for_reading",
        help="Rented and not read in the number of days set in the settings.",
    )
    location = fields.Char(help="Where the printer stands, e.g. office, floor.")
    note = fields.Html()

    _sql_constraints = [
        (
            "code_company_unique",
            "unique(company_id, code)",
            "Another printer of this company already has this code.",
        ),
    ]

    @api.model
    def _default_code(self):
        return self.env["ir.sequence"].next_by_code("bocp.printer") or "/"

    @api.model
    def _normalize_code(self, code):
        return (code or "").strip().upper()

    @api.depends("code", "printer_type_id.name")
    def _compute_display_name(self):
        for printer in self:
            if printer.printer_type_id:
                printer.display_name = (
                    f"[{printer.code}] {printer.printer_type_id.name}"
                )
            else:
                printer.display_name = printer.code or ""

    @api.depends("rental_ids.state")
    def _compute_rental_id(self):
        active = self.env["bocp.rental"].search(
            [("printer_id", "in", self.ids), ("state", "=", "active")]
        )
        by_printer = {rental.printer_id: rental for rental in active}
        for printer in self:
            printer.rental_id = by_printer.get(printer, False)

    @api.depends("reading_ids.date")
    def _compute_last_reading_id(self):
        last = {}
        if self.ids:
            # One indexed query for the whole batch, whatever the history size.
            self.env["bocp.reading"].flush_model(["printer_id", "date"])
            rows = self.env.execute_query(
                SQL(
                    """
                    SELECT DISTINCT ON (printer_id) printer_id, id
                      FROM bocp_reading
                     WHERE printer_id = ANY(%s)
                  ORDER BY printer_id, date DESC, id DESC
                    """,
                    self.ids,
                )
            )
            last = dict(rows)
        for printer in self:
            printer.last_reading_id = last.get(printer.id, False)

    @api.depends("last_reading_id")
    def _compute_last_reading_summary(self):
        for printer in self:
            printer.last_reading_summary = printer.last_reading_id.summary or ""

    def _compute_counts(self):
        fields_models = {
            "rental_count": "bocp.rental",
            "reading_count": "bocp.reading",
            "intervention_count": "bocp.intervention",
        }
        for field_name, model_name in fields_models.items():
            counts = dict(
                self.env[model_name]._read_group(
                    [("printer_id", "in", self.ids)], ["printer_id"], ["__count"]
                )
            )
            for printer in self:
                printer[field_name] = counts.get(printer, 0)

    @api.model
    def _reading_due_limit(self):
        days = self.env.company.bocp_reading_due_days or 30
        return fields.Date.context_today(self) - timedelta(days=days)

    @api.depends("state", "last_reading_date")
    def _compute_is_due_for_reading(self):
        limit = self._reading_due_limit()
        for printer in self:
            printer.is_due_for_reading = printer.state == "rented" and (
                not printer.last_reading_date or printer.last_reading_date < limit
            )

    def _search_is_due_for_reading(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on 'Due for Reading'."))
        domain = [
            ("state", "=", "rented"),
            "|",
            ("last_reading_date", "=", False),
            ("last_reading_date", "<", self._reading_due_limit()),
        ]
        if (operator == "=") == value:
            return domain
        return [
            "|",
            ("state", "!=", "rented"),
            ("last_reading_date", ">=", self._reading_due_limit()),
        ]

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "code" in vals:
                vals["code"] = self._normalize_code(vals["code"])
        return super().create(vals_list)

    def write(self, vals):
        if "code" in vals:
            vals["code"] = self._normalize_code(vals["code"])
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        if self.rental_ids:
            raise UserError(
                self.env._(
                    "A printer that has rental dossiers cannot be deleted; "
                    "retire or archive it instead."
                )
            )

    # ------------------------------------------------------------------
    # Lookup
    # ------------------------------------------------------------------

    @api.model
    def _find_by_code(self, code):
        """Return the printer with this code (label barcode) in the user's
        companies: one indexed query whatever the number of printers."""
        code = self._normalize_code(code)
        if not code:
            return self.browse()
        return self.search([("code", "=", code)], limit=1)

    def _get_last_values(self):
        """Last known index per counter of this printer: {counter: (value, date)}."""
        self.ensure_one()
        return self.env["bocp.reading.line"]._last_values(self)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_rent(self):
        """Open a new rental dossier for this printer ("Închiriază")."""
        self.ensure_one()
        if self.state != "available":
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "Printer %(printer)s is not available (state: %(state)s).",
                    printer=self.display_name,
                    state=states[self.state],
                )
            )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "bocp_printer_rental.bocp_rental_action_new"
        )
        action["context"] = {
            "default_printer_id": self.id,
            "default_company_id": self.company_id.id,
        }
        return action

    def action_open_rental(self):
        self.ensure_one()
        if not self.rental_id:
            raise UserError(self.env._("This printer has no active dossier."))
        return self.rental_id._get_form_action()

    def _set_state(self, new_state, allowed_from):
        for printer in self:
            if printer.state not in allowed_from:
                raise UserError(
                    self.env._(
                        "Printer %(printer)s cannot change state from its current "
                        "state.",
                        printer=printer.display_name,
                    )
                )
        self.write({"state": new_state})

    def action_send_to_service(self):
        self._set_state("service", ("available",))

    def action_set_available(self):
        self._set_state("available", ("service", "retired"))

    def action_retire(self):
        self._set_state("retired", ("available", "service"))

    def _action_open_related(self, xml_id, domain_field="printer_id"):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xml_id)
        action["domain"] = [(domain_field, "=", self.id)]
        action["context"] = {"default_printer_id": self.id, "create": False}
        return action

    def action_view_rentals(self):
        return self._action_open_related("bocp_printer_rental.bocp_rental_action")

    def action_view_readings(self):
        return self._action_open_related("bocp_printer_rental.bocp_reading_action")

    def action_view_interventions(self):
        return self._action_open_related("bocp_printer_rental.bocp_intervention_action")
