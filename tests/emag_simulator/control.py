"""Control routes under /_sim/ (process mode, `make run` demo).

No authentication (the simulator listens on loopback), no rate limit, not logged.
"""

import dataclasses
import re

_ORDER_ACTION = re.compile(r"^/_sim/orders/(\d+)(?:/(cancel|update|status))?$")


def _record(record):
    return dataclasses.asdict(record)


def handle_control(sim, method, path, query, body):
    """Return (http status, JSON payload)."""
    path = path.rstrip("/")
    if method == "GET" and path == "/_sim/state":
        return 200, sim.state()
    if method == "GET" and path == "/_sim/requests":
        limit = int(query.get("limit", 200))
        return 200, [_record(r) for r in sim.request_log[-limit:]]
    if method == "GET" and path == "/_sim/callbacks":
        return 200, [_record(r) for r in sim.callback_log]
    if method == "GET" and path == "/_sim/orders":
        return 200, sim.orders()
    if method == "GET" and path == "/_sim/offers":
        return 200, sim.offers()
    if method == "POST" and path == "/_sim/orders":
        if isinstance(body, dict) and "generate" in body:
            options = {k: v for k, v in body.items() if k != "generate"}
            options.setdefault("notify", True)
            ids = sim.generate_orders(int(body["generate"]), **options)
        else:
            notify = True
            orders = body
            if isinstance(body, dict):
                notify = body.get("notify", True)
                orders = body.get("orders", [body])
            ids = sim.seed_orders(orders, notify=notify)
        return 201, {"ids": ids}
    match = _ORDER_ACTION.match(path)
    if match:
        order_id, action = int(match.group(1)), match.group(2)
        if sim.get_order(order_id) is None:
            return 404, {"error": "order %s not found" % order_id}
        if method == "GET" and action is None:
            return 200, sim.get_order(order_id)
        if method == "POST" and action == "cancel":
            sim.cancel_order(order_id, int(body.get("reason", 24)))
            return 200, sim.get_order(order_id)
        if method == "POST" and action == "update":
            sim.update_order(order_id, **body)
            return 200, sim.get_order(order_id)
        if method == "POST" and action == "status":
            sim.set_order_status(order_id, int(body["status"]))
            return 200, sim.get_order(order_id)
    if method == "POST" and path == "/_sim/fault":
        fault_id = sim.inject_fault(
            route=body.get("route", "*"),
            status=int(body.get("status", 500)),
            times=body.get("times", 1),
            delay=float(body.get("delay", 0)),
            after_processing=bool(body.get("after_processing", False)),
        )
        return 201, {"id": fault_id}
    if method == "POST" and path == "/_sim/latency":
        sim.set_latency(
            float(body.get("seconds", 0)), body.get("route", "*"), body.get("times")
        )
        return 200, {"ok": True}
    if method == "POST" and path == "/_sim/burst_429":
        sim.burst_429(
            times=body.get("times"),
            duration=body.get("duration"),
            route=body.get("route", "*"),
            bucket=body.get("bucket"),
        )
        return 200, {"ok": True}
    if method == "POST" and path == "/_sim/clear_faults":
        sim.clear_faults()
        return 200, {"ok": True}
    if method == "POST" and path == "/_sim/callbacks":
        records = sim.fire_callbacks(
            order_ids=body.get("order_ids"),
            duplicates=int(body.get("duplicates", 1)),
            shuffle=bool(body.get("shuffle", False)),
            concurrent=bool(body.get("concurrent", False)),
            kind=body.get("kind", "order"),
        )
        return 200, [_record(r) for r in records]
    if method == "POST" and path == "/_sim/callback_url":
        sim.set_callback_url(body.get("url"), body.get("kind", "order"))
        return 200, {"ok": True}
    if method == "POST" and path == "/_sim/callback_loop":
        if body.get("enabled", True):
            sim.start_callback_loop(body.get("interval"))
        else:
            sim.stop_callback_loop()
        return 200, {"ok": True}
    if method == "POST" and path == "/_sim/time":
        sim.advance_time(**{k: float(v) for k, v in body.items()})
        return 200, {"business_time": sim.state()["business_time"]}
    if method == "POST" and path == "/_sim/awb_status":
        sim.set_awb_status(int(body["emag_id"]), body["code"], body.get("name", ""))
        return 200, {"ok": True}
    if method == "POST" and path == "/_sim/reset":
        sim.reset()
        return 200, {"ok": True}
    return 404, {"error": "unknown control route %s %s" % (method, path)}
