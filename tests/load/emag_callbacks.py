"""Real multi-process load on eMAG's new-order callbacks (issue 11, item 13).

Odoo runs as in production: ``--workers 4`` HTTP workers and one cron worker
on a database of its own, the eMAG simulator beside it, everything on the
loopback.  200 new orders are announced by callbacks arriving 5 times each,
from 16 connections at once and in random order, while the simulator answers
some calls with 502/503 faults and 429 bursts; the cron worker is killed with
SIGKILL in the middle of the import (the master starts a new one).  The poll
cron (the safety net for lost callbacks) is switched off: what is imported
here came through callbacks and recovery alone.

Printed: orders created (one sale order), duplicated (more than one sale
order, or more than one accepted acknowledgement), lost (not imported or not
acknowledged when the run ends), acknowledgements per order, and the time from
the first callback to the last acknowledgement next to eMAG's own floor (one
acknowledgement per order, 12 order calls per second).

Bounded: at most ``--timeout`` seconds (default 300) of waiting; ports
8140 (Odoo), 8141 (its gevent port), 8142 (simulator); database
``bocp_test_emag_load``, dropped at the end.
"""

import argparse
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "tests" / "bench"))
sys.path.insert(0, str(ROOT))

from _common import (  # noqa: E402
    create_db,
    drop_db,
    environment,
    init_odoo,
    print_table,
    verdict,
)

import odoo  # noqa: E402
from odoo.tools import SQL  # noqa: E402

from tests.emag_simulator import EmagSimulator  # noqa: E402

DB = "bocp_test_emag_load"
HTTP_PORT, GEVENT_PORT, SIM_PORT = 8140, 8141, 8142
USER, PASSWORD = "load", "load"
ORDERS, REPEATS, CONNECTIONS = 200, 5, 16
ROUND_GAP = 8.0  # seconds between two rounds: eMAG repeats until acknowledged
ACK_RATE = 12.0  # eMAG: order routes, calls per second
LOG = ROOT / "var" / "log" / "load-emag-callbacks.log"
IMPORT_CRON = "eMAG: import and acknowledge orders"


def setup_database():
    """The database Odoo will serve: bocp_emag, taxes, the eMAG account."""
    registry = create_db(DB, ["bocp_emag"])
    with environment(registry) as env:
        company = env.company
        for rate in (21, 11, 0):
            env["account.tax"].create(
                {
                    "name": f"Load TVA {rate}%",
                    "amount": rate,
                    "amount_type": "percent",
                    "type_tax_use": "sale",
                    "sequence": 0,
                    "company_id": company.id,
                }
            )
        params = env["ir.config_parameter"].sudo()
        params.set_param("web.base.url", f"http://127.0.0.1:{HTTP_PORT}")
        params.set_param("bocp_emag.retry_backoff", "0.2")
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", company.id)], limit=1
        )
        env["bocp.emag.account"].search([]).active = False
        ron = env.ref("base.RON")
        ron.active = True
        pricelist = env["product.pricelist"].create(
            {"name": "eMAG", "currency_id": ron.id}
        )
        account = env["bocp.emag.account"].create(
            {
                "name": "Load",
                "pricelist_id": pricelist.id,
                "api_url": f"http://127.0.0.1:{SIM_PORT}/api-3",
                "api_username": USER,
                "api_password": PASSWORD,
                "warehouse_id": warehouse.id,
                "push_offers": False,
            }
        )
        # callbacks only: the poll (safety net for lost callbacks) stays off;
        # a fresh database's daily crons (auto-vacuum...) wait until tomorrow
        env.ref("bocp_emag.ir_cron_poll_orders").active = False
        env.ref("bocp_emag.ir_cron_push_offers").active = False
        import_cron = env.ref("bocp_emag.ir_cron_import_orders")
        env["ir.cron"].search([("id", "!=", import_cron.id)]).nextcall = (
            odoo.fields.Datetime.now() + timedelta(days=1)
        )
        url = account.sudo().callback_url
    odoo.sql_db.close_db(DB)
    return url


def start_odoo():
    LOG.parent.mkdir(parents=True, exist_ok=True)
    LOG.unlink(missing_ok=True)
    command = os.environ.get("BOCP_ODOO_COMMAND", f"{sys.executable} -m odoo").split()
    args = [
        *command,
        *(
            ["-c", os.environ["BOCP_ODOO_CONF"]]
            if os.environ.get("BOCP_ODOO_CONF")
            else []
        ),
        *(
            [f"--addons-path={os.environ['BOCP_ADDONS_PATH']}"]
            if os.environ.get("BOCP_ADDONS_PATH")
            else []
        ),
        f"--data-dir={ROOT / 'var' / 'filestore'}",
        "-d",
        DB,
        f"--db-filter=^{DB}$",
        "--workers=4",
        "--max-cron-threads=1",
        "--http-interface=127.0.0.1",
        f"--http-port={HTTP_PORT}",
        f"--gevent-port={GEVENT_PORT}",
        f"--logfile={LOG}",
        "--log-level=info",
    ]
    proc = subprocess.Popen(args, cwd=ROOT, start_new_session=True)  # noqa: S603
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(  # noqa: S310 - loopback
                f"http://127.0.0.1:{HTTP_PORT}/web/health", timeout=2
            ) as response:
                if response.status == 200:
                    return proc
        except OSError:
            time.sleep(0.5)
    stop_odoo(proc)
    raise SystemExit("Odoo did not start: see " + str(LOG))


def stop_odoo(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


def query(sql):
    with odoo.sql_db.db_connect(DB).cursor() as cr:
        cr.execute(SQL(sql))
        return cr.fetchall()


def cron_worker_pid():
    """The pid of the worker running the import cron, read from Odoo's log."""
    pattern = re.compile(r"^\S+ \S+ (\d+) INFO \S+ .*Job '" + IMPORT_CRON + "'")
    if not LOG.exists():
        return None
    for line in reversed(LOG.read_text(errors="replace").splitlines()):
        match = pattern.match(line)
        if match:
            return int(match.group(1))
    return None


def kill_mid_import(stop, report):
    """SIGKILL the cron worker once some orders are imported, not all."""
    while not stop.is_set():
        imported = query(
            "SELECT count(*) FROM bocp_emag_order WHERE state = 'imported'"
        )[0][0]
        pid = cron_worker_pid()
        if pid and 10 <= imported < ORDERS:
            os.kill(pid, signal.SIGKILL)
            report.update(pid=pid, imported=imported, at=time.time())
            return
        time.sleep(0.05)


def storm(sim, ids, started):
    """REPEATS rounds of callbacks for every order, 16 at a time, shuffled;
    faults and 429 bursts injected in rounds 1 and 3."""
    rnd = random.Random(11)
    with ThreadPoolExecutor(CONNECTIONS) as pool:
        for index in range(REPEATS):
            if index in (1, 3):
                sim.inject_fault("order/read", status=502, times=3)
                sim.inject_fault("order/acknowledge", status=503, times=4)
                sim.burst_429(duration=2.0, bucket="orders")
            batch = list(ids)
            rnd.shuffle(batch)
            started.setdefault("first", time.time())
            list(pool.map(lambda oid: sim.fire_callbacks([oid]), batch))
            time.sleep(ROUND_GAP)


def results(sim, ids):
    sales = Counter(
        dict(
            query(
                "SELECT o.emag_id, count(s.id) FROM bocp_emag_order o"
                " JOIN sale_order s ON s.bocp_emag_order_id = o.id GROUP BY o.emag_id"
            )
        )
    )
    rows = Counter(r[0] for r in query("SELECT emag_id FROM bocp_emag_order"))
    acks = Counter()
    last_ack = None
    for record in sim.requests_for("order/acknowledge"):
        if record.status == 200 and record.is_error is False:
            acks[int(record.path.rstrip("/").rsplit("/", 1)[-1])] += 1
            last_ack = max(last_ack or 0, record.at)
    created = sum(1 for oid in ids if sales[oid] >= 1)
    duplicated = sum(
        1 for oid in ids if sales[oid] > 1 or rows[oid] > 1 or acks[oid] > 1
    )
    lost = sum(1 for oid in ids if not sales[oid] or sim.order_status(oid) == 1)
    return created, duplicated, lost, acks, last_ack


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args()
    init_odoo()
    sim = EmagSimulator(username=USER, password=PASSWORD, port=SIM_PORT).start()
    proc = None
    stop = threading.Event()
    try:
        url = setup_database()
        sim.set_callback_url(url)
        ids = sim.generate_orders(ORDERS, lines=2, vouchers=1, shipping=True, seed=13)
        proc = start_odoo()
        killed, started = {}, {}
        killer = threading.Thread(
            target=kill_mid_import, args=(stop, killed), daemon=True
        )
        killer.start()
        storm(sim, ids, started)
        deadline = time.monotonic() + args.timeout
        while time.monotonic() < deadline and any(
            sim.order_status(oid) == 1 for oid in ids
        ):
            time.sleep(0.5)
        time.sleep(2)  # let the last re-reads and commits land
        stop.set()
        created, duplicated, lost, acks, last_ack = results(sim, ids)
        seconds = (last_ack - started["first"]) if last_ack else float("nan")
        floor = ORDERS / ACK_RATE
        callbacks = sim.callback_log
        print_table(
            "eMAG callbacks under load: 4 HTTP workers + 1 cron worker, "
            f"{ORDERS} orders x {REPEATS} callbacks, 502/503/429 bursts, "
            "the cron worker killed mid-import",
            [
                "orders",
                "callbacks",
                "answered 200",
                "created",
                "duplicated",
                "lost",
                "acks/order",
                "to last ack s",
                "floor s",
                "ratio",
            ],
            [
                (
                    ORDERS,
                    len(callbacks),
                    sum(1 for c in callbacks if c.status == 200),
                    created,
                    duplicated,
                    lost,
                    "/".join(str(n) for n in sorted(set(acks[o] for o in ids))),
                    seconds,
                    floor,
                    seconds / floor,
                )
            ],
        )
        if killed:
            print(
                f"  cron worker {killed['pid']} killed with {killed['imported']} "
                f"orders imported, {killed['at'] - started['first']:.1f} s in"
            )
        else:
            print("  no worker was killed (the import finished before it could be)")
        ok = verdict(
            f"{ORDERS} created, 0 duplicated, 0 lost, each acknowledged once: "
            f"{created} created, {duplicated} duplicated, {lost} lost",
            created == ORDERS
            and not duplicated
            and not lost
            and all(acks[o] == 1 for o in ids)
            and bool(killed),
        )
    finally:
        stop.set()
        if proc is not None:
            stop_odoo(proc)
        sim.stop()
        drop_db(DB)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
