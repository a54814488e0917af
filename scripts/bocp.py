#!/usr/bin/env python3
"""Set up, serve, test and benchmark BOCP for Odoo.

The Makefile targets are thin wrappers around this script:

    make run    ->  scripts/bocp.py run
    make test   ->  scripts/bocp.py test
    make bench  ->  scripts/bocp.py bench
    make lint   ->  scripts/bocp.py lint

Every command first makes sure that what the project needs is there: an Odoo
18.0 installation (found, or else installed under var/odoo with its own venv
var/venv by scripts/odoo_install.py, and the command run again from that venv),
our Python requirements (installed with pip when missing) and a PostgreSQL
server (the one the PG* environment variables or the local default point at, or
else a private cluster started under var/ with the machine's own binaries).
"""

import argparse
import importlib.metadata
import importlib.util
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import odoo_install

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
ADDONS_DIR = ROOT / "addons"
CONF = ROOT / "odoo.conf"
PRIVATE_PG_DATA = VAR / "pgdata"
PRIVATE_PG_RUN = VAR / "pgrun"
PRIVATE_PG_PORT = "55432"
RUN_DB = "bocp"
TEST_DB = "bocp_test"
EMAG_SIMULATOR_PORT = 8070


def say(message):
    print(f"[bocp] {message}", flush=True)


def fail(message, code=2):
    print(f"[bocp] ERROR: {message}", file=sys.stderr, flush=True)
    sys.exit(code)


# --------------------------------------------------------------------------
# Python requirements
# --------------------------------------------------------------------------


def _requirement_missing(line):
    """True when a `name==version` (or bare `name`) requirement is not met."""
    match = re.match(r"^\s*([A-Za-z0-9_.\-\[\]]+)\s*(?:==\s*([^\s;#]+))?", line)
    if not match:
        return False
    name = re.sub(r"\[.*\]", "", match.group(1))
    try:
        installed = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return True
    wanted = match.group(2)
    return bool(wanted) and installed != wanted


def ensure_requirements(*files):
    """pip-install the requirement files whose lines are not all satisfied."""
    for name in files:
        path = ROOT / name
        lines = [
            line.split("#")[0].strip()
            for line in path.read_text().splitlines()
            if line.split("#")[0].strip()
        ]
        missing = [line for line in lines if _requirement_missing(line)]
        if not missing:
            continue
        say(f"installing missing Python requirements from {name}: {', '.join(missing)}")
        cmd = [sys.executable, "-m", "pip", "install", "--quiet", "-r", str(path)]
        if subprocess.call(cmd) != 0:
            fail(f"pip could not install {name}")


# --------------------------------------------------------------------------
# Odoo
# --------------------------------------------------------------------------


class Odoo:
    """Where Odoo 18.0 is and how to start it."""

    def __init__(self, command, addons_dirs, pythonpath=None):
        self.command = command
        self.addons_dirs = addons_dirs
        self.pythonpath = pythonpath

    @property
    def addons_path(self):
        ours = [ADDONS_DIR] if any(ADDONS_DIR.glob("*/__manifest__.py")) else []
        return ",".join(str(p) for p in [*self.addons_dirs, *ours])

    def env(self, pg_env):
        env = dict(os.environ, **pg_env)
        if self.pythonpath:
            env["PYTHONPATH"] = os.pathsep.join(
                p for p in [str(self.pythonpath), env.get("PYTHONPATH")] if p
            )
        return env

    def args(self, *extra, subcommand=None):
        return [
            *self.command,
            *([subcommand] if subcommand else []),
            "-c",
            str(CONF),
            f"--addons-path={self.addons_path}",
            f"--data-dir={VAR / 'filestore'}",
            *extra,
        ]


def _odoo_from_source(root):
    root = Path(root).resolve()
    version = odoo_install.odoo_version(root)
    if version != "18.0":
        fail(f"{root} holds Odoo {version or '(unknown version)'}, not 18.0.")
    addons = [root / "addons"] if (root / "addons").is_dir() else []
    return Odoo([sys.executable, str(root / "odoo-bin")], addons, pythonpath=root)


def find_odoo():
    """Find Odoo 18.0: $ODOO_SRC, then an importable `odoo`, then PATH."""
    if os.environ.get("ODOO_SRC"):
        root = Path(os.environ["ODOO_SRC"])
        if not (root / "odoo-bin").exists():
            fail(
                f"ODOO_SRC={root} has no odoo-bin: point it at an Odoo 18.0 source"
                " tree, or unset it to have Odoo installed under var/."
            )
        return _odoo_from_source(root)
    spec = importlib.util.find_spec("odoo")
    if spec and spec.origin:
        package = Path(spec.origin).parent
        if (package.parent / "odoo-bin").exists():
            return _odoo_from_source(package.parent)
        version = odoo_install.odoo_version(package.parent)
        if version not in (None, "18.0"):
            fail(f"the importable odoo is version {version}, not 18.0.")
        return Odoo([sys.executable, "-m", "odoo"], [])
    for name in ("odoo-bin", "odoo"):
        found = shutil.which(name)
        if found:
            real = Path(found).resolve()
            if (real.parent / "odoo" / "release.py").exists():
                return _odoo_from_source(real.parent)
            return Odoo([found], [])
    return _install_odoo()


def _install_odoo():
    """No Odoo found: install one under var/, then run this command again with
    the python of its venv (where `import odoo` finds it)."""
    installer = odoo_install.Installer(ROOT)
    if Path(sys.prefix).resolve() == installer.venv.resolve():
        fail("var/venv cannot import odoo: run `make distclean`, then this again.")
    try:
        python = installer.ensure()
    except odoo_install.InstallError as error:
        fail(str(error))
    os.execv(python, [str(python), str(Path(__file__).resolve()), *sys.argv[1:]])


# --------------------------------------------------------------------------
# PostgreSQL
# --------------------------------------------------------------------------


def _pg_answers(pg_env):
    env = dict(os.environ, **pg_env)
    psql = shutil.which("psql")
    if psql:
        cmd = [psql, "-d", "postgres", "-tAc", "select 1"]
        try:
            out = subprocess.run(
                cmd, env=env, capture_output=True, timeout=10, text=True
            )
        except subprocess.TimeoutExpired:
            return False
        return out.returncode == 0 and out.stdout.strip() == "1"
    import psycopg2  # noqa: PLC0415 - only needed without psql

    try:
        psycopg2.connect(dbname="postgres", connect_timeout=5).close()
    except psycopg2.OperationalError:
        return False
    return True


def _pg_bindir():
    for tool in ("pg_ctl", "initdb"):
        found = shutil.which(tool)
        if found:
            return Path(found).parent
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        if (Path(out.stdout.strip()) / "initdb").exists():
            return Path(out.stdout.strip())
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name)
        if p.parent.parent.name.isdigit()
        else 0,
    )
    if candidates:
        return candidates[-1].parent
    fail(
        "no PostgreSQL server answers and no initdb/pg_ctl was found to start one.\n"
        "Install PostgreSQL >= 13 (e.g. `apt-get install postgresql`) or point\n"
        "PGHOST/PGPORT/PGUSER at a running server."
    )
    return None


def _as_cluster_owner(cmd):
    """initdb and postgres refuse to run as root: run them as `postgres` then."""
    if os.geteuid() != 0:
        return cmd
    if subprocess.call(["id", "postgres"], stdout=subprocess.DEVNULL) != 0:
        fail(
            "running as root and there is no `postgres` user to own the private cluster."
        )
    return ["runuser", "-u", "postgres", "--", *cmd]


def start_private_cluster(port):
    """Start (creating it if needed) a PostgreSQL cluster under var/."""
    bindir = _pg_bindir()
    user = os.environ.get("PGUSER") or _current_user()
    for folder in (PRIVATE_PG_DATA, PRIVATE_PG_RUN, VAR / "log"):
        folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(VAR, "postgres")
        for folder in (PRIVATE_PG_DATA, PRIVATE_PG_RUN, VAR / "log"):
            shutil.chown(folder, "postgres")
        PRIVATE_PG_DATA.chmod(0o700)
    if not (PRIVATE_PG_DATA / "PG_VERSION").exists():
        say(f"creating a private PostgreSQL cluster in {PRIVATE_PG_DATA}")
        initdb = [str(bindir / "initdb"), "-D", str(PRIVATE_PG_DATA), "-U", user]
        initdb += ["--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"]
        if subprocess.call(_as_cluster_owner(initdb), stdout=subprocess.DEVNULL) != 0:
            fail("initdb failed")
    say(
        f"starting the private PostgreSQL cluster on port {port} (socket in {PRIVATE_PG_RUN})"
    )
    options = f"-p {port} -k {PRIVATE_PG_RUN} -c listen_addresses=''"
    pg_ctl = [str(bindir / "pg_ctl"), "-D", str(PRIVATE_PG_DATA), "-w", "-o", options]
    pg_ctl += ["-l", str(VAR / "log" / "postgresql.log"), "start"]
    if subprocess.call(_as_cluster_owner(pg_ctl), stdout=subprocess.DEVNULL) != 0:
        fail(
            f"pg_ctl could not start the private cluster; see {VAR / 'log' / 'postgresql.log'}"
        )
    return {"PGHOST": str(PRIVATE_PG_RUN), "PGPORT": str(port), "PGUSER": user}


def stop_private_cluster():
    if not (PRIVATE_PG_DATA / "postmaster.pid").exists():
        return
    bindir = _pg_bindir()
    say("stopping the private PostgreSQL cluster")
    cmd = [
        str(bindir / "pg_ctl"),
        "-D",
        str(PRIVATE_PG_DATA),
        "-m",
        "fast",
        "-w",
        "stop",
    ]
    subprocess.call(_as_cluster_owner(cmd), stdout=subprocess.DEVNULL)


def _current_user():
    import getpass  # noqa: PLC0415

    return getpass.getuser()


def find_postgres():
    """Return (libpq environment, started_private) for a PostgreSQL that answers."""
    given = {
        k: os.environ[k] for k in ("PGHOST", "PGPORT", "PGUSER") if os.environ.get(k)
    }
    if _pg_answers(given):
        return given, False
    if not given:
        local = {"PGHOST": "127.0.0.1", "PGPORT": "5432"}
        if _pg_answers(local):
            return local, False
    private = {"PGHOST": str(PRIVATE_PG_RUN), "PGPORT": PRIVATE_PG_PORT}
    private["PGUSER"] = os.environ.get("PGUSER") or _current_user()
    if (PRIVATE_PG_DATA / "postmaster.pid").exists() and _pg_answers(private):
        return private, False
    where = ", ".join(f"{k}={v}" for k, v in given.items()) or "the local default"
    say(f"no PostgreSQL answers at {where}")
    return start_private_cluster(PRIVATE_PG_PORT), True


# --------------------------------------------------------------------------
# Databases
# --------------------------------------------------------------------------


def psql_value(pg_env, sql, dbname="postgres"):
    env = dict(os.environ, **pg_env)
    out = subprocess.run(
        ["psql", "-d", dbname, "-tAc", sql], env=env, capture_output=True, text=True
    )
    return out.stdout.strip() if out.returncode == 0 else None


def db_exists(pg_env, name):
    sql = f"SELECT 1 FROM pg_database WHERE datname = '{name}'"
    return psql_value(pg_env, sql) == "1"


def drop_db(pg_env, name):
    env = dict(os.environ, **pg_env)
    subprocess.call(["dropdb", "--if-exists", "--force", name], env=env)
    shutil.rmtree(VAR / "filestore" / "filestore" / name, ignore_errors=True)


def finished_addons():
    """Every addon folder of ours that declares itself installable."""
    names = []
    for manifest in sorted(ADDONS_DIR.glob("*/__manifest__.py")):
        text = manifest.read_text()
        if re.search(r"[\"']installable[\"']\s*:\s*False", text):
            continue
        names.append(manifest.parent.name)
    return names


def run_odoo(odoo, pg_env, args, log_file=None, check=True):
    cmd = odoo.args(*args)
    if log_file is None:
        code = subprocess.call(cmd, env=odoo.env(pg_env), cwd=ROOT)
    else:
        with open(log_file, "ab") as log:
            code = subprocess.call(
                cmd,
                env=odoo.env(pg_env),
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
    if check and code != 0:
        where = f"; see {log_file}" if log_file else ""
        fail(f"odoo exited with {code} running {' '.join(args)}{where}")
    return code


def create_romanian_db(odoo, pg_env, name, lang, log_file=None):
    """A new database with demo data, a Romanian company (RON) and `account`.

    The company is made Romanian before `account` is installed so that Odoo
    installs l10n_ro and loads the Romanian chart of accounts and VAT taxes;
    after it, the 2025 VAT rates are added (see scripts/romanian_company.py).
    """
    say(f"creating database {name} (demo data, Romanian company, chart and VAT)")
    args = ["-d", name, "--stop-after-init", "--no-http"]
    run_odoo(odoo, pg_env, [*args, "-i", "base", "--load-language=ro_RO"], log_file)
    setup_romanian_company(odoo, pg_env, name, lang)
    run_odoo(odoo, pg_env, [*args, "-i", "account"], log_file)
    setup_romanian_company(odoo, pg_env, name, lang)


def setup_romanian_company(odoo, pg_env, name, lang):
    """Run scripts/romanian_company.py in an Odoo shell; safe to run again."""
    shell = subprocess.run(
        odoo.args("-d", name, "--no-http", subcommand="shell"),
        input=(ROOT / "scripts" / "romanian_company.py").read_text(),
        env=dict(odoo.env(pg_env), BOCP_LANG=lang),
        cwd=ROOT,
        text=True,
        capture_output=True,
    )
    if shell.returncode != 0 or "Traceback" in shell.stderr + shell.stdout:
        fail(f"could not set up the Romanian company:\n{shell.stdout}\n{shell.stderr}")


def installed_modules(pg_env, db, names):
    quoted = ",".join(f"'{n}'" for n in names)
    sql = f"SELECT name FROM ir_module_module WHERE state = 'installed' AND name IN ({quoted})"
    out = psql_value(pg_env, sql, dbname=db) or ""
    return set(out.split())


# --------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------


def prepare(with_dev=False):
    odoo = find_odoo()  # first: it may install Odoo and run us again from var/venv
    files = ["requirements.txt"] + (["requirements-dev.txt"] if with_dev else [])
    ensure_requirements(*files)
    pg_env, started = find_postgres()
    return odoo, pg_env, started


def demo_emag_callback_url(pg_env, db, http_port):
    """The new-order callback URL of the demo eMAG account, if there is one."""
    sql = (
        "SELECT callback_token FROM bocp_emag_account WHERE active "
        f"AND api_url LIKE 'http://127.0.0.1:{EMAG_SIMULATOR_PORT}/%' LIMIT 1"
    )
    token = psql_value(pg_env, sql, dbname=db)
    url = f"http://127.0.0.1:{http_port}/bocp/emag/{token}/order?order_id="
    return url if token else None


def start_emag_simulator(callback_url):
    """The demo eMAG account talks to this local simulator (no eMAG credentials)."""
    if not (ROOT / "tests" / "emag_simulator" / "__main__.py").exists():
        return None
    log = open(VAR / "log" / "emag_simulator.log", "ab")  # noqa: SIM115
    cmd = [sys.executable, "-m", "tests.emag_simulator"]
    cmd += ["--port", str(EMAG_SIMULATOR_PORT), "--seed", "data/orders_sample.json"]
    if callback_url:
        cmd += ["--callback-url", callback_url]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    say(
        f"eMAG simulator on http://127.0.0.1:{EMAG_SIMULATOR_PORT}/api-3 "
        f"(user demo / password demo; log: {VAR / 'log' / 'emag_simulator.log'})"
    )
    return proc


def cmd_run(opts):
    odoo, pg_env, started = prepare()
    ensure_pdf_renderer()
    (VAR / "log").mkdir(parents=True, exist_ok=True)
    addons = finished_addons()
    log_file = VAR / "log" / "setup.log"
    if not db_exists(pg_env, opts.db):
        create_romanian_db(odoo, pg_env, opts.db, "ro_RO", log_file)
    missing = sorted(set(addons) - installed_modules(pg_env, opts.db, addons))
    if missing:
        say(
            f"installing {', '.join(missing)} with demo data into {opts.db} (log: {log_file})"
        )
        run_odoo(
            odoo,
            pg_env,
            ["-d", opts.db, "-i", ",".join(missing), "--stop-after-init", "--no-http"],
            log_file,
        )
        setup_romanian_company(odoo, pg_env, opts.db, "ro_RO")
    simulator = start_emag_simulator(
        demo_emag_callback_url(pg_env, opts.db, opts.http_port)
    )
    say(
        f"Odoo is starting on http://127.0.0.1:{opts.http_port}  (login: admin / password: admin)"
    )
    try:
        return run_odoo(
            odoo,
            pg_env,
            [
                "-d",
                opts.db,
                f"--http-port={opts.http_port}",
                f"--db-filter=^{opts.db}$",
            ],
            check=False,
        )
    except KeyboardInterrupt:
        return 0
    finally:
        if simulator:
            simulator.send_signal(signal.SIGTERM)
        if started:
            stop_private_cluster()


def cmd_lint(_opts=None):
    """ruff (check and format) on everything, pylint with pylint_odoo on the addons."""
    ensure_requirements("requirements-dev.txt")
    addons = [str(p.parent) for p in sorted(ADDONS_DIR.glob("*/__manifest__.py"))]
    steps = [
        ["ruff", "check", "addons", "tests", "scripts"],
        ["ruff", "format", "--check", "addons", "tests", "scripts"],
        ["pylint", "--rcfile", str(ROOT / ".pylintrc"), *addons],
    ]
    failed = 0
    for step in steps:
        say("lint: " + " ".join(step[:2]))
        failed += subprocess.call([sys.executable, "-m", *step], cwd=ROOT) != 0
    if failed:
        say(f"lint: {failed} step(s) failed")
    return 1 if failed else 0


def cmd_test(opts):
    from test_report import analyse, run_unittests  # noqa: PLC0415

    odoo, pg_env, started = prepare(with_dev=True)
    ensure_browser()
    ensure_pdf_renderer(required=True)
    lint_rc = 0 if opts.no_lint else cmd_lint()
    addons = opts.addons.split(",") if opts.addons else finished_addons()
    (VAR / "log").mkdir(parents=True, exist_ok=True)
    log_file = VAR / "log" / f"test-{opts.db}.log"
    log_file.unlink(missing_ok=True)
    try:
        drop_db(pg_env, opts.db)
        create_romanian_db(odoo, pg_env, opts.db, "", log_file)
        say(f"installing and testing {', '.join(addons)} (log: {log_file})")
        tags = ",".join(f"/{name}" for name in addons)
        run_odoo(
            odoo,
            pg_env,
            [
                "-d",
                opts.db,
                "-i",
                ",".join(addons),
                "--test-enable",
                f"--test-tags={tags}",
                "--stop-after-init",
                f"--http-port={opts.http_port}",
                f"--db-filter=^{opts.db}$",
                "--log-level=info",
            ],
            log_file,
            check=False,
        )
        odoo_result = analyse(log_file)
        unit_result = run_unittests(ROOT, addons) if not opts.addons else None
    finally:
        if not opts.keep_db:
            drop_db(pg_env, opts.db)
        if started:
            stop_private_cluster()
    passed = odoo_result.passed + (unit_result.passed if unit_result else 0)
    failed_count = odoo_result.failed + (unit_result.failed if unit_result else 0)
    failed_count += 1 if lint_rc else 0
    if lint_rc:
        say("lint failed: counted as one failure")
    print(f"{passed} passed, {failed_count} failed", flush=True)
    return 1 if failed_count or not passed else 0


def ensure_debian_package(binaries, package):
    """True when one of `binaries` is on PATH, installing Debian's `package` if we can."""
    if any(shutil.which(name) for name in binaries):
        return True
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say(f"installing Debian's {package}")
        quiet = {"stdout": subprocess.DEVNULL}
        install = ["apt-get", "install", "-y", "--no-install-recommends", package]
        if subprocess.call(install, **quiet) != 0:
            subprocess.call(["apt-get", "update"], **quiet)
            subprocess.call(install, **quiet)
    return any(shutil.which(name) for name in binaries)


def ensure_browser():
    """Tours need Chromium (Odoo skips them without it)."""
    browsers = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
    if not ensure_debian_package(browsers, "chromium"):
        fail(
            "Chromium is needed for the tours: install it (Debian: apt-get install chromium)."
        )


def ensure_pdf_renderer(required=False):
    """Odoo prints PDF reports (invoices, labels, proformas) with wkhtmltopdf;
    the tests render real PDFs, so they need it."""
    if ensure_debian_package(("wkhtmltopdf",), "wkhtmltopdf"):
        return
    if required:
        fail(
            "wkhtmltopdf is needed for the PDF tests: install it "
            "(Debian: apt-get install wkhtmltopdf)."
        )
    say("wkhtmltopdf is missing: Odoo will show reports as HTML instead of PDF.")


def cmd_bench(opts):
    odoo, pg_env, started = prepare()
    scripts = sorted((ROOT / "tests" / "bench").glob("bench_*.py"))
    # multi-process load tests (real Odoo workers beside the simulator)
    scripts += sorted((ROOT / "tests" / "load").glob("[!_]*.py"))
    if opts.names:
        scripts = [s for s in scripts if any(n in s.name for n in opts.names)]
    env = odoo.env(pg_env)
    env.update(
        BOCP_ODOO_COMMAND=" ".join(odoo.command),
        BOCP_ADDONS_PATH=odoo.addons_path,
        BOCP_ODOO_CONF=str(CONF),
        BOCP_ROOT=str(ROOT),
        PYTHONPATH=os.pathsep.join(
            p
            for p in [str(ROOT), str(odoo.pythonpath or ""), env.get("PYTHONPATH")]
            if p
        ),
    )
    failures = 0
    try:
        for script in scripts:
            say(f"benchmark {script.name}")
            started_at = time.time()
            code = subprocess.call([sys.executable, str(script)], env=env, cwd=ROOT)
            say(f"{script.name}: exit {code} after {time.time() - started_at:.0f} s")
            failures += code != 0
    finally:
        if started:
            stop_private_cluster()
    return 1 if failures else 0


def cmd_fuzz(opts):
    """tests/fuzz with hypothesis' long "fuzz" profile (random seed, many
    examples), then atheris on the table reader when it is installed."""
    ensure_requirements("requirements.txt", "requirements-dev.txt")
    odoo = find_odoo()
    env = odoo.env({})
    env.update(HYPOTHESIS_PROFILE="fuzz", BOCP_FUZZ_EXAMPLES=str(opts.examples))
    say(f"hypothesis: {opts.examples} examples per property (tests/fuzz)")
    started_at = time.time()
    discover = [sys.executable, "-m", "unittest", "discover", "-v"]
    code = subprocess.call(
        [*discover, "-s", "tests/fuzz", "-t", "."], cwd=ROOT, env=env
    )
    say(f"hypothesis: exit {code} after {time.time() - started_at:.0f} s")
    if importlib.util.find_spec("atheris") is None:
        say("atheris is not installed (optional: pip install atheris): skipped")
        return code
    say(f"atheris: the table reader for {opts.seconds} s")
    script = ROOT / "tests" / "fuzz" / "atheris_reader.py"
    corpus = VAR / "fuzz_corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for sample in (ROOT / "tests" / "data").glob("stock_import_sample*"):
        shutil.copy(sample, corpus / sample.name)
    args = [sys.executable, str(script), f"-max_total_time={opts.seconds}", str(corpus)]
    return subprocess.call(args, cwd=ROOT, env=env) or code


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser(
        "run", help="set up and serve Odoo with every addon and demo data"
    )
    run.add_argument("--db", default=RUN_DB)
    run.add_argument("--http-port", default=os.environ.get("HTTP_PORT") or "8069")
    test = sub.add_parser("test", help="set up and run every test")
    test.add_argument("--addons", default=os.environ.get("ADDONS", ""))
    test.add_argument("--db", default=os.environ.get("DB") or TEST_DB)
    test.add_argument("--http-port", default=os.environ.get("HTTP_PORT") or "8079")
    test.add_argument("--keep-db", action="store_true")
    test.add_argument("--no-lint", action="store_true")
    bench = sub.add_parser("bench", help="run the benchmarks in tests/bench")
    bench.add_argument("names", nargs="*")
    sub.add_parser("lint", help="ruff and pylint-odoo on the addons")
    fuzz = sub.add_parser("fuzz", help="long property and fuzz run of tests/fuzz")
    fuzz.add_argument("--examples", type=int, default=20_000)
    fuzz.add_argument("--seconds", type=int, default=120)
    opts = parser.parse_args()
    handler = {
        "run": cmd_run,
        "test": cmd_test,
        "bench": cmd_bench,
        "lint": cmd_lint,
        "fuzz": cmd_fuzz,
    }
    sys.exit(handler[opts.command](opts))


if __name__ == "__main__":
    main()
