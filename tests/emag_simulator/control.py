"""Control routes under /_sim/ (process mode, `make run` demo).

No authentication (the simulator listens on loopback), no rate limit, not logged.
Every handler takes (sim, query, body) and returns (http status, JSON payload).
"""

import dataclasses
import re

_ORDER_ACTION = re.compile(r"^/_sim/orders/(\d+)(?:/(cancel|update|status))?$")


def _records(records):
    return [dataclasses.asdict(r) for r in records]


def _get_requests(sim, query, body):
    limit = int(query.get("limit", 200))
    return 200, _records(sim.request_log[-limit:])


def _post_orders(sim, query, body):
    if isinstance(body, dict) and "generate" in body:
        options = {k: v for k, v in body.items() if k != "generate"}
        options.setdefault("notify", True)
        return 201, {"ids": sim.generate_orders(int(body["generate"]), **options)}
    notify, orders = True, body
    if isinstance(body, dict):
        notify = body.get("notify", True)
        orders = body.get("orders", [body])
    return 201, {"ids": sim.seed_orders(orders, notify=notify)}


def _post_fault(sim, query, body):
    fault_id = sim.inject_fault(
        route=body.get("route", "*"),
        status=int(body.get("status", 500)),
        times=body.get("times", 1),
        delay=float(body.get("delay", 0)),
        after_processing=bool(body.get("after_processing", False)),
    )
    return 201, {"id": fault_id}


def _post_latency(sim, query, body):
    sim.set_latency(
        float(body.get("seconds", 0)), body.get("route", "*"), body.get("times")
    )
    return 200, {"ok": True}


def _post_burst(sim, query, body):
    sim.burst_429(
        times=body.get("times"),
        duration=body.get("duration"),
        route=body.get("route", "*"),
        bucket=body.get("bucket"),
    )
    return 200, {"ok": True}


def _post_callbacks(sim, query, body):
    records = sim.fire_callbacks(
        order_ids=body.get("order_ids"),
        duplicates=int(body.get("duplicates", 1)),
        shuffle=bool(body.get("shuffle", False)),
        concurrent=bool(body.get("concurrent", False)),
        kind=body.get("kind", "order"),
    )
    return 200, _records(records)


def _post_callback_loop(sim, query, body):
    if body.get("enabled", True):
        sim.start_callback_loop(body.get("interval"))
    else:
        sim.stop_callback_loop()
    return 200, {"ok": True}


def _ok(action):
    def handler(sim, query, body):
        action(sim, body)
        return 200, {"ok": True}

    return handler


ROUTES = {
    ("GET", "/_sim/state"): lambda sim, q, b: (200, sim.state()),
    ("GET", "/_sim/requests"): _get_requests,
    ("GET", "/_sim/callbacks"): lambda sim, q, b: (200, _records(sim.callback_log)),
    ("GET", "/_sim/orders"): lambda sim, q, b: (200, sim.orders()),
    ("GET", "/_sim/offers"): lambda sim, q, b: (200, sim.offers()),
    ("POST", "/_sim/orders"): _post_orders,
    ("POST", "/_sim/fault"): _post_fault,
    ("POST", "/_sim/latency"): _post_latency,
    ("POST", "/_sim/burst_429"): _post_burst,
    ("POST", "/_sim/clear_faults"): _ok(lambda sim, body: sim.clear_faults()),
    ("POST", "/_sim/callbacks"): _post_callbacks,
    ("POST", "/_sim/callback_url"): _ok(
        lambda sim, body: sim.set_callback_url(
            body.get("url"), body.get("kind", "order")
        )
    ),
    ("POST", "/_sim/callback_loop"): _post_callback_loop,
    ("POST", "/_sim/time"): _ok(
        lambda sim, body: sim.advance_time(**{k: float(v) for k, v in body.items()})
    ),
    ("POST", "/_sim/awb_status"): _ok(
        lambda sim, body: sim.set_awb_status(
            int(body["emag_id"]), body["code"], body.get("name", "")
        )
    ),
    ("POST", "/_sim/reset"): _ok(lambda sim, body: sim.reset()),
    ("POST", "/_sim/reset_rate_limits"): _ok(lambda sim, body: sim.reset_rate_limits()),
}

ORDER_ACTIONS = {
    ("GET", None): lambda sim, oid, body: None,
    ("POST", "cancel"): lambda sim, oid, body: sim.cancel_order(
        oid, int(body.get("reason", 24))
    ),
    ("POST", "update"): lambda sim, oid, body: sim.update_order(oid, **body),
    ("POST", "status"): lambda sim, oid, body: sim.set_order_status(
        oid, int(body["status"])
    ),
}


def handle_control(sim, method, path, query, body):
    """Return (http status, JSON payload) for a /_sim/ request."""
    path = path.rstrip("/")
    handler = ROUTES.get((method, path))
    if handler is not None:
        return handler(sim, query, body)
    match = _ORDER_ACTION.match(path)
    action = ORDER_ACTIONS.get((method, match.group(2))) if match else None
    if action is not None:
        order_id = int(match.group(1))
        if sim.get_order(order_id) is None:
            return 404, {"error": f"order {order_id} not found"}
        action(sim, order_id, body)
        return 200, sim.get_order(order_id)
    return 404, {"error": f"unknown control route {method} {path}"}
