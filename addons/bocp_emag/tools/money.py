"""eMAG's numbers: strings or numbers, 4-decimal prices, amounts to the ban."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")

# What kind of tax an amount gets besides a VAT rate (see emag_mapper_taxes)
REVERSE_CHARGE = "reverse"  # a line the buyer pays the VAT of (taxare inversă)
NO_TAX = "deposit"  # an SGR deposit: not a supply, outside the scope of VAT
# Who funds an eMAG voucher (``offered_by``, see emag_mapper_vouchers)
SELLER, EMAG = "seller", "emag"


def dec(value):
    """A Decimal from what eMAG sends ("10.0700", 14.99, "", None -> 0)."""
    try:
        return Decimal(str(value if value not in (None, "") else 0))
    except InvalidOperation:
        return Decimal(0)


def money(value):
    return dec(value).quantize(CENT, rounding=ROUND_HALF_UP)


def flag(value):
    """eMAG's 0/1 flags arrive as ints, strings or booleans."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes")
    return bool(value)
