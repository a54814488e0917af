from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .res_company import BILLING_PERIODS

RENTAL_STATES = [
    ("draft", "Draft"),
    ("active", "Active"),
    ("closed", "Closed"),
]


class BocpRental(models.Model):
    """Rental dossier ("Dosar de închiriere"): one printer rented to one client,
    with the agreed price per page of each counter and its readings."""

    _name = "bocp.rental"
    _description = "Rental Dossier"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number", required=True, copy=False, readonly=True, default="/"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
        domain=[("parent_id", "=", False)],
    )
    printer_id = fields.Many2one(
        "bocp.printer",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
        domain="[('state', '=', 'available')]",
    )
    printer_type_id = fields.Many2one(related="printer_id.printer_type_id")
    printer_code = fields.Char(related="printer_id.code")
    serial_number = fields.Char(related="printer_id.serial_number")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
    )
    state = fields.Selection(
        RENTAL_STATES,
        required=True,
        default="draft",
        tracking=True,
        copy=False,
        index=True,
    )
    date_start = fields.Date(
        string="Handover Date",
        copy=False,
        tracking=True,
        help="Date the printer was handed over to the client (handover reading).",
    )
    date_end = fields.Date(
        string="Pickup Date",
        copy=False,
        tracking=True,
        help="Date the printer was picked up (pickup reading).",
    )
    location = fields.Char(help="Where the printer is installed at the client.")
    line_ids = fields.One2many(
        "bocp.rental.line", "rental_id", string="Agreed Prices", copy=True
    )
    reading_ids = fields.One2many("bocp.reading", "rental_id", string="Readings")
    intervention_ids = fields.One2many(
        "bocp.intervention", "rental_id", string="Interventions"
    )
    reading_count = fields.Integer(compute="_compute_counts")
    intervention_count = fields.Integer(compute="_compute_counts")
    note = fields.Html()
    # Billing (all optional: without them the pages are billed × price)
    fixed_fee = fields.Monetary(
        string="Fixed Fee per Period",
        tracking=True,
        help="Optional fee invoiced for every billing period of the rental "
        "(monthly unless the settings say otherwise).",
    )
    minimum_amount = fields.Monetary(
        string="Minimum per Period",
        tracking=True,
        help="Optional minimum amount of the pages of a billing period: when the "
        "pages are worth less, the difference is invoiced.",
    )
    billing_period = fields.Selection(
        BILLING_PERIODS,
        required=True,
        tracking=True,
        default=lambda self: self.env.company.bocp_billing_period or "1",
        help="Period of the fixed fee, the minimum and the included pages "
        "(calendar months from January; the company's billing period by "
        "default).",
    )
    allowance_pooled = fields.Boolean(
        string="Included Pages Pooled over the Invoice",
        tracking=True,
        help="Off (usual): the pages of each period use only that period's "
        "included pages. On: the periods invoiced together share their "
        "included pages (and minimums), for contracts billed a quarter at "
        "once on monthly allowances.",
    )
    last_invoice_date = fields.Date(readonly=True, copy=False)
    billed_until = fields.Date(
        compute="_compute_billed_until",
        help="End of the last billing period invoiced (or on an issued proforma).",
    )
    invoice_line_ids = fields.One2many(
        "account.move.line", "bocp_rental_id", string="Invoice Lines"
    )
    invoice_count = fields.Integer(compute="_compute_invoice_count")

    _sql_constraints = [
        # The definition is empty: the constraint is the partial unique index
        # created in init(); declaring it here gives its error a clear message.
        (
            "one_active_per_printer",
            "",
            "This printer already has an active rental dossier.",
        ),
    ]

    def init(self):
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS bocp_rental_one_active_per_printer "
                "ON bocp_rental (printer_id) WHERE state = 'active'"
            )
        )

    def _compute_counts(self):
        for field_name, model_name in (
            ("reading_count", "bocp.reading"),
            ("intervention_count", "bocp.intervention"),
        ):
            counts = dict(
                self.env[model_name]._read_group(
                    [("rental_id", "in", self.ids)], ["rental_id"], ["__count"]
                )
            )
            for rental in self:
                rental[field_name] = counts.get(rental, 0)

    def _compute_billed_until(self):
        billed = self.env["bocp.billing"]._billed_until(self.filtered("id"))
        for rental in self:
            rental.billed_until = billed.get(rental.id, False)

    def _compute_invoice_count(self):
        counts = dict(
            self.env["account.move.line"]._read_group(
                [("bocp_rental_id", "in", self.ids), ("parent_state", "!=", "cancel")],
                ["bocp_rental_id"],
                ["move_id:count_distinct"],
            )
        )
        for rental in self:
            rental.invoice_count = counts.get(rental, 0)

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("line_ids.bocp_rental_id", "=", self.id)]
        action["context"] = {"default_move_type": "out_invoice", "create": False}
        return action

    # ------------------------------------------------------------------
    # Prices
    # ------------------------------------------------------------------

    def _prepare_line_vals_list(self):
        """One line per counter of the printer type, price prefilled from the
        client price, else the printer reference price, else the counter."""
        self.ensure_one()
        counters = self.printer_id.printer_type_id.counter_type_ids
        if not counters:
            return []
        prices = self.env["bocp.partner.price"]._get_prices(
            self.partner_id, self.printer_id, counters
        )
        return [
            {"counter_type_id": counter.id, "price": prices[counter]}
            for counter in counters
        ]

    def _get_price(self, counter_type_id):
        """Agreed price per page of a counter in this dossier."""
        self.ensure_one()
        line = self.line_ids.filtered(
            lambda line: line.counter_type_id.id == counter_type_id
        )
        return line[:1].price

    @api.onchange("printer_id", "partner_id")
    def _onchange_prefill_lines(self):
        if self.state != "draft":
            return
        self.line_ids = [Command.clear()] + [
            Command.create(vals) for vals in self._prepare_line_vals_list()
        ]

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"]
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = sequence.next_by_code("bocp.rental") or "/"
        rentals = super().create(vals_list)
        for rental in rentals.filtered(lambda r: not r.line_ids):
            rental.line_ids = [
                Command.create(vals) for vals in rental._prepare_line_vals_list()
            ]
        return rentals

    def write(self, vals):
        locked = {"partner_id", "printer_id", "company_id"} & set(vals)
        if locked and any(rental.state != "draft" for rental in self):
            raise UserError(
                self.env._(
                    "The client and the printer of a dossier can only be changed "
                    "while it is a draft."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(rental.state != "draft" for rental in self):
            raise UserError(self.env._("Only draft dossiers can be deleted."))

    # ------------------------------------------------------------------
    # Readings
    # ------------------------------------------------------------------

    def _create_reading(self, source, line_vals_list, date=None, **extra):
        """Record a reading of this dossier's printer.

        :param line_vals_list: dicts with counter_type_id, value and optionally
            is_reset, reset_reason, reset_final_value, reset_start_value
        """
        self.ensure_one()
        vals = {
            "rental_id": self.id,
            "source": source,
            "date": date or fields.Date.context_today(self),
            "line_ids": [Command.create(line) for line in line_vals_list],
            **extra,
        }
        return self.env["bocp.reading"].create(vals)

    def _get_reading(self, source):
        self.ensure_one()
        return self.reading_ids.filtered(lambda r: r.source == source)[:1]

    def _check_reading_complete(self, reading, what):
        counters = self.line_ids.counter_type_id
        missing = counters - reading.line_ids.counter_type_id
        if not reading or missing:
            raise UserError(
                self.env._(
                    "Dossier %(dossier)s needs the %(what)s reading of every "
                    "counter (missing: %(missing)s).",
                    dossier=self.name,
                    what=what,
                    missing=", ".join((missing or counters).mapped("name")),
                )
            )

    # ------------------------------------------------------------------
    # State changes
    # ------------------------------------------------------------------

    def action_activate(self):
        """Start the rental: needs the handover reading of every counter."""
        # Pending closings first: the unique index is checked row by row.
        self.flush_model(["state"])
        for rental in self:
            if rental.state != "draft":
                raise UserError(self.env._("Only a draft dossier can be activated."))
            if not rental.line_ids:
                raise UserError(
                    self.env._(
                        "Dossier %(dossier)s has no counter prices; check the "
                        "counters of the printer type.",
                        dossier=rental.name,
                    )
                )
            if rental.printer_id.state != "available":
                raise UserError(
                    self.env._(
                        "Printer %(printer)s is not available.",
                        printer=rental.printer_id.display_name,
                    )
                )
            handover = rental._get_reading("handover")
            rental._check_reading_complete(handover, self.env._("handover"))
            rental.write(
                {"state": "active", "date_start": rental.date_start or handover.date}
            )
            rental.printer_id.state = "rented"
        # Surface the one-active-dossier-per-printer index now, not at commit.
        self.flush_model(["state"])
        return True

    def action_close(self):
        """End the rental: needs the pickup reading; frees the printer."""
        for rental in self:
            if rental.state != "active":
                raise UserError(self.env._("Only an active dossier can be closed."))
            pickup = rental._get_reading("pickup")
            rental._check_reading_complete(pickup, self.env._("pickup"))
            rental.write({"state": "closed", "date_end": pickup.date})
            rental.printer_id.state = "available"
        self.flush_model(["state"])
        return True

    def _check_lines_editable(self):
        if any(rental.state != "draft" for rental in self):
            raise UserError(
                self.env._(
                    "The counters of a dossier can only be changed while it is a "
                    "draft; the prices can be changed at any time."
                )
            )

    def _check_active(self):
        for rental in self:
            if rental.state != "active":
                raise UserError(
                    self.env._(
                        "Dossier %(dossier)s is not active: the printer must be "
                        "rented.",
                        dossier=rental.name,
                    )
                )

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------

    def _get_form_action(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "bocp_printer_rental.bocp_rental_action"
        )
        action.update(
            {"res_id": self.id, "view_mode": "form", "views": [(False, "form")]}
        )
        return action

    def _open_reading_wizard(self, mode):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "bocp_printer_rental.bocp_reading_wizard_action"
        )
        action["context"] = {"default_rental_id": self.id, "default_mode": mode}
        return action

    def action_open_activate_wizard(self):
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("Only a draft dossier can be activated."))
        return self._open_reading_wizard("handover")

    def action_open_reading_wizard(self):
        self.ensure_one()
        self._check_active()
        return self._open_reading_wizard("manual")

    def action_open_close_wizard(self):
        self.ensure_one()
        self._check_active()
        return self._open_reading_wizard("pickup")

    def action_new_intervention(self):
        self.ensure_one()
        self._check_active()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "bocp_printer_rental.bocp_intervention_action"
        )
        action.update(
            {
                "view_mode": "form",
                "views": [(False, "form")],
                "context": {"default_rental_id": self.id},
            }
        )
        return action

    def action_view_readings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "bocp_printer_rental.bocp_reading_action"
        )
        action["domain"] = [("rental_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_view_interventions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "bocp_printer_rental.bocp_intervention_action"
        )
        action["domain"] = [("rental_id", "=", self.id)]
        action["context"] = {"default_rental_id": self.id}
        return action
