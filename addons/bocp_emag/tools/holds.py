from odoo.exceptions import UserError


class OrderOnHold(UserError):
    """An eMAG order a person must look at before it is imported.

    Raised where the connector would otherwise have to guess (who pays a
    voucher, a currency the company cannot book, ...): the order is left
    unimported and unacknowledged, with the message and an activity.
    """
