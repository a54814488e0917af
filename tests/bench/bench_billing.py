"""Benchmark: invoicing every client of the printer rental in one run.

Clients with 3 active dossiers of 3 counters each and one month of readings
to invoice are billed with the addon ("Emite factură" on all of them: locks,
pending readings, allowances and periods, invoice creation, links back to the
readings). The baseline, measured in the same run on the same data, creates
the same invoices (same lines, same taxes) directly with one batched
``account.move`` create. The peer is OCA ``contract`` 18.0 (PyPI
``odoo-addon-contract``, installed into var/bench/oca for this benchmark
only): one contract per client with the same 9 lines, invoiced by its
recurring invoicing (``_recurring_create_invoice``). Two sizes: 100 clients
with one month of history and 1,000 clients with a year of history (11
months already invoiced).

Goals at the large size: the addon takes at most 1.10x the baseline, makes at
most 20 SQL queries per invoice, no more per invoice than with no history,
and is faster than OCA contract.

Run: python3 tests/bench/bench_billing.py   (or `make bench BENCH=billing`)
Smaller run while developing: BENCH_BILLING_SCALE=0.1 python3 ...
Without the OCA peer (no PyPI): BENCH_BILLING_OCA=0
"""

import os
import subprocess
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
GOAL_RATIO = 1.10
GOAL_QUERIES = 20
DAY = date(2025, 12, 31)
OCA_CONTRACT = "odoo-addon-contract>=18.0,<18.1"
OCA_DIR = Path(os.environ.get("BOCP_ROOT", ".")).resolve() / "var" / "bench" / "oca"


def ensure_oca_contract():
    """OCA contract 18.0 from PyPI, for this benchmark only (not a
    requirement of the project); True when its addons path was added."""
    if os.environ.get("BENCH_BILLING_OCA") == "0":
        return False
    addons = OCA_DIR / "odoo" / "addons"
    if not (addons / "contract" / "__manifest__.py").exists():
        print(f"Installing {OCA_CONTRACT} into {OCA_DIR}...", flush=True)
        command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps"]
        command += ["--target", str(OCA_DIR), OCA_CONTRACT]
        if subprocess.call(command) != 0:
            print("OCA contract could not be installed: no peer measured.")
            return False
    paths = [os.environ.get("BOCP_ADDONS_PATH"), str(addons)]
    os.environ["BOCP_ADDONS_PATH"] = ",".join(p for p in paths if p)
    return True


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


def pending_lines(env, partners):
    """{partner id: [(name, product, pages, price)]}: one line per dossier and
    counter of what is left to invoice, from a query."""
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
        name = f"Dossier {rental_id} {product.name}: {pages} pages"
        lines[partner_id].append((name, product, pages, price))
    return lines


def baseline_vals(env, partners, journal_id):
    """The same invoices as the addon's, built from a query, outside the
    measurement: one line per dossier and counter, same product and taxes."""
    return [
        {
            "move_type": "out_invoice",
            "partner_id": partner_id,
            "journal_id": journal_id,
            "invoice_date": DAY,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": name,
                        "product_id": product.id,
                        "quantity": pages,
                        "price_unit": price,
                        "tax_ids": [Command.set(product.taxes_id.ids)],
                    }
                )
                for name, product, pages, price in partner_lines
            ],
        }
        for partner_id, partner_lines in pending_lines(env, partners).items()
    ]


def create_contracts(env, partners, journal_id):
    """One OCA contract per client with the same lines, due on DAY."""
    vals_list = [
        {
            "name": f"Bench contract {partner_id}",
            "partner_id": partner_id,
            "contract_type": "sale",
            "journal_id": journal_id,
            "line_recurrence": True,
            "contract_line_ids": [
                Command.create(
                    {
                        "name": name,
                        "product_id": product.id,
                        "uom_id": product.uom_id.id,
                        "quantity": pages,
                        "price_unit": price,
                        "date_start": date(2025, 12, 1),
                        "recurring_rule_type": "monthly",
                        "recurring_interval": 1,
                        "recurring_invoicing_type": "pre-paid",
                        "recurring_next_date": DAY,
                    }
                )
                for name, product, pages, price in partner_lines
            ],
        }
        for partner_id, partner_lines in pending_lines(env, partners).items()
    ]
    return (
        env["contract.contract"].with_context(tracking_disable=True).create(vals_list)
    )


def run_contract(registry, partner_ids, journal_id):
    with registry.cursor() as cr:
        env = _common.odoo.api.Environment(cr, _common.odoo.SUPERUSER_ID, {})
        contracts = create_contracts(
            env, env["res.partner"].browse(partner_ids), journal_id
        )
        env.flush_all()
        with _common.Measure() as measured:
            moves = contracts._recurring_create_invoice(DAY)
            env.flush_all()
        result = (len(moves), len(moves.invoice_line_ids), moves.mapped("amount_total"))
        cr.rollback()
    return measured, result


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


def measure_size(registry, ids, partner_ids, with_oca):
    """(baseline, addon, OCA contract or None) measures of one size."""
    base, base_result = run_baseline(registry, partner_ids, ids[2])
    addon, addon_result = run_addon(registry, partner_ids)
    assert base_result[:2] == addon_result[:2], (base_result, addon_result)
    assert sorted(base_result[2]) == sorted(addon_result[2]), "same totals"
    oca = None
    if with_oca:
        oca, oca_result = run_contract(registry, partner_ids, ids[2])
        assert oca_result[:2] == base_result[:2], (base_result, oca_result)
        assert sorted(oca_result[2]) == sorted(base_result[2]), "same totals"
    return base, addon, oca, addon_result


def main():
    with_oca = ensure_oca_contract()
    _common.init_odoo()
    modules = ["bocp_printer_rental"] + (["contract"] if with_oca else [])
    print(f"Creating {DB} (installing {', '.join(modules)})...", flush=True)
    registry = _common.create_db(DB, modules)
    try:
        with _common.environment(registry) as env:
            ids = setup(env)
        rows, results = [], []
        first_printer = 1
        for clients, months in SIZES:
            print(f"Generating {clients} clients, {months} month(s)...", flush=True)
            with _common.environment(registry) as env:
                partner_ids = generate(env, ids, clients, months, first_printer).ids
            first_printer += clients * 3
            base, addon, oca, addon_result = measure_size(
                registry, ids, partner_ids, with_oca
            )
            invoices = addon_result[0]
            results.append((base, addon, oca, invoices))
            rows.append(
                [
                    f"{clients} clients, {months} month(s)",
                    invoices,
                    addon_result[1],
                    base.seconds,
                    addon.seconds,
                    oca.seconds if oca else "-",
                    f"{addon.seconds / base.seconds:.2f}",
                    f"{oca.seconds / base.seconds:.2f}" if oca else "-",
                    f"{base.queries / invoices:.1f}",
                    f"{addon.queries / invoices:.1f}",
                    f"{oca.queries / invoices:.1f}" if oca else "-",
                ]
            )
        _common.print_table(
            "Invoicing all clients in one run: baseline (one batched "
            "account.move create), addon, OCA contract (recurring invoicing)",
            [
                "size",
                "invoices",
                "lines",
                "baseline s",
                "addon s",
                "OCA s",
                "addon ratio",
                "OCA ratio",
                "baseline q/inv",
                "addon q/inv",
                "OCA q/inv",
            ],
            rows,
        )
        return 0 if all(verdicts(results)) else 1
    finally:
        _common.drop_db(DB)


def verdicts(results):
    (_b0, small, _o0, small_invoices), (base, addon, oca, invoices) = results
    ratio = addon.seconds / base.seconds
    queries = addon.queries / invoices
    small_queries = small.queries / small_invoices
    ok = [
        _common.verdict(
            f"addon at most {GOAL_RATIO}x the baseline at the large size "
            f"({ratio:.2f}x)",
            ratio <= GOAL_RATIO,
        ),
        _common.verdict(
            f"addon at most {GOAL_QUERIES} queries per invoice ({queries:.1f})",
            queries <= GOAL_QUERIES,
        ),
        _common.verdict(
            "addon queries per invoice do not grow with clients and history "
            f"({small_queries:.1f} -> {queries:.1f})",
            queries <= small_queries,
        ),
    ]
    if oca:
        ok.append(
            _common.verdict(
                f"addon faster than OCA contract ({addon.seconds:.1f} s vs "
                f"{oca.seconds:.1f} s)",
                addon.seconds < oca.seconds,
            )
        )
    return ok


if __name__ == "__main__":
    sys.exit(main())
