"""Benchmark of bocp_sale_workpoint (issue 10 §1): the take-over in batch.

One database with bocp_sale_workpoint, two work points (warehouses) with
plenty of stock, sale orders of 5 lines confirmed in the first one (as a shop
confirms them at checkout: deliveries reserved). Identical sets of orders are
then delivered and invoiced, in the same run:

* Odoo: ``button_validate()`` of each order's delivery, then
  ``_create_invoices()`` + ``action_post()`` per order;
* take-over: ``_bocp_take_over(wh, validate_delivery=True)`` on all the orders
  at once (every stock check, then the deliveries validated in batch), then the
  same invoicing; once from the same work point, once with half the orders
  re-routed to the second one (deliveries canceled, stock rules run again).

Goals: at 500 orders the take-over path takes at most 1.2x Odoo's (1.35x with
half re-routed, which Odoo's path does not do), and its queries per order do
not grow from 100 to 500 orders.

Run: python3 tests/bench/bench_workpoint.py   (or `make bench BENCH=workpoint`)
Smaller run while developing: BENCH_WORKPOINT_SCALE=0.2 python3 ...
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common  # noqa: E402

from odoo import Command  # noqa: E402

DB = "bocp_bench_workpoint"
SCALE = float(os.environ.get("BENCH_WORKPOINT_SCALE", "1"))
SIZES = [max(int(100 * SCALE), 4), max(int(500 * SCALE), 20)]
LINES = 5
GOAL_RATIO = 1.2
GOAL_RATIO_REROUTED = 1.35
GOAL_QUERY_GROWTH = 1.1


def setup(env):
    company = env.company
    if not env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    ):
        env["account.chart.template"].try_loading("generic_coa", company)
    wh1 = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    wh2 = env["stock.warehouse"].create({"name": "Second work point", "code": "WP2"})
    products = env["product.product"].create(
        [
            {
                "name": f"Bench product {i}",
                "type": "consu",
                "is_storable": True,
                "list_price": 10 + i,
            }
            for i in range(20)
        ]
    )
    for warehouse in (wh1, wh2):
        for product in products:
            env["stock.quant"]._update_available_quantity(
                product, warehouse.lot_stock_id, 1e6
            )
    shipping = env["product.product"].create({"name": "Shipping", "type": "service"})
    carrier = env["delivery.carrier"].create(
        {"name": "Courier", "product_id": shipping.id, "delivery_type": "fixed"}
    )
    partner = env["res.partner"].create({"name": "Bench customer"})
    return {
        "wh1": wh1.id,
        "wh2": wh2.id,
        "products": products.ids,
        "carrier": carrier.id,
        "partner": partner.id,
    }


def make_orders(env, ids, count, seed):
    """``count`` orders of LINES lines, confirmed in the first work point."""
    products = ids["products"]
    orders = env["sale.order"].create(
        [
            {
                "partner_id": ids["partner"],
                "warehouse_id": ids["wh1"],
                "carrier_id": ids["carrier"],
                "order_line": [
                    Command.create(
                        {
                            "product_id": products[(seed + n + k) % len(products)],
                            "product_uom_qty": 1 + k,
                        }
                    )
                    for k in range(LINES)
                ],
            }
            for n in range(count)
        ]
    )
    orders.action_confirm()
    return orders.ids


def invoice(orders):
    for order in orders:
        order._create_invoices().action_post()


def run_odoo(env, order_ids):
    orders = env["sale.order"].browse(order_ids)
    for order in orders:
        order.picking_ids.button_validate()
    invoice(orders)


def run_take_over(env, order_ids, ids, rerouted):
    orders = env["sale.order"].browse(order_ids)
    half = len(orders) // 2 if rerouted else 0
    Warehouse = env["stock.warehouse"]
    if half:
        orders[:half]._bocp_take_over(Warehouse.browse(ids["wh2"]), True)
    orders[half:]._bocp_take_over(Warehouse.browse(ids["wh1"]), True)
    invoice(orders)


PATHS = {
    "Odoo validate + invoice": lambda env, o, ids: run_odoo(env, o),
    "take-over + invoice": lambda env, o, ids: run_take_over(env, o, ids, False),
    "take-over, half re-routed": lambda env, o, ids: run_take_over(env, o, ids, True),
}


def measure(registry, ids, size, seed):
    results = {}
    for offset, (name, path) in enumerate(PATHS.items()):
        with _common.environment(registry) as env:
            order_ids = make_orders(env, ids, size, seed + offset)
        with _common.environment(registry) as env, _common.Measure() as m:
            path(env, order_ids, ids)
            env.flush_all()
        with _common.environment(registry) as env:
            check(env, order_ids, name)
        results[name] = m
    return results


def check(env, order_ids, name):
    orders = env["sale.order"].browse(order_ids)
    assert set(orders.mapped("delivery_status")) == {"full"}, name
    assert set(orders.mapped("invoice_status")) == {"invoiced"}, name


def main():
    _common.init_odoo()
    try:
        print(f"building {DB} (bocp_sale_workpoint) ...", flush=True)
        registry = _common.create_db(DB, ["bocp_sale_workpoint"])
        with _common.environment(registry) as env:
            ids = setup(env)
        measure(registry, ids, 5, seed=100)  # warm-up
        by_size = {}
        for size in SIZES:
            print(f"{size} orders of {LINES} lines per path ...", flush=True)
            by_size[size] = measure(registry, ids, size, seed=size)
        report(by_size)
    finally:
        if "--keep" not in sys.argv:
            _common.drop_db(DB)


def report(by_size):
    rows = []
    for size, results in by_size.items():
        base = results["Odoo validate + invoice"].seconds
        for name, m in results.items():
            rows.append(
                [
                    size,
                    name,
                    m.seconds,
                    m.seconds / size * 1000,
                    m.queries / size,
                    m.seconds / base,
                ]
            )
    _common.print_table(
        "Delivery + invoice of orders confirmed at checkout",
        ["orders", "path", "s", "ms/order", "queries/order", "ratio"],
        rows,
    )
    small, large = (by_size[s] for s in SIZES)
    base = large["Odoo validate + invoice"].seconds
    _common.verdict(
        f"take-over + invoice <= {GOAL_RATIO}x Odoo's at {SIZES[1]} orders",
        large["take-over + invoice"].seconds / base <= GOAL_RATIO,
    )
    _common.verdict(
        f"half re-routed <= {GOAL_RATIO_REROUTED}x Odoo's at {SIZES[1]} orders",
        large["take-over, half re-routed"].seconds / base <= GOAL_RATIO_REROUTED,
    )
    for name in ("take-over + invoice", "take-over, half re-routed"):
        growth = (large[name].queries / SIZES[1]) / (small[name].queries / SIZES[0])
        _common.verdict(
            f"{name}: queries per order flat from {SIZES[0]} to {SIZES[1]} orders "
            f"(x{growth:.2f} <= {GOAL_QUERY_GROWTH})",
            growth <= GOAL_QUERY_GROWTH,
        )


if __name__ == "__main__":
    main()
