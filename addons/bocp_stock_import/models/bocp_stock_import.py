import base64
import hashlib

import psycopg2.errors

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools import columns, table_reader
from ..tools.limits import TableLimits
from .bocp_stock_import_checker import RowChecker
from .bocp_stock_import_line import result_differs
from .bocp_stock_import_receipt import ReceiptBuilder


class BocpStockImport(models.Model):
    """An initial-stock import: a table checked line by line, then received.

    draft: the table is pasted or uploaded, lines are checked and corrected;
    checked: no line has an error, the import can be confirmed;
    confirming: a large import is being received in the background (bocp_job);
    done: products were created and one validated receipt brought the stock.
    """

    _name = "bocp.stock.import"
    _description = "Stock Import"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        "Reference", required=True, readonly=True, copy=False, default="/"
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("checked", "Checked"),
            ("confirming", "Confirming"),
            ("done", "Done"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        required=True,
        check_company=True,
        default=lambda self: self._default_warehouse(),
        help="The store room (magazie) receiving the stock.",
    )
    location_id = fields.Many2one(
        "stock.location",
        "Sub-location",
        required=True,
        check_company=True,
        compute="_compute_location_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('usage', '=', 'internal'), ('warehouse_id', '=', warehouse_id)]",
        help="Internal location of the warehouse receiving the stock (subgestiune).",
    )
    categ_id = fields.Many2one(
        "product.category",
        "Category for New Products",
        required=True,
        default=lambda self: self.env.ref(
            "product.product_category_all", raise_if_not_found=False
        ),
    )
    accounting_date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        help="Date of the stock valuation entries.",
    )
    number_format = fields.Selection(
        [("ro", "1.234,56"), ("en", "1,234.56")],
        required=True,
        default=lambda self: self._default_number_format(),
        help="How numbers written as text are read. Numeric spreadsheet cells are "
        "read as they are.",
    )
    create_products = fields.Boolean(
        "Create Products for New Codes",
        help="Rows whose product is not found become new storable products in the "
        "chosen category. Unticked, such rows are errors.",
    )
    paste_data = fields.Text(
        "Pasted Table",
        help="Copy the table in the spreadsheet (Ctrl+C) and paste it here (Ctrl+V), "
        "header row included.",
    )
    data_file = fields.Binary("File", attachment=True, copy=False)
    data_filename = fields.Char("File Name", copy=False)
    source_info = fields.Char("Read From", readonly=True, copy=False)
    source_signature = fields.Char(readonly=True, copy=False)
    table_warning = fields.Text(readonly=True, copy=False)
    check_message = fields.Text("Import Blocked", readonly=True, copy=False)
    fingerprint = fields.Char(readonly=True, copy=False, index=True)
    line_ids = fields.One2many(
        "bocp.stock.import.line", "import_id", "Rows", copy=False
    )
    line_count = fields.Integer("Rows Count", compute="_compute_totals")
    error_count = fields.Integer("Errors", compute="_compute_totals")
    new_product_count = fields.Integer("New Products", compute="_compute_totals")
    total_quantity = fields.Float(
        digits="Product Unit of Measure", compute="_compute_totals"
    )
    total_value = fields.Monetary("Stock Value", compute="_compute_totals")
    picking_id = fields.Many2one(
        "stock.picking", "Receipt", readonly=True, copy=False, check_company=True
    )
    confirm_date = fields.Datetime("Confirmed On", readonly=True, copy=False)
    confirm_uid = fields.Many2one(
        "res.users", "Confirmed By", readonly=True, copy=False
    )

    # ------------------------------------------------------------------
    # Defaults, computes, constraints
    # ------------------------------------------------------------------
    @api.model
    def _default_warehouse(self):
        return self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )

    @api.model
    def _default_number_format(self):
        lang = self.env["res.lang"]._get_data(code=self.env.user.lang or "en_US")
        return "ro" if lang and lang.decimal_point == "," else "en"

    @api.depends("warehouse_id")
    def _compute_location_id(self):
        for record in self:
            if record.location_id.warehouse_id != record.warehouse_id:
                record.location_id = record.warehouse_id.lot_stock_id

    @api.model
    def _total_fields(self):
        return [
            "line_count",
            "error_count",
            "new_product_count",
            "total_quantity",
            "total_value",
        ]

    @api.depends("line_ids.status", "line_ids.quantity", "line_ids.value")
    def _compute_totals(self):
        groups = self.env["bocp.stock.import.line"]._read_group(
            [("import_id", "in", self.ids)],
            ["import_id", "status"],
            ["__count", "quantity:sum", "value:sum"],
        )
        totals = {}
        for stock_import, status, count, quantity, value in groups:
            total = totals.setdefault(
                stock_import.id, dict.fromkeys(("n", "err", "new", "q", "v"), 0)
            )
            total["n"] += count
            total["err"] += count if status == "error" else 0
            total["new"] += count if status == "new" else 0
            total["q"] += quantity
            total["v"] += value
        for record in self:
            total = totals.get(
                record.id, dict.fromkeys(("n", "err", "new", "q", "v"), 0)
            )
            record.line_count = total["n"]
            record.error_count = total["err"]
            record.new_product_count = total["new"]
            record.total_quantity = total["q"]
            record.total_value = total["v"]

    @api.constrains("location_id", "warehouse_id")
    def _check_location(self):
        for record in self:
            location = record.location_id
            if (
                location.usage != "internal"
                or location.warehouse_id != record.warehouse_id
            ):
                raise ValidationError(
                    self.env._(
                        "The sub-location %(location)s must be an internal location "
                        "of warehouse %(warehouse)s.",
                        location=location.display_name,
                        warehouse=record.warehouse_id.display_name,
                    )
                )

    def init(self):
        # A table may be received only once per company: the guard that holds
        # even when two users confirm two copies of the same table at once, or
        # one is confirmed while the other is still being received.
        self.env.cr.execute(
            SQL("DROP INDEX IF EXISTS bocp_stock_import_done_fingerprint_uniq")
        )
        self.env.cr.execute(
            SQL(
                """CREATE UNIQUE INDEX IF NOT EXISTS bocp_stock_import_received_fingerprint_uniq
                   ON bocp_stock_import (company_id, fingerprint)
                   WHERE state IN ('confirming', 'done')"""
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = (
                    self.env["ir.sequence"]
                    .with_company(company)
                    .next_by_code("bocp.stock.import")
                    or "/"
                )
        return super().create(vals_list)

    def write(self, vals):
        if "state" not in vals and set(vals) & self._fields_resetting_check():
            self._back_to_draft()
        return super().write(vals)

    @api.model
    def _fields_resetting_check(self):
        return {
            "warehouse_id",
            "location_id",
            "categ_id",
            "number_format",
            "create_products",
            "paste_data",
            "data_file",
            "company_id",
        }

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        if any(record.state == "done" for record in self):
            raise UserError(
                self.env._("A confirmed import cannot be deleted: it brought stock in.")
            )

    def _back_to_draft(self):
        """Any change after the check asks for a new check."""
        done = self.filtered(lambda r: r.state in ("confirming", "done"))
        if done:
            raise UserError(
                self.env._(
                    "Import %(name)s is confirmed and can no longer be changed.",
                    name=done[0].name,
                )
            )
        checked = self.filtered(lambda r: r.state == "checked")
        if checked:
            checked.write({"state": "draft"})

    # ------------------------------------------------------------------
    # Reading the table
    # ------------------------------------------------------------------
    def _source_signature(self):
        self.ensure_one()
        digest = hashlib.sha256()
        digest.update((self.number_format or "").encode())
        if self.data_file:
            digest.update(base64.b64decode(self.data_file))
        else:
            digest.update((self.paste_data or "").encode())
        return digest.hexdigest()

    def _read_source(self):
        """Read the pasted text or the file into raw rows (header first)."""
        self.ensure_one()
        _ = self.env._
        if self.data_file and (self.paste_data or "").strip():
            raise UserError(
                _("Give either a pasted table or a file, not both: clear one of them.")
            )
        limits = self._table_limits()
        try:
            if self.data_file:
                if self._data_file_size() > limits.file_bytes:
                    raise table_reader.TableError("file_size", limit=limits.file_mb)
                table = table_reader.read_file(
                    base64.b64decode(self.data_file), self.data_filename, limits
                )
            elif (self.paste_data or "").strip():
                table = table_reader.read_text(self.paste_data, limits=limits)
            else:
                raise UserError(_("Paste the table or upload a file first."))
        except table_reader.TableError as error:
            raise UserError(self._table_error_message(error)) from error
        if len(table.rows) < 2:
            raise UserError(_("The table needs a header row and at least one row."))
        return table

    @api.model
    def _table_limits(self):
        """The limits of a table, from the settings (see tools/limits.py)."""
        get_param = self.env["ir.config_parameter"].sudo().get_param
        return TableLimits.from_parameters(get_param)

    def _data_file_size(self):
        """Size of the uploaded file, read from its attachment (not loaded)."""
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_field", "=", "data_file"),
                    ("res_id", "=", self.id),
                ],
                limit=1,
            )
        )
        if attachment:
            return attachment.file_size
        return len(self.data_file or b"") * 3 // 4

    def _table_error_message(self, error):
        _ = self.env._
        params = error.params
        messages = {
            "bad_file": lambda: _(
                "The file is damaged or is not a real .%(kind)s file: save it again "
                "from the spreadsheet as .xlsx, .xls or .csv.",
                kind=params.get("kind") or "xlsx",
            ),
            "file_size": lambda: _(
                "The file (or the pasted text) is larger than %(limit)s MB, the "
                "limit set for stock imports: split the table.",
                limit=params["limit"],
            ),
            "unpacked_size": lambda: _(
                "The .xlsx file unpacks to more than %(limit)s MB, the limit set "
                "for stock imports: it was refused before reading. Split the table.",
                limit=params["limit"],
            ),
            "ratio": lambda: _(
                "The .xlsx file was refused before reading: its part %(member)s "
                "unpacks to %(ratio)s times its packed size (at most %(limit)s), "
                "which real spreadsheets never do.",
                member=params["member"],
                ratio=params["ratio"],
                limit=params["limit"],
            ),
            "rows": lambda: _(
                "The table has more than %(limit)s rows, the limit set for stock "
                "imports: split it into several imports.",
                limit=params["limit"],
            ),
            "columns": lambda: _(
                "Row %(row)s has cells beyond column %(limit)s, the limit set for "
                "stock imports: remove the extra columns.",
                row=params["row"],
                limit=params["limit"],
            ),
            "cell": lambda: _(
                "Row %(row)s, column %(column)s: the cell holds more than "
                "%(limit)s characters, the limit set for stock imports.",
                row=params["row"],
                column=params["column"],
                limit=params["limit"],
            ),
        }
        return messages[error.key]()

    def _map_table(self, table):
        """Header → fields; returns the row dicts and the warnings to show."""
        _ = self.env._
        header = columns.map_header(table.rows[0])
        if header.duplicates:
            raise UserError(
                _(
                    "Columns given twice: %(columns)s.",
                    columns=", ".join(header.duplicates),
                )
            )
        needed = {"quantity_text", "cost_text"}
        if not needed <= set(header.fields) or not {"default_code", "name"} & set(
            header.fields
        ):
            raise UserError(
                _(
                    "The first row must be the header, with at least the columns "
                    "%(columns)s. Columns found: %(found)s.",
                    columns=_("Product code or Name, Quantity, Unit cost"),
                    found=", ".join(str(c) for c in table.rows[0] if c) or "-",
                )
            )
        rows = []
        for number, row in enumerate(table.rows[1:], start=2):
            values = dict.fromkeys(columns.FIELDS, "")
            values.update(columns.row_to_values(row, header, self.number_format))
            values["sequence"] = number
            rows.append(values)
        warning = False
        if header.unknown:
            warning = _(
                "Columns not recognised (ignored): %(columns)s.",
                columns=", ".join(header.unknown),
            )
        return rows, warning

    def _source_description(self, table, count):
        _ = self.env._
        if table.kind == "paste":
            return _("Pasted table: %(rows)s rows", rows=count)
        if table.kind == "csv":
            return _(
                "File %(file)s: %(rows)s rows, encoding %(encoding)s, separator %(sep)s",
                file=self.data_filename or "",
                rows=count,
                encoding=table.encoding,
                sep=table_reader.SEPARATOR_NAMES.get(table.separator, table.separator),
            )
        return _(
            "File %(file)s: %(rows)s rows", file=self.data_filename or "", rows=count
        )

    def _load_table(self):
        """(Re)create the lines from the source, already checked."""
        self.ensure_one()
        table = self._read_source()
        rows, warning = self._map_table(table)
        results = RowChecker(self).check(rows)
        Line = self.env["bocp.stock.import.line"]
        self.line_ids.unlink()
        Line._bulk_insert(self, rows, results)
        self.write(
            {
                "source_signature": self._source_signature(),
                "source_info": self._source_description(table, len(rows)),
                "table_warning": warning,
            }
        )
        return rows, results

    # ------------------------------------------------------------------
    # Check
    # ------------------------------------------------------------------
    def action_check(self):
        """Read the table if it changed, then check every line.

        Corrections made in the lines are kept as long as the pasted text or
        the file stays the same.
        """
        self.ensure_one()
        self.check_access("write")
        self._ensure_editable()
        if self._check_in_background():
            return self._job_action(self._queue_check())
        if not self.bocp_job_busy:
            self.sudo().bocp_job_id = False  # an earlier job's failure is stale now
        self._check_now()
        return True

    def _check_now(self):
        if not self.line_ids or self.source_signature != self._source_signature():
            rows, results = self._load_table()
        else:
            rows, results = self._recheck_lines()
        self._finish_check(rows, results)

    def _ensure_editable(self):
        if self.state == "confirming":
            raise UserError(
                self.env._(
                    "Import %(name)s is being confirmed in the background.",
                    name=self.name,
                )
            )
        if self.state == "done":
            raise UserError(
                self.env._("Import %(name)s is already confirmed.", name=self.name)
            )

    def _recheck_lines(self):
        """Check the stored rows again; only the rows whose result changed are written.

        Returns the rows as dicts holding their new results.
        """
        Line = self.env["bocp.stock.import.line"]
        rows = Line._bulk_read(self)
        results = RowChecker(self).check(rows)
        Line._bulk_update(
            self,
            [
                (row["id"], result)
                for row, result in zip(rows, results, strict=True)
                if result_differs(row, result)
            ],
        )
        for row, result in zip(rows, results, strict=True):
            row.update(result)
        return rows, results

    def _finish_check(self, rows, results):
        fingerprint = RowChecker(self).fingerprint(results, rows)
        earlier = self._find_done_import(fingerprint)
        message = earlier and self._already_imported_message(earlier)
        has_errors = message or any(r["status"] == "error" for r in results)
        self.write(
            {
                "fingerprint": fingerprint,
                "check_message": message or False,
                "state": "draft" if has_errors else "checked",
            }
        )

    def _find_done_import(self, fingerprint):
        return self.sudo().search(
            [
                ("company_id", "=", self.company_id.id),
                ("fingerprint", "=", fingerprint),
                ("state", "in", ("confirming", "done")),
                ("id", "!=", self.id),
            ],
            limit=1,
        )

    def _already_imported_message(self, earlier):
        return self.env._(
            "This table was already imported by %(name)s on %(date)s (%(user)s): "
            "importing it again would double the stock.",
            name=earlier.name,
            date=fields.Datetime.to_string(earlier.confirm_date),
            user=earlier.confirm_uid.name or "",
        )

    # ------------------------------------------------------------------
    # Confirm
    # ------------------------------------------------------------------
    def action_confirm(self):
        """Create the new products and one validated receipt, all or nothing."""
        self.ensure_one()
        self.check_access("write")
        self._lock_for_confirm()
        if self._confirm_in_background():
            return self._job_action(self._confirm_queued())
        rows, results = self._recheck_lines()
        self._finish_check(rows, results)
        if self.state != "checked":
            return self._notify_errors_found()
        try:
            with self.env.cr.savepoint():
                self._do_confirm(rows)
        except psycopg2.errors.UniqueViolation as error:
            self.env.invalidate_all()
            raise UserError(self._already_imported_error()) from error
        except Exception:
            self.env.invalidate_all()
            raise
        return True

    def _confirm_queued(self):
        try:
            with self.env.cr.savepoint():
                return self._queue_confirm()
        except psycopg2.errors.UniqueViolation as error:
            self.env.invalidate_all()
            raise UserError(self._already_imported_error()) from error

    def _already_imported_error(self):
        return self.env._(
            "This table has just been imported by another user: importing it "
            "again would double the stock. Reload the page."
        )

    def _lock_for_confirm(self):
        """Row lock + state check: a double click or two users confirm once."""
        _ = self.env._
        self.env.cr.execute(
            SQL(
                "SELECT id FROM bocp_stock_import WHERE id = %s FOR UPDATE SKIP LOCKED",
                self.id,
            )
        )
        if not self.env.cr.fetchone():
            raise UserError(
                _(
                    "Import %(name)s is being confirmed right now (a second click or "
                    "another user). Wait a moment and reload the page.",
                    name=self.name,
                )
            )
        self.invalidate_recordset(["state"])
        if self.state == "done":
            raise UserError(_("Import %(name)s is already confirmed.", name=self.name))
        if self.state == "confirming":
            raise UserError(
                _(
                    "Import %(name)s is being confirmed in the background.",
                    name=self.name,
                )
            )
        if self.state != "checked":
            raise UserError(
                _("Check the table and correct every error before confirming.")
            )

    def _notify_errors_found(self):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "sticky": True,
                "message": self.env._(
                    "The check found errors that appeared since the last check; "
                    "correct them and check again."
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _do_confirm(self, rows):
        self._do_confirm_done(ReceiptBuilder(self, rows).run())

    def _do_confirm_done(self, picking):
        self.write(
            {
                "state": "done",
                "picking_id": picking.id,
                "confirm_date": fields.Datetime.now(),
                "confirm_uid": self.env.uid,
            }
        )
        self.flush_recordset()
        self.message_post(
            body=self.env._(
                "Imported %(rows)s rows (%(new)s new products) into %(location)s with "
                "receipt %(receipt)s.",
                rows=self.line_count,
                new=self.new_product_count,
                location=self.location_id.display_name,
                receipt=picking.name,
            )
        )

    def _purchase_taxes_by_rate(self):
        return RowChecker(self)._tax_index("purchase")

    # ------------------------------------------------------------------
    # Navigation
    # ------------------------------------------------------------------
    def action_open_picking(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking",
            "res_id": self.picking_id.id,
            "views": [(False, "form")],
        }

    def action_view_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "bocp_stock_import.bocp_stock_import_line_action"
        )
        action["domain"] = [("import_id", "=", self.id)]
        action["context"] = {
            "default_import_id": self.id,
            "search_default_filter_error": bool(self.error_count),
        }
        return action

    def action_view_products(self):
        self.ensure_one()
        products = self.line_ids.filtered("product_created").product_id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Created Products"),
            "res_model": "product.product",
            "domain": [("id", "in", products.ids)],
            "views": [(False, "list"), (False, "form")],
        }

    @api.model
    def _template_columns(self):
        """(field key, header label, column width) of the downloadable table."""
        _ = self.env._
        return [
            ("default_code", _("Product code"), 16),
            ("name", _("Name"), 40),
            ("barcode", _("Barcode"), 16),
            ("uom_name", _("UoM"), 8),
            ("quantity_text", _("Quantity"), 12),
            ("cost_text", _("Unit price (cost, excl. VAT)"), 26),
            ("sale_price_text", _("Sale price"), 12),
            ("vat_text", _("VAT rate"), 10),
            ("lot_name", _("Lot/Serial (optional)"), 20),
            ("tracking_text", _("Tracking (lot/serial, new products)"), 16),
        ]

    def action_download_template(self):
        self.ensure_one()
        fmt = self.env.context.get("template_format", "xlsx")
        return {
            "type": "ir.actions.act_url",
            "url": f"/bocp_stock_import/template.{fmt}",
            "target": "download",
        }
