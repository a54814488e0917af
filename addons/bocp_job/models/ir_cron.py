"""How much of the cron worker's time limits the current round has left.

An Odoo cron worker runs every ready cron of a database in one round, each up
to ten calls in a row, and is killed past ``limit_time_real`` (wall) or
``limit_time_cpu`` for the whole round. A job's cron leaves the round early,
before these limits, and wakes itself for a fresh round.
"""

import threading
import time

from odoo import models
from odoo.tools import config

_round = threading.local()


def round_time_left():
    """Seconds left before the tighter time limit of this cron round, or
    infinity outside a cron round or without limits."""
    started = getattr(_round, "started", None)
    limits = [
        config["limit_time_cpu"],
        config["limit_time_real_cron"]
        if config["limit_time_real_cron"] and config["limit_time_real_cron"] > 0
        else config["limit_time_real"],
    ]
    limits = [limit for limit in limits if limit and limit > 0]
    if started is None or not limits:
        return float("inf")
    return min(limits) - (time.monotonic() - started)


class IrCron(models.Model):
    _inherit = "ir.cron"

    @classmethod
    def _process_job(cls, db, cron_cr, job):
        _round.started = time.monotonic()
        try:
            return super()._process_job(db, cron_cr, job)
        finally:
            _round.started = None
