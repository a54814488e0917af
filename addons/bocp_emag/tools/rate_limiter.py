"""Rate limiter shared by every Odoo worker of one database.

eMAG counts calls per account: 12 calls/s on ``/order`` routes and 3 calls/s on
everything else (invalid calls included).  Several workers (crons, HTTP
workers, a button clicked by a user) may call eMAG for the same account at the
same time, so the schedule lives in PostgreSQL: one row per (account, bucket)
holds the next free time slot.  Reserving a slot is one atomic ``UPDATE ...
RETURNING`` in its own short ``READ COMMITTED`` transaction (the row lock is
held for milliseconds, never during the HTTP call; a second worker waits for
it and then reads the updated row), then the caller sleeps until its slot.  Slots are spaced evenly, so no window of one second ever holds more than
``rate`` calls, whatever the number of workers.
"""

import time

from odoo.tools import SQL

TABLE = "bocp_emag_rate_slot"


def create_table(cr):
    cr.execute(
        SQL(
            "CREATE TABLE IF NOT EXISTS %s ("
            " key varchar PRIMARY KEY,"
            " next_slot timestamp without time zone NOT NULL)",
            SQL.identifier(TABLE),
        )
    )


class DbRateLimiter:
    """Evenly spaced calls per bucket, the schedule being kept in the database.

    :param cursor_factory: callable returning a context manager that yields a
        cursor in a fresh ``READ COMMITTED`` transaction and commits when it
        exits (see ``transactions.side_cursor``; under ``REPEATABLE READ`` a
        worker waiting for the row would fail instead of taking the next slot)
    :param key: prefix identifying the account (e.g. ``"db:account:7"``)
    :param rates: ``{bucket: calls per second}``
    :param margin: extra spacing (fraction) absorbing network jitter between
        the reservation and the arrival of the request at eMAG
    """

    def __init__(self, cursor_factory, key, rates, margin=0.04, sleep=time.sleep):
        self.cursor_factory = cursor_factory
        self.key = key
        self.rates = dict(rates)
        self.margin = margin
        self.sleep = sleep

    def interval(self, bucket):
        rate = self.rates.get(bucket)
        if not rate:
            return 0.0
        return (1.0 / rate) * (1.0 + self.margin)

    def reserve(self, bucket):
        """Reserve the next slot of ``bucket``; return the seconds to wait for it."""
        interval = self.interval(bucket)
        if not interval:
            return 0.0
        key = f"{self.key}:{bucket}"
        with self.cursor_factory() as cr:
            wait = self._reserve(cr, key, interval)
            if wait is None:
                cr.execute(
                    SQL(
                        "INSERT INTO %s (key, next_slot) VALUES (%s, clock_timestamp())"
                        " ON CONFLICT (key) DO NOTHING",
                        SQL.identifier(TABLE),
                        key,
                    )
                )
                wait = self._reserve(cr, key, interval)
        return max(wait or 0.0, 0.0)

    def _reserve(self, cr, key, interval):
        cr.execute(
            SQL(
                "UPDATE %(table)s"
                "   SET next_slot = GREATEST(next_slot, clock_timestamp())"
                "                   + %(interval)s * interval '1 second'"
                " WHERE key = %(key)s"
                " RETURNING EXTRACT(EPOCH FROM (next_slot"
                "           - %(interval)s * interval '1 second'"
                "           - clock_timestamp()))",
                table=SQL.identifier(TABLE),
                interval=interval,
                key=key,
            )
        )
        row = cr.fetchone()
        return float(row[0]) if row else None

    def acquire(self, bucket):
        """Block until the caller may send one request of ``bucket``."""
        wait = self.reserve(bucket)
        if wait > 0:
            self.sleep(wait)
        return wait
