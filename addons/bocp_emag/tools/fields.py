from odoo import fields


class BigInteger(fields.Integer):
    """An integer stored as PostgreSQL ``bigint``.

    eMAG order ids are documented as uint32 and ids above 2**31 are seen live:
    Odoo's ``Integer`` (int4) would overflow.
    """

    _column_type = ("int8", "int8")
