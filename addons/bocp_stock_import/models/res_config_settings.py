from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.limits import TableLimits

DEFAULTS = TableLimits()


def _limit_field(name, string, help_text):
    return fields.Integer(
        string,
        config_parameter=TableLimits.parameter_key(name),
        default=getattr(DEFAULTS, name),
        help=help_text,
    )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    bocp_stock_import_limit_file_mb = _limit_field(
        "file_mb",
        "Largest Table File (MB)",
        "Largest file (or pasted text) a stock import reads.",
    )
    bocp_stock_import_limit_unpacked_mb = _limit_field(
        "unpacked_mb",
        "Largest Unpacked .xlsx (MB)",
        "An .xlsx is a zip archive: the total size of its unpacked parts, "
        "checked before reading.",
    )
    bocp_stock_import_limit_ratio = _limit_field(
        "ratio",
        "Largest .xlsx Compression Ratio",
        "Unpacked size / packed size of a part of an .xlsx (a 'zip bomb' goes "
        "far beyond what a spreadsheet does), checked before reading.",
    )
    bocp_stock_import_limit_rows = _limit_field(
        "rows", "Most Table Rows", "Rows of a stock table, header included."
    )
    bocp_stock_import_limit_columns = _limit_field(
        "columns", "Most Table Columns", "Columns up to the last filled cell of a row."
    )
    bocp_stock_import_limit_cell_chars = _limit_field(
        "cell_chars", "Longest Cell (characters)", "Characters in one cell."
    )

    @api.constrains(
        "bocp_stock_import_limit_file_mb",
        "bocp_stock_import_limit_unpacked_mb",
        "bocp_stock_import_limit_ratio",
        "bocp_stock_import_limit_rows",
        "bocp_stock_import_limit_columns",
        "bocp_stock_import_limit_cell_chars",
    )
    def _check_bocp_stock_import_limits(self):
        for settings in self:
            for name in self._bocp_stock_import_limit_fields():
                if settings[name] <= 0:
                    raise ValidationError(
                        self.env._(
                            "The limits of stock imports must be positive numbers."
                        )
                    )

    @api.model
    def _bocp_stock_import_limit_fields(self):
        return [
            name for name in self._fields if name.startswith("bocp_stock_import_limit_")
        ]
