"""Shared plumbing for the benchmarks in tests/bench (run them with `make bench`).

A benchmark runs Odoo in its own process: it creates a database of its own
(prefix ``bocp_bench_``), measures server time and SQL queries of the operation
it is about next to a baseline measured in the same run, prints a table and
the ratios, and drops the database. Absolute times on a shared machine are
noise; ratios and query counts are what a benchmark reports.
"""

import contextlib
import os
import shutil
import statistics
import time

import odoo
from odoo.modules.registry import Registry
from odoo.service import db as db_service
from odoo.tools import SQL, config


def init_odoo(log_level="warn"):
    """Configure Odoo the way `make bench` asks (odoo.conf + the addons path)."""
    args = ["--no-http", f"--log-level={log_level}"]
    if os.environ.get("BOCP_ODOO_CONF"):
        args += ["-c", os.environ["BOCP_ODOO_CONF"]]
    if os.environ.get("BOCP_ADDONS_PATH"):
        args += [f"--addons-path={os.environ['BOCP_ADDONS_PATH']}"]
    config.parse_config(args)
    config["workers"] = 0


def drop_db(name):
    """Drop a benchmark database (odoo.conf disables Odoo's database manager)."""
    Registry.delete(name)
    odoo.sql_db.close_db(name)
    with odoo.sql_db.db_connect("postgres").cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute(SQL("DROP DATABASE IF EXISTS %s WITH (FORCE)", SQL.identifier(name)))
    shutil.rmtree(config.filestore(name), ignore_errors=True)


def create_db(name, modules, demo=False):
    """A fresh database with `modules` installed; returns its registry."""
    drop_db(name)
    db_service._create_empty_database(name)
    config["init"] = dict.fromkeys(modules, 1)
    config["without_demo"] = not demo
    registry = Registry.new(name, update_module=True)
    config["init"] = {}
    return registry


@contextlib.contextmanager
def environment(registry, user_id=odoo.SUPERUSER_ID, context=None):
    """An environment on a new cursor, committed when the block ends well."""
    with registry.cursor() as cr:
        yield odoo.api.Environment(cr, user_id, context or {})


class Measure:
    """Wall time and SQL queries of a block: ``with Measure() as m: ...``."""

    def __enter__(self):
        self.queries = odoo.sql_db.sql_counter
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started
        self.queries = odoo.sql_db.sql_counter - self.queries
        return False


def median(values):
    return statistics.median(values) if values else float("nan")


def print_table(title, headers, rows):
    """A plain aligned table on stdout."""
    cells = [[str(h) for h in headers]] + [[_fmt(v) for v in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    print(f"\n{title}")
    for index, row in enumerate(cells):
        print("  " + "  ".join(value.rjust(widths[i]) for i, value in enumerate(row)))
        if index == 0:
            print("  " + "  ".join("-" * w for w in widths))


def verdict(goal, ok):
    """The last lines a benchmark prints: one per goal, PASS or MISS."""
    print(f"{'PASS' if ok else 'MISS'}: {goal}")
    return ok


def _fmt(value):
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 100 else f"{value:.0f}"
    return str(value)
