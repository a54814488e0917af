from werkzeug.routing import BaseConverter, ValidationError

from odoo import models

from ..tools.number_rule import NumberError, parse_id


class AsciiIdConverter(BaseConverter):
    """``<bocp_id:name>`` in a route: a record id of ASCII digits in the range
    of Odoo ids. Anything else (a sign, full-width or superscript digits, 40
    digits) does not match the route: 404, and the handler never runs."""

    regex = r"[0-9]{1,10}"

    def to_python(self, value):
        try:
            return parse_id(value, "record_id")
        except NumberError as error:
            raise ValidationError() from error

    def to_url(self, value):
        return str(int(value))


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_converters(cls):
        return dict(super()._get_converters(), bocp_id=AsciiIdConverter)
