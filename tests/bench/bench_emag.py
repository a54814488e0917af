"""Benchmark of bocp_emag (issue 6), against the local eMAG simulator.

1. Orders: N simulator orders (3 lines, a voucher, shipping) imported end to
   end -- ``order/read`` by the polling job, customers, products, sale orders
   with their taxes, commit, ``order/acknowledge`` of every order.
   * with the simulator's rate limits lifted (what Odoo itself sustains):
     orders/second, goal >= 20;
   * with eMAG's limits (12 calls/s on orders; one acknowledge per order, so
     ~12 orders/s is the ceiling eMAG allows): time next to that floor;
   * baseline in the same run: the same sale orders created directly with
     ``sale.order.create`` (what the connector adds on top of Odoo).
2. Offers: price and stock of 10,000 linked offers pushed with ``offer/save``
   (50 per call) under eMAG's 3 calls/s: time relative to the floor
   ``ceil(N / 50) / 3`` seconds, goal <= 1.2x.

Sizes: ``--orders`` / ``BENCH_EMAG_ORDERS`` (2000), ``--limited-orders`` /
``BENCH_EMAG_LIMITED_ORDERS`` (300), ``--offers`` / ``BENCH_EMAG_OFFERS`` (10000).
"""

import argparse
import math
import os
import sys
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

from _common import (  # noqa: E402
    Measure,
    create_db,
    drop_db,
    environment,
    init_odoo,
    print_table,
    verdict,
)

from tests.emag_simulator import EmagSimulator  # noqa: E402

DB = f"bocp_bench_em_{os.getpid()}"
USER, PASSWORD = "bench", "bench"
GOAL_ORDERS_PER_S = 20.0
GOAL_OFFER_RATIO = 1.2


def setup_company(env, sim):
    """Sale taxes of the simulator's rates and the eMAG account."""
    company = env.company
    ron = env.ref("base.RON")
    ron.active = True
    pricelist = env["product.pricelist"].create({"name": "eMAG", "currency_id": ron.id})
    for rate in (21, 11, 0):
        env["account.tax"].create(
            {
                "name": f"Bench TVA {rate}%",
                "amount": rate,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "sequence": 0,
                "company_id": company.id,
            }
        )
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", company.id)], limit=1
    )
    account = env["bocp.emag.account"].create(
        {
            "name": "Bench",
            "api_url": sim.base_url,
            "api_username": USER,
            "api_password": PASSWORD,
            "warehouse_id": warehouse.id,
            "pricelist_id": pricelist.id,
            "push_offers": False,
        }
    )
    return account.id


def set_limits(registry, account_id, orders, other):
    with environment(registry) as env:
        env["bocp.emag.account"].browse(account_id).write(
            {"rate_limit_orders": orders, "rate_limit_other": other}
        )


def import_orders(registry, account_id):
    """What the crons do: poll eMAG, then import + acknowledge in batches."""
    with environment(registry) as env:
        account = env["bocp.emag.account"].browse(account_id)
        env["bocp.emag.order"]._poll_account(account)
    with environment(registry) as env:
        env["bocp.emag.order"]._cron_import_orders()


def count_imported(registry, account_id):
    with environment(registry) as env:
        return env["bocp.emag.order"].search_count(
            [
                ("account_id", "=", account_id),
                ("state", "=", "imported"),
                ("acknowledged", "=", True),
            ]
        )


def baseline_sale_orders(registry, account_id, n):
    """The same kind of sale orders (5 lines, price-included taxes) created directly."""
    with environment(registry) as env:
        template = env["sale.order"].search(
            [("bocp_emag_order_id.account_id", "=", account_id)], limit=1
        )
        lines = [
            (
                0,
                0,
                {
                    "product_id": line.product_id.id,
                    "name": line.name,
                    "product_uom_qty": line.product_uom_qty,
                    "price_unit": line.price_unit,
                    "tax_id": [(6, 0, line.tax_id.ids)],
                },
            )
            for line in template.order_line
        ]
        partners = env["res.partner"].create(
            [
                {
                    "name": f"Baseline {i}",
                    "street": f"Str. X {i}",
                    "city": "Cluj-Napoca",
                    "country_id": env.ref("base.ro").id,
                }
                for i in range(n)
            ]
        )
        with Measure() as measure:
            for start in range(0, n, 100):
                env["sale.order"].with_context(tracking_disable=True).create(
                    [
                        {"partner_id": p.id, "order_line": lines}
                        for p in partners[start : start + 100]
                    ]
                )
                env.cr.commit()
        return measure


def bench_orders(registry, sim, account_id, n_fast, n_limited):
    rows = []
    # 1a. eMAG's limits (first, so no earlier burst sits in eMAG's windows)
    sim.rate_limit_enabled = True
    set_limits(registry, account_id, 12, 3)
    sim.generate_orders(n_limited, lines=3, vouchers=1, shipping=True, seed=43)
    with Measure() as limited:
        import_orders(registry, account_id)
    done_limited = count_imported(registry, account_id)
    refusals = len(sim.rate_limit_hits())
    calls = math.ceil(n_limited / 100) + n_limited  # status-1 pages + one ack each
    floor = calls / 12.0
    rows.append(
        (
            "import, eMAG limits",
            done_limited,
            limited.seconds,
            done_limited / limited.seconds,
            limited.queries / max(done_limited, 1),
        )
    )
    # 1b. simulator and our limiter lifted: Odoo's own throughput
    sim.rate_limit_enabled = False
    set_limits(registry, account_id, 0, 0)
    sim.generate_orders(n_fast, lines=3, vouchers=1, shipping=True, seed=42)
    with Measure() as fast:
        import_orders(registry, account_id)
    done_fast = count_imported(registry, account_id) - done_limited
    rate = done_fast / fast.seconds
    rows.append(
        (
            "import, limits lifted",
            done_fast,
            fast.seconds,
            rate,
            fast.queries / max(done_fast, 1),
        )
    )
    # 1c. baseline
    n_base = min(200, n_fast)
    base = baseline_sale_orders(registry, account_id, n_base)
    rows.append(
        (
            "baseline sale.order.create",
            n_base,
            base.seconds,
            n_base / base.seconds,
            base.queries / n_base,
        )
    )
    print_table(
        "Orders (3 lines + shipping + voucher each)",
        ["run", "orders", "seconds", "orders/s", "queries/order"],
        rows,
    )
    per_order = fast.seconds / max(done_fast, 1)
    print(
        "  connector / baseline time per order: %.2fx"
        % (per_order / (base.seconds / n_base))
    )
    print(
        f"  eMAG limits: {limited.seconds:.1f} s for a floor of {floor:.1f} s "
        f"({calls} calls at 12/s): {limited.seconds / floor:.2f}x; "
        f"rate-limit refusals: {refusals}"
    )
    ok = done_fast == n_fast and done_limited == n_limited and not refusals
    return verdict(
        f"import {n_fast} orders end to end at >= {GOAL_ORDERS_PER_S:.0f} orders/s "
        f"(limits lifted): {rate:.1f} orders/s",
        ok and rate >= GOAL_ORDERS_PER_S,
    )


def bench_offers(registry, sim, account_id, n):
    refused_before = len(sim.rate_limit_hits())
    sim.rate_limit_enabled = True
    sim.reset_rate_limits()  # eMAG's full quota for the measured push
    set_limits(registry, account_id, 12, 3)
    sim.generate_offers(n, seed=1)
    with environment(registry) as env:
        offers = [o for o in sim.offers() if o["id"] >= 100_001][:n]
        products = (
            env["product.product"]
            .with_context(tracking_disable=True)
            .create(
                [
                    {
                        "name": o["name"],
                        "default_code": o["part_number"],
                        "is_storable": True,
                        "list_price": float(o["sale_price"]),
                    }
                    for o in offers
                ]
            )
        )
        env["bocp.emag.offer"].create(
            [
                {
                    "account_id": account_id,
                    "emag_id": o["id"],
                    "name": o["name"],
                    "part_number": o["part_number"],
                    "product_id": p.id,
                    "status": "1",
                    "sale_price": float(o["sale_price"]),
                }
                for o, p in zip(offers, products, strict=True)
            ]
        )
    before = len(sim.requests_for("offer/save"))
    with environment(registry) as env:
        account = env["bocp.emag.account"].browse(account_id)
        with Measure() as push:
            sent, failed = env["bocp.emag.offer"]._push_account(
                account, account._get_client()
            )
    calls = len(sim.requests_for("offer/save")) - before
    floor = math.ceil(n / 50) / 3.0
    ratio = push.seconds / floor
    print_table(
        "Offers: price and stock pushed",
        [
            "offers",
            "sent",
            "refused",
            "calls",
            "seconds",
            "floor s",
            "ratio",
            "max calls/s",
        ],
        [
            (
                n,
                sent,
                failed,
                calls,
                push.seconds,
                floor,
                ratio,
                sim.max_observed_rate("other"),
            )
        ],
    )
    return verdict(
        f"push {n} offers within {GOAL_OFFER_RATIO:.1f}x the rate-limit floor: "
        f"{ratio:.2f}x",
        sent == n
        and len(sim.rate_limit_hits()) == refused_before
        and ratio <= GOAL_OFFER_RATIO,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--orders", type=int, default=int(os.environ.get("BENCH_EMAG_ORDERS", 2000))
    )
    parser.add_argument(
        "--limited-orders",
        type=int,
        default=int(os.environ.get("BENCH_EMAG_LIMITED_ORDERS", 300)),
    )
    parser.add_argument(
        "--offers", type=int, default=int(os.environ.get("BENCH_EMAG_OFFERS", 10000))
    )
    args = parser.parse_args()
    init_odoo()
    # the benchmark is not a test: jobs commit as they do in production
    threading.current_thread().testing = False
    sim = EmagSimulator(username=USER, password=PASSWORD).start()
    try:
        registry = create_db(DB, ["bocp_emag"])
        with environment(registry) as env:
            account_id = setup_company(env, sim)
        ok_orders = bench_orders(
            registry, sim, account_id, args.orders, args.limited_orders
        )
        ok_offers = bench_offers(registry, sim, account_id, args.offers)
    finally:
        sim.stop()
        drop_db(DB)
    return 0 if ok_orders and ok_offers else 1


if __name__ == "__main__":
    sys.exit(main())
