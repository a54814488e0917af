"""The only places where bocp_emag ends a transaction by itself.

Odoo commits once per request or cron run.  The connector needs more in a few
spots, all in background entry points (crons, jobs) plus the AWB generation:
what eMAG was told (an acknowledged order, an AWB it cannot cancel) must never
be lost because something later in the same run fails.  Every such spot calls
:func:`commit` and says why.
"""

import threading
from contextlib import contextmanager

from odoo.tools import SQL


def in_test():
    """True inside Odoo's tests, which must never commit."""
    return bool(getattr(threading.current_thread(), "testing", False))


def commit(env):
    """Flush, then commit ``env``'s transaction (inside tests: only flush)."""
    env.flush_all()
    if not in_test():
        env.cr.commit()  # pylint: disable=invalid-commit


@contextmanager
def side_cursor(env):
    """A new, short ``READ COMMITTED`` transaction, committed when it exits.

    For bookkeeping that must not wait for, nor roll back with, the business
    transaction: the rate limiter's slots and the log of failed calls.
    ``READ COMMITTED`` because several workers update the same limiter row:
    with Odoo's default ``REPEATABLE READ`` the second one would fail with
    "could not serialize access due to concurrent update" instead of waiting.
    Inside tests the test transaction is used, so nothing leaks out of it.
    """
    if in_test() or env.registry.in_test_mode():
        yield env.cr
        return
    with env.registry.cursor() as cr:
        cr.execute(SQL("SET TRANSACTION ISOLATION LEVEL READ COMMITTED"))
        yield cr
