"""Benchmark of bocp_stock_import (issue 5).

One database with bocp_stock_import and base_import. A table of N rows (half
existing products, half new ones) is imported twice from the same starting
point, in the same run:

* BOCP: paste, check (``Verifică``), confirm (``Confirmă importul``);
* Odoo: base_import loads the new products, then the quantities as
  stock.quant in inventory mode, then "Apply".

Goals: checking 10,000 rows takes at most 10 s; check + confirm is no slower
than Odoo's own route.

Size: ``--rows N`` or ``BENCH_STOCK_IMPORT_ROWS`` (default 10000).
"""

import argparse
import copy
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import create_db, drop_db, init_odoo, print_table, verdict  # noqa: E402
from _stock_import_scenario import prepare_database, run_bocp, run_odoo  # noqa: E402

DB = "bocp_bench_si"
CHECK_GOAL_SECONDS = 10.0
WARM_UP_ROWS = 200
ODOO_STEPS = ("products", "quants", "apply")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows",
        type=int,
        default=int(os.environ.get("BENCH_STOCK_IMPORT_ROWS", 10000)),
    )
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    init_odoo()
    try:
        print(f"building {DB} (bocp_stock_import, base_import) ...", flush=True)
        registry = create_db(DB, ["bocp_stock_import", "base_import"])
        table = prepare_database(registry, args.rows)
        # warm both routes up on a small table (caches, prepared code paths)
        small = prepare_small(table)
        run_odoo(registry, small)
        run_bocp(registry, small)
        print(
            f"importing {args.rows} rows ({args.rows // 2} new products) ...",
            flush=True,
        )
        odoo_run = run_odoo(registry, table)
        print(
            "  Odoo: "
            + ", ".join(f"{k} {odoo_run[k].seconds:.1f} s" for k in ODOO_STEPS),
            flush=True,
        )
        bocp_run = run_bocp(registry, table)
        print(
            f"  BOCP: check {bocp_run['check'].seconds:.1f} s, "
            f"confirm {bocp_run['confirm'].seconds:.1f} s",
            flush=True,
        )
    finally:
        if not args.keep:
            drop_db(DB)
    return report(args.rows, table, bocp_run, odoo_run)


def prepare_small(table):
    small = copy.copy(table)
    small.rows = table.rows[:WARM_UP_ROWS]
    return small


def report(rows, table, bocp, odoo_route):
    odoo_total = sum(odoo_route[k].seconds for k in ("products", "quants", "apply"))
    bocp_total = bocp["check"].seconds + bocp["confirm"].seconds
    print_table(
        f"Initial stock import, {rows} rows ({rows // 2} new products), table value "
        f"{table.total_value:.2f}",
        ["route / step", "seconds", "queries"],
        [
            ["BOCP check (Verifică)", bocp["check"].seconds, bocp["check"].queries],
            [
                "BOCP confirm (Confirmă importul)",
                bocp["confirm"].seconds,
                bocp["confirm"].queries,
            ],
            ["BOCP total", bocp_total, bocp["check"].queries + bocp["confirm"].queries],
            [
                "Odoo base_import products",
                odoo_route["products"].seconds,
                odoo_route["products"].queries,
            ],
            [
                "Odoo base_import stock.quant",
                odoo_route["quants"].seconds,
                odoo_route["quants"].queries,
            ],
            [
                "Odoo apply inventory",
                odoo_route["apply"].seconds,
                odoo_route["apply"].queries,
            ],
            [
                "Odoo total",
                odoo_total,
                sum(odoo_route[k].queries for k in ("products", "quants", "apply")),
            ],
        ],
    )
    print(
        f"\nstock brought in: BOCP {bocp['stock']:.0f} units valued {bocp['value']:.2f} "
        f"(table {table.total_value:.2f}); Odoo {odoo_route['stock']:.0f} units valued "
        f"{odoo_route['value']:.2f}"
    )
    print(f"ratio BOCP total / Odoo total: {bocp_total / odoo_total:.2f}\n")
    scaled_goal = CHECK_GOAL_SECONDS * rows / 10000
    ok = verdict(
        f"check of {rows} rows in {bocp['check'].seconds:.1f} s <= {scaled_goal:.1f} s",
        bocp["check"].seconds <= scaled_goal,
    )
    ok &= verdict(
        f"check + confirm ({bocp_total:.1f} s) no slower than Odoo's route ({odoo_total:.1f} s)",
        bocp_total <= odoo_total,
    )
    ok &= verdict(
        "stock value equals the table total",
        abs(bocp["value"] - table.total_value) < 0.005,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
