"""Benchmark: invoicing every client of the printer rental in one run.

Clients with 3 active dossiers of 3 counters each and one month of readings
to invoice are billed with the addon ("Emite factură" on all of them: locks,
pending readings, allowances and periods, invoice creation, links back to the
readings). The baseline, measured in the same run on the same data, creates
the same invoices (same lines, same taxes) directly with one batched
``account.move`` create. Two sizes: 100 clients with one month of history and
1,000 clients with a year of history (11 months already invoiced).

Goals: the addon takes at most 1.5x the baseline at the large size, and its
SQL queries per invoice do not grow with the number of clients and readings.

Run: python3 tests/bench/bench_billing.py   (or `make bench BENCH=billing`)
Smaller run while developing: BENCH_BILLING_SCALE=0.1 python3 ...
"""

import os
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common  # noqa: E402
import _printer_data  # noqa: E402

from odoo import Command  # noqa: E402

DB = "bocp_bench_pr_billing"
SCALE = float(os.environ.get("BENCH_BILLING_SCALE", "1"))
# (clients, months of readings; all but the last month already invoiced)
SIZES = [(max(int(100 * SCALE), 2), 1), (max(int(1000 * SCALE), 20), 12)]
GOAL_RATIO = 1.5
DAY = date(2025, 12, 31)


def setup(env):
    """Taxes, journal and catalogue of the benchmark company."""
    company = env.company
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    if not journal:
        env["account.chart.template"].try_loading("generic_coa", company)
        journal = env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
        )
    tax = env["account.tax"].create(
        {"name": "VAT 21% (bench)", "amount": 21.0, "type_tax_use": "sale"}
    )
    ptype, counters = _printer_data.setup_catalogue(env)
    counters.product_id.write({"taxes_id": [Command.set(tax.ids)]})
    company.write({"bocp_journal_id": journal.id, "bocp_auto_post": False})
    return ptype.id, counters.ids, journal.id


def generate(env, ids, clients, months, first_printer):
    """`clients` clients × 3 dossiers × 3 counters, a reading a month; what is
    older than the last month is marked invoiced (on a past invoice)."""
    ptype = env["bocp.printer.type"].browse(ids[0])
    counters = env["bocp.counter.type"].browse(ids[1])
    partners = _printer_data.create_partners(
        env, clients, prefix=f"Bench billing {first_printer}"
    )
    start = date(2025, 12, 1) if months == 1 else date(2025, 1, 1)
    rental_ids = _printer_data.bulk_rentals(
        env, ptype, counters, partners, first_printer, clients * 3, 3, start
    )
    _printer_data.bulk_readings(env, rental_ids, months, start, pages=1000)
    if months > 1:
        mark_history_invoiced(env, rental_ids, ids[2])
    _printer_data.analyze(env)
    return partners


def mark_history_invoiced(env, rental_ids, journal_id):
    """Link every reading line but the last one of each counter to the line
    of one past invoice, as if the previous months had been billed."""
    past = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": env.user.partner_id.id,
            "journal_id": journal_id,
            "invoice_date": date(2025, 1, 31),
            "invoice_line_ids": [Command.create({"name": "Past", "price_unit": 1.0})],
        }
    )
    env.flush_all()
    env.cr.execute(
        """
        UPDATE bocp_reading_line l SET invoice_line_id = %s
          FROM (SELECT id, row_number() OVER (PARTITION BY rental_id, counter_type_id
                                             ORDER BY date DESC, id DESC) AS rank
                  FROM bocp_reading_line WHERE rental_id = ANY(%s)) ranked
         WHERE ranked.id = l.id AND ranked.rank > 1 AND l.source != 'handover'
        """,
        [past.invoice_line_ids.id, rental_ids],
    )


def baseline_vals(env, partners, journal_id):
    """The same invoices as the addon's, built from a query, outside the
    measurement: one line per dossier and counter, same product and taxes."""
    counters = {c.id: c for c in env["bocp.counter.type"].search([])}
    env.cr.execute(
        """
        SELECT l.partner_id, l.rental_id, l.counter_type_id, sum(l.pages),
               max(l.price_unit)
          FROM bocp_reading_line l
         WHERE l.partner_id = ANY(%s) AND l.invoice_line_id IS NULL
           AND l.source != 'handover'
      GROUP BY l.partner_id, l.rental_id, l.counter_type_id
      ORDER BY l.partner_id, l.rental_id, l.counter_type_id
        """,
        [partners.ids],
    )
    lines = defaultdict(list)
    for partner_id, rental_id, counter_id, pages, price in env.cr.fetchall():
        product = counters[counter_id].product_id
        lines[partner_id].append(
            Command.create(
                {
                    "name": f"Dossier {rental_id} {product.name}: {pages} pages",
                    "product_id": product.id,
                    "quantity": pages,
                    "price_unit": price,
                    "tax_ids": [Command.set(product.taxes_id.ids)],
                }
            )
        )
    return [
        {
            "move_type": "out_invoice",
            "partner_id": partner_id,
            "journal_id": journal_id,
            "invoice_date": DAY,
            "invoice_line_ids": partner_lines,
        }
        for partner_id, partner_lines in lines.items()
    ]


def run_baseline(registry, partner_ids, journal_id):
    with registry.cursor() as cr:
        env = _common.odoo.api.Environment(cr, _common.odoo.SUPERUSER_ID, {})
        vals_list = baseline_vals(
            env, env["res.partner"].browse(partner_ids), journal_id
        )
        with _common.Measure() as measured:
            moves = env["account.move"].create(vals_list)
            env.flush_all()
        result = (len(moves), len(moves.invoice_line_ids), moves.mapped("amount_total"))
        cr.rollback()
    return measured, result


def run_addon(registry, partner_ids):
    with registry.cursor() as cr:
        env = _common.odoo.api.Environment(cr, _common.odoo.SUPERUSER_ID, {})
        partners = env["res.partner"].browse(partner_ids)
        with _common.Measure() as measured:
            moves = env["bocp.billing"]._create_invoices(partners, DAY)
            env.flush_all()
        result = (len(moves), len(moves.invoice_line_ids), moves.mapped("amount_total"))
        pending = env["bocp.billing"]._pending_reading_lines(
            env["bocp.rental"].search([("partner_id", "in", partner_ids)]), DAY
        )
        assert not pending, "every reading is invoiced"
        cr.rollback()
    return measured, result


def main():
    _common.init_odoo()
    print(f"Creating {DB} (installing bocp_printer_rental)...", flush=True)
    registry = _common.create_db(DB, ["bocp_printer_rental"])
    try:
        with _common.environment(registry) as env:
            ids = setup(env)
        rows, per_invoice, ratios = [], [], []
        first_printer = 1
        for clients, months in SIZES:
            print(f"Generating {clients} clients, {months} month(s)...", flush=True)
            with _common.environment(registry) as env:
                partner_ids = generate(env, ids, clients, months, first_printer).ids
            first_printer += clients * 3
            base, base_result = run_baseline(registry, partner_ids, ids[2])
            addon, addon_result = run_addon(registry, partner_ids)
            assert base_result[:2] == addon_result[:2], (base_result, addon_result)
            assert sorted(base_result[2]) == sorted(addon_result[2]), "same totals"
            invoices = addon_result[0]
            ratios.append(addon.seconds / base.seconds)
            per_invoice.append((base.queries / invoices, addon.queries / invoices))
            rows.append(
                [
                    f"{clients} clients, {months} month(s)",
                    invoices,
                    addon_result[1],
                    base.seconds,
                    addon.seconds,
                    f"{ratios[-1]:.2f}",
                    f"{per_invoice[-1][0]:.1f}",
                    f"{per_invoice[-1][1]:.1f}",
                ]
            )
        _common.print_table(
            "Invoicing all clients in one run: baseline (one batched "
            "account.move create) vs addon",
            [
                "size",
                "invoices",
                "lines",
                "baseline s",
                "addon s",
                "ratio",
                "baseline q/inv",
                "addon q/inv",
            ],
            rows,
        )
        ok = [
            _common.verdict(
                f"addon at most {GOAL_RATIO}x the baseline at the large size "
                f"({ratios[-1]:.2f}x)",
                ratios[-1] <= GOAL_RATIO,
            ),
            _common.verdict(
                "addon queries per invoice do not grow with clients and readings "
                f"({per_invoice[0][1]:.1f} -> {per_invoice[-1][1]:.1f})",
                per_invoice[-1][1] <= per_invoice[0][1],
            ),
        ]
        return 0 if all(ok) else 1
    finally:
        _common.drop_db(DB)


if __name__ == "__main__":
    sys.exit(main())
