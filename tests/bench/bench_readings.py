"""Benchmark: Quick Processing and readings do not slow down with the fleet.

Finding a printer by scanning its code in "Procesare rapidă", opening the
reading form (prefilled with the last indexes) and saving a 3-counter reading
are measured with 1,000 printers / 10,000 past readings, then again with
10,000 printers / 100,000 past readings, in the same database and run: median
server time and SQL queries per operation. Goal: the query count is the same
at both sizes and the time stays flat (ratio 10k / 1k at most 1.5).

Run: python3 tests/bench/bench_readings.py   (or `make bench BENCH=readings`)
Smaller run while developing: BENCH_READINGS_SCALE=0.1 python3 ...
"""

import os
import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common  # noqa: E402
import _printer_data  # noqa: E402

DB = "bocp_bench_pr_readings"
SCALE = float(os.environ.get("BENCH_READINGS_SCALE", "1"))
SIZES = [int(1000 * SCALE), int(10000 * SCALE)]
MONTHS = 9  # handover + 9 monthly readings = 10 readings per printer
REPEAT = int(os.environ.get("BENCH_READINGS_REPEAT", "25"))
WARMUP = 5
USER_ID = 2  # admin: a rental manager, record rules apply (not superuser)

SCAN_SPEC = {
    "_barcode_scanned": {},
    "code": {},
    "message": {},
    "printer_id": {"fields": {"display_name": {}}},
    "printer_code": {},
    "printer_state": {},
    "printer_type_id": {"fields": {"display_name": {}}},
    "serial_number": {},
    "partner_id": {"fields": {"display_name": {}}},
    "rental_id": {"fields": {"display_name": {}}},
    "last_reading_date": {},
    "last_reading_summary": {},
}
WIZARD_SPEC = {
    "rental_id": {"fields": {"display_name": {}}},
    "printer_id": {"fields": {"display_name": {}}},
    "partner_id": {"fields": {"display_name": {}}},
    "mode": {},
    "date": {},
    "note": {},
    "line_ids": {
        "fields": {
            "counter_type_id": {"fields": {"display_name": {}}},
            "previous_value": {},
            "previous_date": {},
            "value": {},
            "is_reset": {},
            "reset_reason": {},
            "reset_final_value": {},
            "reset_start_value": {},
        }
    },
}


def scan(env, printer):
    """What the web client sends when the scanner reports a code."""
    values = {field: False for field in SCAN_SPEC}
    result = env["bocp.quick.process"].onchange(
        dict(values, _barcode_scanned=printer["code"]),
        ["_barcode_scanned"],
        SCAN_SPEC,
    )
    assert result["value"]["printer_id"]["id"] == printer["id"], result


def open_reading_form(env, printer):
    """Opening "Enter a Reading": defaults and the prefilled last indexes."""
    wizard = env["bocp.reading.wizard"].with_context(
        default_rental_id=printer["rental_id"], default_mode="manual"
    )
    result = wizard.onchange({}, [], WIZARD_SPEC)
    assert len(result["value"]["line_ids"]) == 3, result  # one per counter


def save_reading(env, printer):
    """Saving the reading form (web_save) and confirming it."""
    rental = env["bocp.rental"].browse(printer["rental_id"])
    last = rental.printer_id._get_last_values()
    wizard = env["bocp.reading.wizard"].create(
        {
            "rental_id": rental.id,
            "mode": "manual",
            "date": date.today(),
            "line_ids": [
                (0, 0, {"counter_type_id": counter.id, "value": value + 500})
                for counter, (value, _date) in last.items()
            ],
        }
    )
    wizard.action_confirm()
    env.flush_all()
    assert len(last) == 3


OPERATIONS = [
    ("scan a code in Quick Processing", scan),
    ("open the reading form", open_reading_form),
    ("save a 3-counter reading", save_reading),
]


def grow(registry, ptype_counters, current, target):
    """Add printers (one dossier each, 10 readings each) up to `target`."""
    count = target - current
    with _common.environment(registry) as env:
        ptype, counters = ptype_counters(env)
        partners = _printer_data.create_partners(
            env, max(count // 10, 1), prefix=f"Bench client {current}-"
        )
        start = date.today() - timedelta(days=30 * MONTHS + 20)
        rental_ids = _printer_data.bulk_rentals(
            env, ptype, counters, partners, current + 1, count, 10, start
        )
        _printer_data.bulk_readings(env, rental_ids, MONTHS, start)
        _printer_data.analyze(env)


def sample_printers(registry, count):
    with _common.environment(registry) as env:
        env.cr.execute(
            "SELECT id, code, rental_id FROM bocp_printer WHERE code LIKE 'BENCH%%' "
            "ORDER BY random() LIMIT %s",
            [count],
        )
        return [
            dict(zip(("id", "code", "rental_id"), row, strict=True))
            for row in env.cr.fetchall()
        ]


def measure_once(registry, operation, printer):
    """Seconds and queries of `operation` in a fresh request-like cursor and
    environment, rolled back afterwards."""
    with registry.cursor() as cr:
        env = _common.odoo.api.Environment(
            cr, USER_ID, {"lang": "en_US", "tz": "Europe/Bucharest"}
        )
        with _common.Measure() as measured:
            operation(env, printer)
        cr.rollback()
    return measured.seconds, measured.queries


def measure(registries, operation, samples):
    """Medians per size; the sizes take turns so that a load peak on the
    machine hits both alike."""
    times = {size: [] for size in registries}
    queries = {size: [] for size in registries}
    for index in range(WARMUP + REPEAT):
        for size, registry in registries.items():
            seconds, count = measure_once(registry, operation, samples[size][index])
            if index >= WARMUP:
                times[size].append(seconds)
                queries[size].append(count)
    return {
        size: (_common.median(times[size]), _common.median(queries[size]))
        for size in registries
    }


def clone_db(source, target):
    """Copy a database (the small fleet) to grow it into the large one."""
    _common.Registry.delete(source)
    _common.odoo.sql_db.close_db(source)
    _common.drop_db(target)
    with _common.odoo.sql_db.db_connect("postgres").cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute(
            _common.SQL(
                "CREATE DATABASE %s TEMPLATE %s",
                _common.SQL.identifier(target),
                _common.SQL.identifier(source),
            )
        )
    return _common.Registry(source), _common.Registry(target)


def main():
    _common.init_odoo()
    random.seed(42)
    small, large = SIZES
    names = {small: f"{DB}_small", large: f"{DB}_large"}
    print(f"Creating {names[small]} (installing bocp_printer_rental)...", flush=True)
    registry = _common.create_db(names[small], ["bocp_printer_rental"])
    try:
        with _common.environment(registry) as env:
            ptype, counters = _printer_data.setup_catalogue(env)
            ids = (ptype.id, counters.ids)

        def ptype_counters(env):
            return (
                env["bocp.printer.type"].browse(ids[0]),
                env["bocp.counter.type"].browse(ids[1]),
            )

        print(f"Generating {small} printers, {small * 10} readings...", flush=True)
        grow(registry, ptype_counters, 0, small)
        registries = dict(zip(SIZES, clone_db(names[small], names[large]), strict=True))
        print(f"Generating {large} printers, {large * 10} readings...", flush=True)
        grow(registries[large], ptype_counters, small, large)
        samples = {
            size: sample_printers(reg, REPEAT + WARMUP)
            for size, reg in registries.items()
        }
        results = {}
        for name, operation in OPERATIONS:
            for size, values in measure(registries, operation, samples).items():
                results[name, size] = values
        return 0 if report(results) else 1
    finally:
        for name in names.values():
            _common.drop_db(name)


def report(results):
    small, large = SIZES
    rows = []
    ok_queries = ok_time = True
    for name, _operation in OPERATIONS:
        s_small, q_small = results[name, small]
        s_large, q_large = results[name, large]
        ratio = s_large / s_small if s_small else float("nan")
        rows.append(
            [
                name,
                f"{s_small * 1000:.1f}",
                f"{s_large * 1000:.1f}",
                f"{ratio:.2f}",
                int(q_small),
                int(q_large),
            ]
        )
        ok_queries &= q_large <= q_small
        ok_time &= ratio <= 1.5
    _common.print_table(
        f"Median per operation ({REPEAT} runs), {small:,} vs {large:,} printers "
        f"({small * 10:,} vs {large * 10:,} past readings)",
        [
            "operation",
            f"ms @{small}",
            f"ms @{large}",
            "ratio",
            f"queries @{small}",
            f"queries @{large}",
        ],
        rows,
    )
    ok = [
        _common.verdict(
            "SQL queries per operation do not grow with printers and readings",
            ok_queries,
        ),
        _common.verdict(
            f"median time with {large:,} printers is at most 1.5x the time with "
            f"{small:,}",
            ok_time,
        ),
    ]
    return all(ok)


if __name__ == "__main__":
    sys.exit(main())
