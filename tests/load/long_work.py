"""Load check of issue 13: long work under production settings.

Odoo runs as in production: ``--workers 2 --max-cron-threads 1`` and Odoo's
default limits (``limit_time_cpu`` 60 s, ``limit_time_real`` 120 s, from
odoo.conf). Through the web client's own JSON-RPC routes (``/web/dataset/
call_kw`` and ``/web/dataset/call_button``, as the browser calls them) the
administrator

* invoices 2,000 rental clients (the billing wizard, *Emite factură*), and
* checks then confirms a 20,000-row stock import (*Verifică*, *Confirmă
  importul*).

Each click must return at once (the work is queued, bocp_job); the script
follows the jobs' progress until they end and prints, per job, the time from
the click to done, its batches and the progress values seen, then how many
workers Odoo killed (its log: "timeout after", "CPU time limit"). Goal: both
done, 0 killed, progress reported.

Run: ``make bench BENCH=long_work`` (also part of ``make bench``), or
``python3 tests/load/long_work.py`` with the environment ``make bench`` gives.
Smaller run while developing: ``LONG_WORK_CLIENTS=200 LONG_WORK_ROWS=2000``.
"""

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from datetime import date
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "bench"))

import _common  # noqa: E402
import _printer_data  # noqa: E402
from _stock_import_scenario import StockTable  # noqa: E402

import odoo  # noqa: E402
from odoo.tools import config  # noqa: E402

DB = "bocp_load_long_work"
PORT = int(os.environ.get("LONG_WORK_PORT", "8162"))
CLIENTS = int(os.environ.get("LONG_WORK_CLIENTS", "2000"))
ROWS = int(os.environ.get("LONG_WORK_ROWS", "20000"))
TIMEOUT = int(os.environ.get("LONG_WORK_TIMEOUT", "3600"))
DAY = date(2025, 12, 31)
KILLED = re.compile(r"timeout after \d+s|CPU time limit .* reached|virtual real time")
MODULES = ["bocp_printer_rental", "bocp_stock_import"]


# ----------------------------------------------------------------------
# Data (in this process, committed, before Odoo starts)
# ----------------------------------------------------------------------
def build_database():
    registry = _common.create_db(DB, MODULES)
    with _common.environment(registry) as env:
        admin = env.ref("base.user_admin")
        admin.write(
            {
                "lang": "en_US",
                "groups_id": [
                    (4, env.ref("bocp_printer_rental.group_rental_manager").id),
                    (4, env.ref("stock.group_stock_manager").id),
                ],
            }
        )
        journal = env["account.journal"].search([("type", "=", "sale")], limit=1)
        if not journal:
            env["account.chart.template"].try_loading("generic_coa", env.company)
            journal = env["account.journal"].search([("type", "=", "sale")], limit=1)
        env.company.write({"bocp_journal_id": journal.id, "bocp_auto_post": False})
        tax = env["account.tax"].create(
            {"name": "VAT 21% (load)", "amount": 21.0, "type_tax_use": "sale"}
        )
        env.company.account_sale_tax_id = tax
        ptype, counters = _printer_data.setup_catalogue(env)
        counters.product_id.write({"taxes_id": [(6, 0, tax.ids)]})
        partners = _printer_data.create_partners(env, CLIENTS, prefix="Load client")
        start = date(2025, 12, 1)
        rental_ids = _printer_data.bulk_rentals(
            env, ptype, counters, partners, 1, CLIENTS, 1, start
        )
        _printer_data.bulk_readings(env, rental_ids, 1, start, pages=1000)
        _printer_data.analyze(env)
        table = StockTable(ROWS, tax.amount)
        env["product.product"].create(
            [
                {
                    "name": r["name"],
                    "default_code": r["code"],
                    "barcode": r["barcode"],
                    "type": "consu",
                    "is_storable": True,
                    "standard_price": r["cost"],
                }
                for r in table.rows
                if r["existing"]
            ]
        )
        stock_import = env["bocp.stock.import"].create(
            {
                "create_products": True,
                "number_format": "en",
                "paste_data": table.pasted_text(),
            }
        )
        ids = {"partners": partners.ids, "import": stock_import.id}
    odoo.modules.registry.Registry.delete(DB)
    odoo.sql_db.close_db(DB)
    return ids, table


# ----------------------------------------------------------------------
# Odoo under production settings
# ----------------------------------------------------------------------
def start_odoo(log_path):
    command = os.environ.get("BOCP_ODOO_COMMAND", f"{sys.executable} -m odoo").split()
    args = [
        *command,
        "-c",
        os.environ.get("BOCP_ODOO_CONF", str(ROOT / "odoo.conf")),
        f"--addons-path={os.environ.get('BOCP_ADDONS_PATH', '')}",
        "-d",
        DB,
        f"--db-filter=^{DB}$",
        f"--http-port={PORT}",
        f"--gevent-port={PORT + 1}",
        "--workers=2",
        "--max-cron-threads=1",
        "--limit-time-cpu=60",
        "--limit-time-real=120",
        f"--logfile={log_path}",
        "--log-level=info",
    ]
    process = subprocess.Popen(args, cwd=ROOT)
    for _attempt in range(120):
        time.sleep(1)
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/web/login", timeout=5)
            return process
        except OSError:
            continue
    process.terminate()
    raise RuntimeError(f"Odoo did not start; see {log_path}")


class WebClient:
    """The JSON-RPC calls the web client makes, with its session cookie."""

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar())
        )

    def rpc(self, route, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params})
        request = urllib.request.Request(
            f"http://127.0.0.1:{PORT}{route}",
            body.encode(),
            {"Content-Type": "application/json"},
        )
        started = time.monotonic()
        with self.opener.open(request, timeout=600) as response:
            answer = json.loads(response.read())
        if answer.get("error"):
            raise RuntimeError(json.dumps(answer["error"])[:2000])
        return answer["result"], time.monotonic() - started

    def login(self):
        self.rpc(
            "/web/session/authenticate",
            {"db": DB, "login": "admin", "password": "admin"},
        )

    def call_kw(self, model, method, args, kwargs=None):
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )[0]

    def call_button(self, model, method, ids, context=None):
        return self.rpc(
            "/web/dataset/call_button",
            {
                "model": model,
                "method": method,
                "args": [ids],
                "kwargs": {"context": context or {"lang": "en_US"}},
            },
        )


# ----------------------------------------------------------------------
# Following a job
# ----------------------------------------------------------------------
def follow(client, job_id, clicked_at):
    """Poll the job as its form does; returns its figures when it ends."""
    seen = []
    while time.monotonic() - clicked_at < TIMEOUT:
        job = client.call_kw(
            "bocp.job",
            "read",
            [[job_id], ["state", "batch_done", "batch_count", "progress", "error"]],
        )[0]
        if not seen or seen[-1] != job["batch_done"]:
            seen.append(job["batch_done"])
        if job["state"] in ("done", "failed"):
            job["seconds"] = time.monotonic() - clicked_at
            job["progress_seen"] = len(seen)
            return job
        time.sleep(2)
    return {"state": "timeout", "seconds": TIMEOUT, "progress_seen": len(seen)}


def last_job(client):
    return client.call_kw("bocp.job", "search", [[]], {"limit": 1, "order": "id desc"})[
        0
    ]


def run_checks(ids):
    client = WebClient()
    client.login()
    results = []
    # the stock import: Verifică, then Confirmă importul
    for label, method in (
        ("stock import check", "action_check"),
        ("stock import confirm", "action_confirm"),
    ):
        clicked = time.monotonic()
        _answer, click_seconds = client.call_button(
            "bocp.stock.import", method, [ids["import"]]
        )
        job = follow(client, last_job(client), clicked)
        results.append((f"{label} ({ROWS} rows)", click_seconds, job))
    # invoicing every client: the wizard, then Emite factură
    wizard_id = client.call_kw(
        "bocp.billing.wizard",
        "create",
        [{"partner_ids": [(6, 0, ids["partners"])], "date": str(DAY)}],
    )
    clicked = time.monotonic()
    answer, click_seconds = client.call_button(
        "bocp.billing.wizard", "action_confirm", [wizard_id]
    )
    job = follow(client, answer["res_id"], clicked)
    results.append((f"invoicing ({CLIENTS} clients)", click_seconds, job))
    state = client.call_kw("bocp.stock.import", "read", [[ids["import"]], ["state"]])
    invoices = client.call_kw(
        "account.move",
        "search_count",
        [[("partner_id", "in", ids["partners"]), ("move_type", "=", "out_invoice")]],
    )
    return results, state[0]["state"], invoices


def main():
    _common.init_odoo()
    log_path = ROOT / "var" / "log" / "load-long-work.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log_path.unlink(missing_ok=True)
    print(f"building {DB}: {CLIENTS} clients, a {ROWS}-row import ...", flush=True)
    ids, _table = build_database()
    process = None
    try:
        process = start_odoo(log_path)
        print(
            f"Odoo on port {PORT}: --workers 2 --max-cron-threads 1, "
            f"limit_time_cpu {config['limit_time_cpu']} s, "
            f"limit_time_real {config['limit_time_real']} s",
            flush=True,
        )
        results, import_state, invoices = run_checks(ids)
    finally:
        if process:
            process.terminate()
            process.wait(timeout=60)
        _common.drop_db(DB)
    return report(results, import_state, invoices, log_path)


def report(results, import_state, invoices, log_path):
    log = log_path.read_text(errors="replace") if log_path.exists() else ""
    killed = len(KILLED.findall(log))
    _common.print_table(
        "Long work through the web client (queued, run by the cron worker)",
        ["work", "click s", "state", "to done s", "batches", "progress seen"],
        [
            [
                label,
                click,
                job["state"],
                job["seconds"],
                f"{job.get('batch_done', 0)}/{job.get('batch_count', 0)}",
                job["progress_seen"],
            ]
            for label, click, job in results
        ],
    )
    print(f"\nimport state: {import_state}; invoices made: {invoices}")
    print(f"workers killed (Odoo's log {log_path}): {killed}")
    ok = [
        _common.verdict(
            "both done",
            all(job["state"] == "done" for _label, _click, job in results)
            and import_state == "done"
            and invoices == CLIENTS,
        ),
        _common.verdict(f"0 workers killed ({killed})", killed == 0),
        _common.verdict(
            "progress reported (several values seen per job)",
            all(job["progress_seen"] >= 2 for *_rest, job in results[1:]),
        ),
        _common.verdict(
            "each click returns well inside the limits (< 60 s)",
            all(click < 60 for _label, click, _job in results),
        ),
    ]
    return 0 if all(ok) else 1


if __name__ == "__main__":
    sys.exit(main())
