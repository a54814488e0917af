"""Benchmark of bocp_sales_agents (issue 4).

Two databases built the same way in the same run: one with account + sale +
portal only (baseline), one with bocp_sales_agents. In both, customer invoices
of 5 lines for clients with 2 agents are posted, then paid (10% of them first,
then the rest). The timed steps run chunk by chunk, alternating the two
databases, so that the noise of a shared machine hits both sides alike. Goals:

* posting and paying with the addon take at most 1.15x the baseline time;
* settling all agents ("Decontează") costs a number of SQL queries that does
  not grow with the number of commission lines.

Size: ``--invoices N`` or ``BENCH_COMMISSION_INVOICES`` (default 5000).
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _commission_scenario import Scenario  # noqa: E402
from _common import (  # noqa: E402
    create_db,
    drop_db,
    init_odoo,
    print_table,
    verdict,
)

GOAL_RATIO = 1.15
CHUNKS = 10
BASE_DB = "bocp_bench_sa_base"
ADDON_DB = "bocp_bench_sa_addon"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--invoices",
        type=int,
        default=int(os.environ.get("BENCH_COMMISSION_INVOICES", 5000)),
    )
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    args = parser.parse_args()
    init_odoo()
    try:
        sides = []
        for name, modules, with_addon in (
            (BASE_DB, ["account", "sale", "portal"], False),
            (ADDON_DB, ["bocp_sales_agents"], True),
        ):
            print(f"building {name} ({', '.join(modules)}) ...", flush=True)
            side = Scenario(create_db(name, modules), with_addon, args.invoices)
            side.prepare()
            sides.append(side)
        base, addon = sides
        chunks = _chunks(args.invoices, CHUNKS)
        print("posting ...", flush=True)
        _alternate(sides, "post", chunks)
        first = max(1, args.invoices // 10)
        print("paying 10% ...", flush=True)
        _alternate(sides, "pay", _chunks(first, 2))
        settle_1 = addon.settle()
        print("paying the rest ...", flush=True)
        _alternate(
            sides,
            "pay",
            [[i + first for i in c] for c in _chunks(args.invoices - first, CHUNKS)],
        )
        settle_2 = addon.settle()
    finally:
        if not args.keep:
            for name in (BASE_DB, ADDON_DB):
                drop_db(name)
    return report(base.totals, addon.totals, settle_1, settle_2, args.invoices)


def _chunks(count, parts):
    size = max(1, -(-count // parts))
    return [list(range(i, min(i + size, count))) for i in range(0, count, size)]


def _alternate(sides, step, chunks):
    """Run ``step`` chunk by chunk on both sides, alternating who goes first."""
    for index, chunk in enumerate(chunks):
        for side in sides if index % 2 == 0 else reversed(sides):
            getattr(side, step)([side.invoice_ids[i] for i in chunk])


def report(base, addon, settle_1, settle_2, invoices):
    rows = []
    for step in ("post", "pay"):
        rows.append(
            [
                step,
                base[step].seconds,
                addon[step].seconds,
                addon[step].seconds / base[step].seconds,
                base[step].queries,
                addon[step].queries,
            ]
        )
    base_total = base["post"].seconds + base["pay"].seconds
    addon_total = addon["post"].seconds + addon["pay"].seconds
    rows.append(
        ["post + pay", base_total, addon_total, addon_total / base_total, "", ""]
    )
    print_table(
        f"{invoices} invoices x 5 lines, 2 agents per client (seconds, SQL queries)",
        ["step", "baseline s", "addon s", "ratio", "baseline q", "addon q"],
        rows,
    )
    settle_rows = [
        [label, run.lines, run.settlements, run.seconds, run.queries]
        for label, run in (("10% paid", settle_1), ("rest", settle_2))
    ]
    print_table(
        "settling all agents (Decontează)",
        ["run", "lines", "settlements", "seconds", "queries"],
        settle_rows,
    )
    first, second = settle_1, settle_2
    ok = [
        verdict(
            f"posting with the addon <= {GOAL_RATIO}x baseline "
            f"({addon['post'].seconds / base['post'].seconds:.3f}x)",
            addon["post"].seconds <= GOAL_RATIO * base["post"].seconds,
        ),
        verdict(
            f"paying with the addon <= {GOAL_RATIO}x baseline "
            f"({addon['pay'].seconds / base['pay'].seconds:.3f}x)",
            addon["pay"].seconds <= GOAL_RATIO * base["pay"].seconds,
        ),
        verdict(
            f"post + pay with the addon <= {GOAL_RATIO}x baseline "
            f"({addon_total / base_total:.3f}x)",
            addon_total <= GOAL_RATIO * base_total,
        ),
        verdict(
            f"settling: queries do not grow per line ({first.queries} queries for "
            f"{first.lines} lines, {second.queries} for {second.lines})",
            second.lines > first.lines and second.queries <= first.queries,
        ),
    ]
    return 0 if all(ok) else 1


if __name__ == "__main__":
    sys.exit(main())
