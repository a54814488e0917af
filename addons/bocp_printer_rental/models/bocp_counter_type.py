from odoo import fields, models


class BocpCounterType(models.Model):
    """A kind of counter a printer can have (B/W, colour, fax, copy, scan)."""

    _name = "bocp.counter.type"
    _description = "Printer Counter Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Short technical code, e.g. BW or COLOR, unique across counter types.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    product_id = fields.Many2one(
        "product.product",
        string="Invoicing Product",
        domain=[("type", "=", "service")],
        help="Service product used on invoice lines for the pages of this counter: "
        "its taxes and income account apply.",
    )
    default_price = fields.Float(
        string="Default Price per Page",
        digits="Price per Page",
        help="Price per page used when neither the client nor the printer has one.",
    )

    _sql_constraints = [
        (
            "code_unique",
            "unique(code)",
            "A counter type with this code already exists.",
        ),
    ]
