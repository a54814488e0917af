from odoo import api, fields, models


class BocpRentalLine(models.Model):
    """Agreed price per page of one counter in a rental dossier."""

    _name = "bocp.rental.line"
    _description = "Rental Dossier Counter Price"
    _order = "rental_id, sequence, id"

    rental_id = fields.Many2one(
        "bocp.rental", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="rental_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    counter_type_id = fields.Many2one(
        "bocp.counter.type", string="Counter", required=True
    )
    price = fields.Float(string="Price per Page", digits="Price per Page")
    included_pages = fields.Integer(
        string="Included Pages per Period",
        help="Optional pages of this counter included in every billing period: "
        "only the pages above are billed at the price per page.",
    )

    _sql_constraints = [
        (
            "rental_counter_unique",
            "unique(rental_id, counter_type_id)",
            "A dossier has only one price per counter.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.rental_id._check_lines_editable()
        return lines

    def write(self, vals):
        if "counter_type_id" in vals or "rental_id" in vals:
            self.rental_id._check_lines_editable()
        res = super().write(vals)
        if "price" in vals:
            self._propagate_price()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        self.rental_id._check_lines_editable()

    def _propagate_price(self):
        """A new agreed price applies to the pages not invoiced yet."""
        ReadingLine = self.env["bocp.reading.line"]
        for line in self:
            ReadingLine.search(
                [
                    ("rental_id", "=", line.rental_id.id),
                    ("counter_type_id", "=", line.counter_type_id.id),
                    ("invoice_line_id", "=", False),
                    ("proforma_line_id", "=", False),
                ]
            ).write({"price_unit": line.price})
