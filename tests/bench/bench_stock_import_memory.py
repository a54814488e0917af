"""Memory of a stock import at the row limit (issue 12).

A table at the default row limit of bocp_stock_import (49,999 rows and the
header: half existing products, half new) is checked and confirmed in this
process, all of it in one transaction (the bocp_job thresholds are raised so
that nothing is queued): an upper bound of what one worker holds, since a
background check runs in one batch and a background confirmation in batches
of 1,000 rows. A sampling thread records the process' virtual memory (what
Odoo compares with limit_memory_soft on Linux, 2 GiB by default; hard 2.5 GiB);
the baseline is the same process right before the import. With 99,999 rows
(``--rows 99999``, the row limit first chosen) it went past 2.2 GiB.

Goal: the import at the limit stays under limit_memory_soft, so that a table
within the limit imports, and a larger one is refused by the reader before it
is read (tests of bocp_stock_import measure that side).

Size: ``--rows N`` or ``BENCH_STOCK_IMPORT_MEMORY_ROWS`` (default 49,999).
"""

import argparse
import os
import sys
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    create_db,
    drop_db,
    environment,
    init_odoo,
    print_table,
    verdict,
)
from _stock_import_scenario import prepare_database, run_bocp  # noqa: E402

DB = "bocp_bench_si_memory"
GiB = 1024**3
MiB = 1024**2
LIMIT_MEMORY_SOFT = 2 * GiB


class PeakMemory:
    """Largest virtual memory of this process while the block runs."""

    def __init__(self, interval=0.05):
        self.interval = interval
        self.process = psutil.Process()
        self.peak = self.process.memory_info().vms
        self._stop = threading.Event()

    def _sample(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self.process.memory_info().vms)
            time.sleep(self.interval)

    def __enter__(self):
        self.start = self.process.memory_info().vms
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().vms)
        return False


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows",
        type=int,
        default=int(os.environ.get("BENCH_STOCK_IMPORT_MEMORY_ROWS", 49_999)),
    )
    args = parser.parse_args()
    init_odoo()
    try:
        print(f"building {DB} with {args.rows // 2} existing products ...", flush=True)
        registry = create_db(DB, ["bocp_stock_import"])
        table = prepare_database(registry, args.rows)
        with environment(registry) as env:
            for name in ("stock_import_check", "stock_import_confirm"):
                env["ir.config_parameter"].set_param(
                    f"bocp_job.threshold.{name}", str(10**9)
                )
        with PeakMemory() as memory:
            run = run_bocp(registry, table)
    finally:
        drop_db(DB)
    print_table(
        f"Stock import of {args.rows} rows in one process",
        ["step", "seconds"],
        [["check", run["check"].seconds], ["confirm", run["confirm"].seconds]],
    )
    print_table(
        "Virtual memory (MiB)",
        ["before", "peak", "growth", "limit_memory_soft"],
        [
            [
                memory.start // MiB,
                memory.peak // MiB,
                (memory.peak - memory.start) // MiB,
                LIMIT_MEMORY_SOFT // MiB,
            ]
        ],
    )
    print(f"ratio peak / limit_memory_soft: {memory.peak / LIMIT_MEMORY_SOFT:.2f}")
    ok = verdict(
        f"{args.rows} rows import under limit_memory_soft (2 GiB)",
        memory.peak < LIMIT_MEMORY_SOFT,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
