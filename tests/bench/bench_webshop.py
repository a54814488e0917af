"""Benchmark of bocp_webshop_orders (issue 10).

N shop orders of 5 lines each, two work points, confirmed as the checkout
leaves them (their deliveries reserved in the website's warehouse, WH1),
processed in the same run two ways from identical starting points:

* baseline (Odoo alone): validate the delivery, create and post the invoice;
* addon: the take-over ("Preia comanda în gestiune") in one batch -- half of
  the orders from WH1, half re-routed to WH2 (pickings cancelled, stock rules
  launched again there) -- validating the deliveries, then "Emite factura
  fiscală", with the "Preluată" status e-mails queued.

Goals: addon time <= 1.2x the baseline on the orders kept in WH1 and
<= 1.35x counting the re-routed half; queries per order flat from 100 to N
orders; the O-Shop list read (80 rows, its columns) with the same number of
queries at 1,000 and 10,000 orders.

Sizes: ``--orders`` / ``BENCH_WEBSHOP_ORDERS`` (500), ``--small`` (100).
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    Measure,
    create_db,
    drop_db,
    environment,
    init_odoo,
    print_table,
    verdict,
)

DB = f"bocp_bench_ws_{os.getpid()}"
LINES = 5
GOAL_RATIO = 1.2
GOAL_RATIO_REROUTED = 1.35
GOAL_FLAT = 1.15  # queries per order at N / at the small size
LIST_FIELDS = [
    "name",
    "date_order",
    "partner_id",
    "amount_total",
    "carrier_id",
    "bocp_payment_provider_id",
    "bocp_payment_method_id",
    "bocp_payment_state",
    "bocp_stage_id",
    "warehouse_id",
    "invoice_status",
    "delivery_status",
    "bocp_awb",
    "website_id",
    "state",
    "currency_id",
]


def setup_shop(env):
    """Website, two work points with plenty of stock, a COD courier."""
    company = env.company
    if not env["account.journal"].search_count(
        [("type", "=", "sale"), ("company_id", "=", company.id)]
    ):
        env["account.chart.template"].try_loading(
            "generic_coa", company=company, install_demo=False
        )
    tax = env["account.tax"].create(
        {"name": "TVA 21% (bench)", "amount": 21.0, "type_tax_use": "sale"}
    )
    website = env["website"].search([], limit=1)
    wh1 = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    wh2 = env["stock.warehouse"].create({"name": "Depozit 2", "code": "WH2"})
    website.warehouse_id = wh1
    products = env["product.product"].create(
        [
            {
                "name": f"Produs {i}",
                "is_storable": True,
                "list_price": 10.0 + i,
                "invoice_policy": "order",
                "taxes_id": [(6, 0, tax.ids)],
            }
            for i in range(LINES)
        ]
    )
    for warehouse in (wh1, wh2):
        for product in products:
            env["stock.quant"]._update_available_quantity(
                product, warehouse.lot_stock_id, 1_000_000
            )
    carrier = env["delivery.carrier"].create(
        {
            "name": "Curier",
            "delivery_type": "fixed",
            "fixed_price": 20.0,
            "product_id": env["product.product"]
            .create(
                {"name": "Livrare", "type": "service", "taxes_id": [(6, 0, tax.ids)]}
            )
            .id,
            "allow_cash_on_delivery": True,
            "tracking_url": "https://example.ro/awb/<shipmenttrackingnumber>",
        }
    )
    partner = env["res.partner"].create(
        {
            "name": "Client web",
            "email": "client@example.ro",
            "street": "Str. X 1",
            "city": "Cluj-Napoca",
            "state_id": env.ref("base.RO_CJ").id,
            "country_id": env.ref("base.ro").id,
        }
    )
    return {
        "website": website.id,
        "wh1": wh1.id,
        "wh2": wh2.id,
        "products": products.ids,
        "carrier": carrier.id,
        "partner": partner.id,
    }


def make_orders(registry, shop, n):
    """N confirmed shop orders (as a paid checkout leaves them): ids."""
    with environment(registry) as env:
        carrier = env["delivery.carrier"].browse(shop["carrier"])
        orders = env["sale.order"].create(
            [
                {
                    "partner_id": shop["partner"],
                    "website_id": shop["website"],
                    "warehouse_id": shop["wh1"],
                    "carrier_id": carrier.id,
                    "order_line": [
                        (0, 0, {"product_id": pid, "product_uom_qty": 1 + i % 3})
                        for pid in shop["products"]
                    ]
                    + [
                        (
                            0,
                            0,
                            {
                                "product_id": carrier.product_id.id,
                                "price_unit": 20.0,
                                "is_delivery": True,
                            },
                        )
                    ],
                }
                for i in range(n)
            ]
        )
        orders.action_confirm()
        return orders.ids


def run_baseline(registry, order_ids):
    """Odoo alone: validate each delivery, invoice and post each order."""
    with environment(registry) as env:
        orders = env["sale.order"].browse(order_ids)
        with Measure() as measure:
            for order in orders:
                picking = order.picking_ids
                picking.move_ids.picked = True
                picking.button_validate()
                order._create_invoices().action_post()
            env.flush_all()
        return measure


def run_addon(registry, order_ids, shop, reroute):
    """Take-over in one batch (WH1 or re-routed to WH2), then invoice."""
    with environment(registry) as env:
        orders = env["sale.order"].browse(order_ids)
        warehouse = env["stock.warehouse"].browse(shop["wh2" if reroute else "wh1"])
        with Measure() as measure:
            orders._bocp_take_over(warehouse, validate_delivery=True)
            for order in orders:
                order.action_bocp_issue_invoice()
            env.flush_all()
            env.cr.precommit.run()  # tracking and the status e-mails
        return measure


def check_results(registry, order_ids, shop, reroute):
    with environment(registry) as env:
        orders = env["sale.order"].browse(order_ids)
        wh = shop["wh2" if reroute else "wh1"]
        done = orders.picking_ids.filtered(lambda p: p.state == "done")
        return (
            all(o.invoice_status == "invoiced" for o in orders)
            and all(p.picking_type_id.warehouse_id.id == wh for p in done)
            and len(done) == len(orders)
            and all(o.bocp_stage_id.code == "taken" for o in orders)
        )


def list_read_queries(registry, total, shop):
    """Queries of the O-Shop list's first page with `total` shop orders."""
    with environment(registry) as env:
        count = env["sale.order"].search_count([("website_id", "!=", False)])
        if count < total:
            clone_orders(env, total - count)
        action = env.ref("bocp_webshop_orders.action_webshop_orders")
        domain = [("state", "!=", "cancel"), *eval(action.domain)]  # noqa: S307
        spec = {
            name: ({"fields": {"display_name": {}}} if name.endswith("_id") else {})
            for name in LIST_FIELDS
        }
        Order = env["sale.order"]
        Order.web_search_read(domain, spec, limit=80)  # warm the caches
        env.invalidate_all()
        with Measure() as measure:
            result = Order.web_search_read(domain, spec, limit=80)
        return measure.queries, result["length"]


def clone_orders(env, n):
    """Copies of existing shop orders, in SQL (only the list reads them)."""
    env.flush_all()
    env.cr.execute(
        """
        SELECT column_name FROM information_schema.columns
         WHERE table_name = 'sale_order' AND column_name NOT IN ('id', 'name')
        """
    )
    columns = ", ".join(f'"{row[0]}"' for row in env.cr.fetchall())
    env.cr.execute(
        f"""
        INSERT INTO sale_order (name, {columns})
        SELECT 'CLONE' || g, {columns}
          FROM generate_series(1, %s) g
          JOIN LATERAL (
                SELECT * FROM sale_order WHERE website_id IS NOT NULL
                 ORDER BY id LIMIT 1 OFFSET (g %% 50)
          ) src ON TRUE
        """,
        [n],
    )
    env.invalidate_all()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--orders", type=int, default=int(os.environ.get("BENCH_WEBSHOP_ORDERS", 500))
    )
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    n, half = args.orders, args.orders // 2
    init_odoo()
    try:
        print(f"building {DB} (bocp_webshop_orders) ...", flush=True)
        registry = create_db(DB, ["bocp_webshop_orders"])
        with environment(registry) as env:
            shop = setup_shop(env)
        # warm-up of both routes (caches, code paths)
        run_baseline(registry, make_orders(registry, shop, 5))
        run_addon(registry, make_orders(registry, shop, 5), shop, reroute=True)
        print(f"making {3 * n + args.small} orders of {LINES} lines ...", flush=True)
        base_ids = make_orders(registry, shop, n)
        kept_ids = make_orders(registry, shop, half)
        rerouted_ids = make_orders(registry, shop, n - half)
        small_ids = make_orders(registry, shop, args.small)
        base = run_baseline(registry, base_ids)
        kept = run_addon(registry, kept_ids, shop, reroute=False)
        rerouted = run_addon(registry, rerouted_ids, shop, reroute=True)
        small = run_addon(registry, small_ids, shop, reroute=False)
        ok = check_results(registry, kept_ids, shop, False) and check_results(
            registry, rerouted_ids, shop, True
        )
        list_1k = list_read_queries(registry, 1_000, shop)
        list_10k = list_read_queries(registry, 10_000, shop)
    finally:
        if not args.keep:
            drop_db(DB)
    return report(
        n, half, base, kept, rerouted, small, args.small, ok, list_1k, list_10k
    )


def report(n, half, base, kept, rerouted, small, n_small, ok, list_1k, list_10k):
    per = {
        "baseline": (base, n),
        "addon, kept in WH1": (kept, half),
        "addon, re-routed to WH2": (rerouted, n - half),
        f"addon, kept in WH1 ({n_small} orders)": (small, n_small),
    }
    print_table(
        f"{n} shop orders of {LINES} lines: validate + invoice",
        ["run", "orders", "seconds", "ms/order", "queries/order"],
        [
            (name, count, m.seconds, 1000 * m.seconds / count, m.queries / count)
            for name, (m, count) in per.items()
        ],
    )
    base_per = base.seconds / n
    ratio_kept = (kept.seconds / half) / base_per
    ratio_all = ((kept.seconds + rerouted.seconds) / n) / base_per
    flat = (kept.queries / half) / (small.queries / n_small)
    print_table(
        "O-Shop list, first page (80 rows)",
        ["shop orders (at least)", "shop orders", "queries"],
        [(1_000, list_1k[1], list_1k[0]), (10_000, list_10k[1], list_10k[0])],
    )
    results = [
        verdict(f"orders processed, stock taken from the chosen work point: {ok}", ok),
        verdict(
            f"addon / baseline time, kept in WH1: {ratio_kept:.2f}x "
            f"(goal <= {GOAL_RATIO}x)",
            ratio_kept <= GOAL_RATIO,
        ),
        verdict(
            f"addon / baseline time, half re-routed: {ratio_all:.2f}x "
            f"(goal <= {GOAL_RATIO_REROUTED}x)",
            ratio_all <= GOAL_RATIO_REROUTED,
        ),
        verdict(
            f"queries per order at {half} / at {n_small} orders: {flat:.2f} "
            f"(flat: <= {GOAL_FLAT})",
            flat <= GOAL_FLAT,
        ),
        verdict(
            f"list read queries at {list_1k[1]} / {list_10k[1]} orders: "
            f"{list_1k[0]} / {list_10k[0]}",
            list_1k[0] == list_10k[0],
        ),
    ]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
