from decimal import Decimal

from odoo import api, fields, models
from odoo.tools import SQL, split_every

from ..tools.columns import FIELDS
from ..tools.values import clean_text

BULK_SIZE = 5000
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
    tracking_text = fields.Char(
        "Tracking (as typed)",
        help="For a new product: 'lot' or 'serial' (Romanian 'serie'). Empty: "
        "tracked by lots when the row has a lot, else not tracked.",
    )

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
    product_id = fields.Many2one(
        "product.product", readonly=True, index="btree_not_null"
    )
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
        last = self.search(
            [("import_id", "=", import_id)], order="sequence desc", limit=1
        )
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

    # ------------------------------------------------------------------
    # Bulk access: a table has up to tens of thousands of rows. They are
    # staging data (no stored field depends on them), so they are inserted,
    # read and updated in a few statements instead of one ORM call per row.
    # ------------------------------------------------------------------
    @api.model
    def _bulk_insert(self, stock_import, rows, results):
        """Insert the checked rows of a freshly read table.

        One statement per 5000 rows: each column travels as one array
        parameter and ``unnest`` turns the arrays back into rows. The rows
        take the company of their import, which the user may write: what
        the record rules would check on an ORM create.
        """
        self.check_access("create")
        stock_import.check_access("write")
        self.flush_model()
        now = self.env.cr.now()
        for chunk in split_every(BULK_SIZE, zip(rows, results, strict=True)):
            columns = {
                "import_id": [stock_import.id] * len(chunk),
                "company_id": [stock_import.company_id.id] * len(chunk),
                "sequence": [row["sequence"] for row, _result in chunk],
                "create_uid": [self.env.uid] * len(chunk),
                "create_date": [now] * len(chunk),
                "write_uid": [self.env.uid] * len(chunk),
                "write_date": [now] * len(chunk),
            }
            for key in FIELDS:
                columns[key] = [row.get(key) or None for row, _result in chunk]
            for key in RESULT_FIELDS:
                columns[key] = [_to_db(result[key]) for _row, result in chunk]
            self.env.cr.execute(
                SQL(
                    "INSERT INTO bocp_stock_import_line (%s) SELECT * FROM unnest(%s)",
                    SQL(", ").join(SQL.identifier(name) for name in columns),
                    SQL(", ").join(
                        self._sql_array(name, values)
                        for name, values in columns.items()
                    ),
                )
            )
        self._invalidate_after_sql()

    def _sql_array(self, fname, values):
        """``%s::type[]``: a column of values as one typed array parameter."""
        column_type = self._fields[fname].column_type[1]
        return SQL("%s::%s[]", values, SQL(column_type))

    @api.model
    def _bulk_read(self, stock_import):
        """The rows of an import as dicts: id, raw cells and check results."""
        stock_import.check_access("read")
        self.flush_model()
        columns = ["id", "sequence", *FIELDS, *RESULT_FIELDS, "product_created"]
        self.env.cr.execute(
            SQL(
                "SELECT %s FROM bocp_stock_import_line WHERE import_id = %s "
                "ORDER BY sequence, id",
                SQL(", ").join(SQL.identifier(column) for column in columns),
                stock_import.id,
            )
        )
        rows = []
        for record in self.env.cr.fetchall():
            row = dict(zip(columns, record, strict=True))
            for key in FIELDS:
                row[key] = row[key] or ""
            for key in RESULT_FIELDS:
                row[key] = _from_db(row[key])
            rows.append(row)
        return rows

    @api.model
    def _bulk_update(self, stock_import, changes):
        """Write [(line id, {field: value})] on rows of ``stock_import``.

        All dicts have the same keys. Only rows of that import (which the user
        may write) are touched, whatever ids are given.
        """
        if not changes:
            return
        self.check_access("write")
        stock_import.check_access("write")
        fnames = sorted(changes[0][1])
        # pending ORM writes first, or a later flush would overwrite this update
        self.flush_model(fnames)
        assignments = SQL(", ").join(
            SQL("%s = v.%s", SQL.identifier(fname), SQL.identifier(fname))
            for fname in fnames
        )
        for chunk in split_every(BULK_SIZE, changes):
            arrays = [self._sql_array("id", [line_id for line_id, _vals in chunk])]
            arrays += [
                self._sql_array(fname, [_to_db(vals[fname]) for _id, vals in chunk])
                for fname in fnames
            ]
            self.env.cr.execute(
                SQL(
                    "UPDATE bocp_stock_import_line AS l SET %s, write_uid = %s, "
                    "write_date = %s FROM unnest(%s) AS v(id, %s) "
                    "WHERE l.id = v.id AND l.import_id = %s",
                    assignments,
                    self.env.uid,
                    self.env.cr.now(),
                    SQL(", ").join(arrays),
                    SQL(", ").join(SQL.identifier(fname) for fname in fnames),
                    stock_import.id,
                )
            )
        self._invalidate_after_sql()

    def _invalidate_after_sql(self):
        """The SQL above bypassed the ORM: drop what the cache holds of rows
        and of the totals computed from them (nothing pending: flushed before)."""
        self.invalidate_model()
        self.env["bocp.stock.import"].invalidate_model(
            ["line_ids", *self.env["bocp.stock.import"]._total_fields()]
        )


def _to_db(value):
    """ORM-style value (False for empty) to a SQL parameter."""
    return None if value is False else value


def _from_db(value):
    if value is None:
        return False
    if isinstance(value, Decimal):
        return float(value)
    return value


def result_differs(row, result):
    """True when the stored results of a row differ from a new check."""
    return any(
        (row.get(key) or False) != (result.get(key) or False) for key in RESULT_FIELDS
    )
