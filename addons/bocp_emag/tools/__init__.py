from .emag_client import (
    EmagAuthError,
    EmagClient,
    EmagError,
    EmagIpError,
    EmagRateLimitError,
    EmagServerError,
    EmagApiError,
)
from .rate_limiter import DbRateLimiter
from .fields import BigInteger
from .transactions import commit, in_test, side_cursor
from .records import find_by_token, upsert
from .money import EMAG, NO_TAX, REVERSE_CHARGE, SELLER, dec, flag, money
from .holds import OrderOnHold
