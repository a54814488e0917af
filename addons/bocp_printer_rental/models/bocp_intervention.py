from odoo import Command, api, fields, models
from odoo.exceptions import UserError

INTERVENTION_STATES = [
    ("draft", "Draft"),
    ("done", "Done"),
    ("cancel", "Cancelled"),
]


class BocpIntervention(models.Model):
    """A technician's intervention on a rented printer ("Intervenție"): one or
    more operations ("prelucrări") and the counter index at the time."""

    _name = "bocp.intervention"
    _description = "Intervention"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number", required=True, copy=False, readonly=True, default="/"
    )
    rental_id = fields.Many2one(
        "bocp.rental",
        string="Dossier",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('state', '=', 'active')]",
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
        required=True, default=fields.Date.context_today, tracking=True, index=True
    )
    technician_id = fields.Many2one(
        "res.users",
        default=lambda self: self.env.user,
        tracking=True,
        index=True,
    )
    state = fields.Selection(
        INTERVENTION_STATES, default="draft", required=True, tracking=True, copy=False
    )
    description = fields.Text()
    line_ids = fields.One2many(
        "bocp.intervention.line", "intervention_id", string="Operations", copy=True
    )
    counter_ids = fields.One2many(
        "bocp.intervention.counter",
        "intervention_id",
        string="Counter Indexes",
        compute="_compute_counter_ids",
        store=True,
        readonly=False,
    )
    reading_id = fields.Many2one("bocp.reading", readonly=True, copy=False)
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        check_company=True,
        default=lambda self: self._default_warehouse(),
        help="Stock products used on the operations leave this warehouse.",
    )
    picking_id = fields.Many2one(
        "stock.picking", string="Delivery", readonly=True, copy=False
    )
    amount_billable = fields.Monetary(
        compute="_compute_amounts", store=True, string="Billable Amount"
    )

    @api.model
    def _default_warehouse(self):
        company = self.env.company
        return company.bocp_warehouse_id or self.env["stock.warehouse"].search(
            [("company_id", "=", company.id)], limit=1
        )

    @api.depends("rental_id")
    def _compute_counter_ids(self):
        Input = self.env["bocp.intervention.counter"]
        for intervention in self:
            rental = intervention.rental_id
            vals_list = Input._prepare_input_lines(
                rental.printer_id, rental.line_ids.counter_type_id
            )
            intervention.counter_ids = [Command.clear()] + [
                Command.create(vals) for vals in vals_list
            ]

    @api.depends("line_ids.amount", "line_ids.is_billable")
    def _compute_amounts(self):
        for intervention in self:
            intervention.amount_billable = sum(
                intervention.line_ids.filtered("is_billable").mapped("amount")
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"]
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = sequence.next_by_code("bocp.intervention") or "/"
        interventions = super().create(vals_list)
        interventions.rental_id._check_active()
        return interventions

    def write(self, vals):
        if "rental_id" in vals and any(i.state != "draft" for i in self):
            raise UserError(
                self.env._("The dossier of a done intervention cannot be changed.")
            )
        res = super().write(vals)
        if "rental_id" in vals:
            self.rental_id._check_active()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(intervention.state == "done" for intervention in self):
            raise UserError(self.env._("A done intervention cannot be deleted."))

    # ------------------------------------------------------------------
    # Confirmation
    # ------------------------------------------------------------------

    def action_done(self):
        """Record the counter reading, take the stock products out of stock."""
        for intervention in self:
            if intervention.state != "draft":
                raise UserError(self.env._("Only a draft intervention can be done."))
            intervention.rental_id._check_active()
            if not intervention.line_ids:
                raise UserError(
                    self.env._("Add at least one operation to the intervention.")
                )
            intervention._record_reading()
            intervention._create_picking()
            intervention.line_ids._set_cost()
        self.write({"state": "done"})
        return True

    def action_cancel(self):
        if any(intervention.state != "draft" for intervention in self):
            raise UserError(self.env._("Only a draft intervention can be cancelled."))
        self.write({"state": "cancel"})
        return True

    def action_draft(self):
        if any(intervention.state != "cancel" for intervention in self):
            raise UserError(self.env._("Only a cancelled intervention can be reset."))
        self.write({"state": "draft"})
        return True

    def _record_reading(self):
        self.ensure_one()
        counters = self.rental_id.line_ids.counter_type_id
        missing = counters - self.counter_ids.counter_type_id
        if missing:
            raise UserError(
                self.env._(
                    "Enter the index of every counter (missing: %(missing)s).",
                    missing=", ".join(missing.mapped("name")),
                )
            )
        self.reading_id = self.rental_id._create_reading(
            "intervention",
            [counter._prepare_reading_line_vals() for counter in self.counter_ids],
            date=self.date,
            intervention_id=self.id,
        )

    def _prepare_picking_vals(self, lines):
        self.ensure_one()
        picking_type = self.warehouse_id.out_type_id
        customers = self.env.ref("stock.stock_location_customers")
        return {
            "picking_type_id": picking_type.id,
            "partner_id": self.partner_id.id,
            "location_id": picking_type.default_location_src_id.id,
            "location_dest_id": customers.id,
            "origin": self.name,
            "company_id": self.company_id.id,
            "move_ids": [
                Command.create(line._prepare_stock_move_vals(picking_type, customers))
                for line in lines
            ],
        }

    def _create_picking(self):
        """Deliver the stock products used (toner, parts) from the warehouse."""
        self.ensure_one()
        lines = self.line_ids.filtered(lambda line: line.product_id.type == "consu")
        if not lines:
            return
        if not self.warehouse_id:
            raise UserError(
                self.env._("Choose the warehouse the stock products are taken from.")
            )
        # Technicians record what they used without needing inventory rights:
        # the delivery only holds this intervention's own lines.
        self.check_access("write")
        picking = (
            self.env["stock.picking"].sudo().create(self._prepare_picking_vals(lines))
        )
        picking.action_confirm()
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.with_context(skip_backorder=True, skip_sms=True)._action_done()
        self.picking_id = picking
        for line, move in zip(lines, picking.move_ids.sorted("id"), strict=True):
            line.stock_move_id = move.id
