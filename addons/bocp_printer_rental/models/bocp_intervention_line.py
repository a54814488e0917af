from odoo import api, fields, models
from odoo.exceptions import UserError


class BocpInterventionLine(models.Model):
    """One operation of an intervention ("prelucrare"): an intervention type
    from the catalogue or a stock product (toner, part)."""

    _name = "bocp.intervention.line"
    _description = "Intervention Operation"
    _order = "intervention_id, sequence, id"
    _check_company_auto = True

    intervention_id = fields.Many2one(
        "bocp.intervention", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    intervention_type_id = fields.Many2one("bocp.intervention.type", check_company=True)
    product_id = fields.Many2one(
        "product.product",
        compute="_compute_from_type",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        check_company=True,
    )
    name = fields.Char(
        string="Description",
        compute="_compute_from_type",
        store=True,
        readonly=False,
        precompute=True,
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    price_unit = fields.Float(
        string="Unit Price",
        digits="Product Price",
        compute="_compute_price_unit",
        store=True,
        readonly=False,
        precompute=True,
    )
    amount = fields.Monetary(compute="_compute_amount", store=True, aggregator="sum")
    is_billable = fields.Boolean(
        string="Billable",
        compute="_compute_from_type",
        store=True,
        readonly=False,
        precompute=True,
        help="Billable operations are invoiced to the client.",
    )
    cost_amount = fields.Monetary(
        string="Cost",
        readonly=True,
        copy=False,
        aggregator="sum",
        help="Cost of the products used, at their cost price when the "
        "intervention was done.",
    )
    stock_move_id = fields.Many2one("stock.move", readonly=True, copy=False)
    invoice_line_id = fields.Many2one(
        "account.move.line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    proforma_line_id = fields.Many2one(
        "bocp.proforma.line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    is_invoiced = fields.Boolean(
        string="Invoiced", compute="_compute_is_invoiced", search="_search_is_invoiced"
    )
    # Denormalised for reports and billing.
    rental_id = fields.Many2one(
        related="intervention_id.rental_id", store=True, index=True, string="Dossier"
    )
    printer_id = fields.Many2one(
        related="intervention_id.printer_id", store=True, string="Printer"
    )
    partner_id = fields.Many2one(
        related="intervention_id.partner_id", store=True, index=True, string="Client"
    )
    technician_id = fields.Many2one(
        related="intervention_id.technician_id", store=True, string="Technician"
    )
    date = fields.Date(related="intervention_id.date", store=True)
    state = fields.Selection(related="intervention_id.state", store=True)
    company_id = fields.Many2one(related="intervention_id.company_id", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id")

    def write(self, vals):
        if {"product_id", "quantity", "price_unit", "is_billable"} & set(vals):
            billed = self.filtered(
                lambda line: line.invoice_line_id or line.proforma_line_id
            )
            if billed:
                raise UserError(
                    self.env._(
                        "Operation %(operation)s has been invoiced or put on a "
                        "proforma: it cannot be changed any more.",
                        operation=billed[0].name,
                    )
                )
        return super().write(vals)

    @api.depends("intervention_type_id")
    def _compute_from_type(self):
        for line in self:
            itype = line.intervention_type_id
            if itype:
                line.product_id = itype.product_id
                line.name = itype.name
                line.is_billable = itype.is_billable
            else:
                line.product_id = line.product_id
                line.name = line.name or line.product_id.display_name
                # a new free line is billable unless unticked
                line.is_billable = line.is_billable if line._origin.id else True

    @api.onchange("product_id")
    def _onchange_product_id(self):
        if self.product_id and not self.intervention_type_id:
            self.name = self.product_id.display_name

    @api.depends("intervention_type_id", "product_id")
    def _compute_price_unit(self):
        for line in self:
            if line.intervention_type_id:
                line.price_unit = line.intervention_type_id.price
            else:
                line.price_unit = line.product_id.lst_price

    @api.depends("quantity", "price_unit")
    def _compute_amount(self):
        for line in self:
            line.amount = line.quantity * line.price_unit

    @api.depends("invoice_line_id")
    def _compute_is_invoiced(self):
        for line in self:
            line.is_invoiced = bool(line.invoice_line_id)

    def _search_is_invoiced(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on 'Invoiced'."))
        invoiced = (operator == "=") == value
        return [("invoice_line_id", "!=" if invoiced else "=", False)]

    def _set_cost(self):
        for line in self:
            line.cost_amount = line.quantity * line.product_id.standard_price

    def _prepare_stock_move_vals(self, picking_type, location_dest):
        self.ensure_one()
        return {
            "name": self.name or self.product_id.display_name,
            "product_id": self.product_id.id,
            "product_uom_qty": self.quantity,
            "product_uom": self.product_id.uom_id.id,
            "location_id": picking_type.default_location_src_id.id,
            "location_dest_id": location_dest.id,
            "picking_type_id": picking_type.id,
            "company_id": self.company_id.id,
        }
