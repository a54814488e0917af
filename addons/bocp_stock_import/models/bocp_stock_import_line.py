from odoo import api, fields, models

from ..tools.columns import FIELDS
from ..tools.values import clean_text

RESULT_FIELDS = (
    "status",
    "message",
    "product_id",
    "uom_id",
    "tax_id",
    "tracking",
    "quantity",
    "cost",
    "sale_price",
    "vat_rate",
    "value",
)


class BocpStockImportLine(models.Model):
    """One row of the table: the cells as typed, and what the check made of them.

    The raw cells are plain text so that a wrong value can be corrected in
    place; the parsed values are written only by the check.
    """

    _name = "bocp.stock.import.line"
    _description = "Stock Import Row"
    _order = "import_id, sequence, id"

    import_id = fields.Many2one(
        "bocp.stock.import", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="import_id.company_id", store=True)
    state = fields.Selection(related="import_id.state")
    currency_id = fields.Many2one(related="import_id.currency_id")
    sequence = fields.Integer("Row", help="Row number in the table (header = 1).")

    # The cells, as typed in the table
    default_code = fields.Char("Product Code")
    name = fields.Char("Product Name")
    barcode = fields.Char()
    uom_name = fields.Char("Unit")
    quantity_text = fields.Char("Quantity (as typed)")
    cost_text = fields.Char("Unit Cost (as typed)")
    sale_price_text = fields.Char("Sale Price (as typed)")
    vat_text = fields.Char("VAT Rate (as typed)")
    lot_name = fields.Char("Lot/Serial")

    # What the check found
    status = fields.Selection(
        [
            ("existing", "Existing product"),
            ("new", "New product"),
            ("error", "Error"),
        ],
        readonly=True,
        index=True,
    )
    message = fields.Char(readonly=True)
    product_id = fields.Many2one("product.product", readonly=True, index="btree_not_null")
    product_created = fields.Boolean(
        readonly=True, help="The product was created by this import."
    )
    uom_id = fields.Many2one("uom.uom", "Unit of Measure", readonly=True)
    tax_id = fields.Many2one("account.tax", "Sales Tax", readonly=True)
    tracking = fields.Selection(
        [("none", "No tracking"), ("lot", "By lots"), ("serial", "By serial numbers")],
        readonly=True,
    )
    quantity = fields.Float(digits="Product Unit of Measure", readonly=True)
    cost = fields.Float("Unit Cost", digits="Product Price", readonly=True)
    sale_price = fields.Float(digits="Product Price", readonly=True)
    vat_rate = fields.Float("VAT Rate (%)", readonly=True)
    value = fields.Monetary("Stock Value", readonly=True)
    qty_available = fields.Float(
        "On Hand Now",
        related="product_id.qty_available",
        help="Quantity already in stock for the product, in all locations.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._clean_cells(vals) for vals in vals_list]
        imports = self.env["bocp.stock.import"].browse(
            {vals["import_id"] for vals in vals_list if vals.get("import_id")}
        )
        imports._back_to_draft()
        for vals in vals_list:
            if not vals.get("sequence") and vals.get("import_id"):
                vals["sequence"] = self._next_sequence(vals["import_id"])
        return super().create(vals_list)

    @api.model
    def _next_sequence(self, import_id):
        last = self.search([("import_id", "=", import_id)], order="sequence desc", limit=1)
        return (last.sequence or 1) + 1

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        self.import_id._back_to_draft()

    def write(self, vals):
        vals = self._clean_cells(vals)
        if any(key in vals for key in FIELDS):
            self.import_id._back_to_draft()
        return super().write(vals)

    @api.model
    def _clean_cells(self, vals):
        """Strip cells and turn cedilla ş/ţ into comma-below ș/ț."""
        return {
            key: clean_text(value) if key in FIELDS and value else value
            for key, value in vals.items()
        }

    def _get_cells(self):
        """The raw cells of the rows as plain dicts (input of the check)."""
        return [
            dict({key: line[key] or "" for key in FIELDS}, sequence=line.sequence)
            for line in self
        ]

    def _result_differs(self, result):
        self.ensure_one()
        for key in RESULT_FIELDS:
            current = self[key]
            if isinstance(current, models.BaseModel):
                current = current.id
            if (current or False) != (result.get(key) or False):
                return True
        return False
