from odoo import api, fields, models

from odoo.addons.bocp_number.fields import Integer64

from .account_move_line import BOCP_KINDS


class BocpProformaLine(models.Model):
    _name = "bocp.proforma.line"
    _description = "Rental Proforma Line"
    _order = "proforma_id, sequence, id"

    proforma_id = fields.Many2one(
        "bocp.proforma", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="proforma_id.company_id", store=True)
    currency_id = fields.Many2one(related="proforma_id.currency_id")
    sequence = fields.Integer(default=10)
    display_type = fields.Selection([("line_note", "Note")])
    product_id = fields.Many2one("product.product")
    name = fields.Text(string="Description", required=True)
    quantity = fields.Float(digits="Product Unit of Measure")
    price_unit = fields.Float(string="Unit Price", digits="Product Price")
    tax_ids = fields.Many2many("account.tax", string="Taxes")
    price_subtotal = fields.Monetary(
        string="Subtotal", compute="_compute_prices", store=True
    )
    price_total = fields.Monetary(string="Total", compute="_compute_prices", store=True)
    rental_id = fields.Many2one("bocp.rental", string="Dossier", index=True)
    kind = fields.Selection(BOCP_KINDS)
    counter_type_id = fields.Many2one("bocp.counter.type", string="Counter")
    pages = Integer64(string="Billed Pages")
    allowance = Integer64(string="Included Pages of the Period")
    allowance_used = Integer64(string="Included Pages Used")
    period_start = fields.Date()
    period_end = fields.Date()
    reading_line_ids = fields.One2many(
        "bocp.reading.line", "proforma_line_id", string="Readings"
    )
    intervention_line_ids = fields.One2many(
        "bocp.intervention.line", "proforma_line_id", string="Interventions"
    )

    @api.depends("quantity", "price_unit", "tax_ids", "display_type")
    def _compute_prices(self):
        for line in self:
            if line.display_type:
                line.price_subtotal = line.price_total = 0.0
                continue
            taxes = line.tax_ids.compute_all(
                line.price_unit,
                currency=line.currency_id,
                quantity=line.quantity,
                product=line.product_id,
                partner=line.proforma_id.partner_id,
            )
            line.price_subtotal = taxes["total_excluded"]
            line.price_total = taxes["total_included"]
