"""Integer64: an integer field stored as a PostgreSQL bigint and kept in the
range of its kind.

Counter indexes and page counts pass 2^31 (a fleet's totals, a 12-digit
counter), where Odoo's Integer (int4) makes PostgreSQL fail with "integer out
of range". The value is checked when it is written, so a typed number outside
the range gets a clear ValidationError naming the field and the range instead
of a database error. Use the ``bocp_integer64`` widget in views so that the web
client accepts more than 2^31 - 1 (its own Integer limit).
"""

from odoo import fields

from .tools.messages import raise_error
from .tools.number_rule import NumberError, check_number


class Integer64(fields.Integer):
    """``fields.Integer`` on an int8 column; ``number_kind`` names the range
    (see ``tools.number_rule.KINDS``), default the whole bigint range;
    ``number_row``, a many2one of the model, names the row in messages
    (e.g. the counter of a reading line)."""

    _column_type = ("int8", "int8")
    number_kind = "int64"
    number_row = None

    def _check_number(self, value, record, values=None):
        if not value:
            return value
        try:
            return check_number(value, self.number_kind)
        except NumberError as error:
            env = record.env
            label = self._description_string(env)
            row = self._row_label(record, values)
            raise_error(env, error, f"{label} ({row})" if row else label)

    def _row_label(self, record, values):
        if not self.number_row:
            return ""
        row_id = (values or {}).get(self.number_row)
        if isinstance(row_id, int):
            comodel = record._fields[self.number_row].comodel_name
            return record.env[comodel].browse(row_id).display_name
        if len(record) == 1:
            return record[self.number_row].display_name or ""
        return ""

    def convert_to_column(self, value, record, values=None, validate=True):
        value = super().convert_to_column(value, record, values, validate)
        return self._check_number(value, record, values) if validate else value

    def convert_to_cache(self, value, record, validate=True):
        value = super().convert_to_cache(value, record, validate)
        if validate and isinstance(value, int):
            return self._check_number(value, record)
        return value
