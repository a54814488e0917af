"""Install Odoo 18.0 under var/ when no Odoo is found (scripts/bocp.py calls it).

The source lands in var/odoo, a virtual environment made with the running
Python in var/venv; Odoo's requirements (markers evaluated for that Python),
ours and the test tools are installed into it, and bocp.py runs again from it.
A stamp (var/venv/bocp-install.json: the source's identity and a hash of the
requirements) makes the next run a check of a few files.

The source is the first available of: ODOO_ARCHIVE (a .tar.gz, .tar.xz or .zip
of the source, with or without a top folder), ODOO_GIT (+ ODOO_REF, default
18.0: a shallow clone), else Odoo's nightly source archive (NIGHTLY_URL).
"""

import contextlib
import hashlib
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from odoo_pins import failed_builds, requirement_lines, select_pins
from odoo_source import (
    NIGHTLY_URL,
    ODOO_VERSION,
    InstallError,
    download,
    odoo_version,
    say,
    source_root,
    unpack,
)

PYTHONS = ((3, 10), (3, 12))  # the Python versions Odoo 18.0 supports here
# Part of the requirements hash: bump it when the way of installing changes.
INSTALLER_VERSION = 1


class Installer:
    """var/odoo + var/venv for the project at `root`; ensure() does what is missing."""

    def __init__(self, root, env=None, url=NIGHTLY_URL, retry_delays=(2, 5, 15)):
        self.root = Path(root)
        self.env = os.environ if env is None else env
        self.url = url
        self.retry_delays = retry_delays
        self.var = self.root / "var"
        self.odoo_dir = self.var / "odoo"
        self.venv = self.var / "venv"
        self.python = self.venv / "bin" / "python"
        self.stamp_file = self.venv / "bocp-install.json"
        self.log = self.var / "log" / "odoo-install.log"

    def ensure(self):
        """Install what is missing or outdated; return the venv's python."""
        if not PYTHONS[0] <= sys.version_info[:2] <= PYTHONS[1]:
            raise InstallError(
                "checking Python",
                f"Odoo 18.0 needs Python 3.10 to 3.12, this is {platform.python_version()} "
                f"({sys.executable}); run with PYTHON=python3.12 (or 3.10, 3.11)",
            )
        self.var.mkdir(parents=True, exist_ok=True)
        with self._lock():
            return self._ensure()

    def _ensure(self):
        started = time.monotonic()
        stamp = self._read_stamp()
        wanted = self.requested_source()
        explicit = wanted["kind"] != "download"
        have_source = odoo_version(self.odoo_dir) == ODOO_VERSION and "source" in stamp
        fetched = not (have_source and (stamp["source"] == wanted or not explicit))
        if not fetched:
            source = stamp["source"]
        else:
            say(
                "no Odoo 18.0 found (ODOO_SRC, an importable odoo, odoo-bin on PATH): "
                f"installing it in var/odoo and var/venv (log: {self._rel(self.log)})"
            )
            stamp["details"] = self._install_source(wanted)
            stamp["source"] = source = wanted
            self._write_stamp(stamp)
        requirements = self._requirements_hash()
        if stamp.get("requirements") == requirements and self.python.exists():
            if fetched:
                say("var/venv already has the requirements of this source")
            else:
                say(f"Odoo 18.0 in var/odoo ({describe(source)}), var/venv: up to date")
            return self.python
        self._install_venv(stamp)
        stamp["requirements"] = requirements
        self._write_stamp(stamp)
        say(
            f"Odoo 18.0 ready in {time.monotonic() - started:.0f} s; later runs reuse "
            "var/odoo and var/venv (make distclean removes them)"
        )
        return self.python

    # -- the source ---------------------------------------------------------

    def requested_source(self):
        """The identity of the source the environment asks for."""
        if self.env.get("ODOO_ARCHIVE"):
            path = Path(self.env["ODOO_ARCHIVE"]).expanduser().resolve()
            if not path.is_file():
                raise InstallError(
                    "finding the Odoo source", f"ODOO_ARCHIVE={path} is not a file"
                )
            stat = path.stat()
            return {
                "kind": "archive",
                "path": str(path),
                "size": stat.st_size,
                "mtime": stat.st_mtime_ns,
            }
        if self.env.get("ODOO_GIT"):
            url = self.env["ODOO_GIT"]
            if Path(url).expanduser().is_dir():  # as file:// so that --depth applies
                url = Path(url).expanduser().resolve().as_uri()
            return {
                "kind": "git",
                "url": url,
                "ref": self.env.get("ODOO_REF") or ODOO_VERSION,
            }
        return {"kind": "download", "url": self.url}

    def _install_source(self, source):
        """Fetch the source into a temporary folder, check it is 18.0, then
        (only then) put it in place of var/odoo."""
        new = Path(tempfile.mkdtemp(prefix="odoo-new-", dir=self.var))
        details = {}
        try:
            if source["kind"] == "archive":
                say(f"unpacking {source['path']}")
                unpack(source["path"], new)
            elif source["kind"] == "git":
                say(f"cloning {source['url']} at {source['ref']} (shallow)")
                clone = ["git", "clone", "--quiet", "--depth", "1", "--single-branch"]
                clone += ["--branch", source["ref"], source["url"], str(new / "src")]
                self.run("cloning the Odoo source", clone)
            else:
                say(f"downloading the Odoo 18.0 nightly source: {source['url']}")
                archive = download(
                    source["url"], self.var / "download", self.retry_delays
                )
                say(f"unpacking {self._rel(archive)}")
                unpack(archive, new)
                archive.unlink()
            root = source_root(new)
            version = odoo_version(root) if root else None
            what = describe(source)
            if version != ODOO_VERSION:
                raise InstallError(
                    "checking the Odoo source",
                    f"{what} holds Odoo {version}, not 18.0"
                    if version
                    else f"{what} has no odoo/release.py (not an Odoo source)",
                )
            if source["kind"] == "git":
                details["commit"] = self.run(
                    "reading the commit", ["git", "-C", str(root), "rev-parse", "HEAD"]
                ).strip()
            if root != new:
                details["folder"] = root.name  # the archive's top folder
            shutil.rmtree(self.odoo_dir, ignore_errors=True)
            root.rename(self.odoo_dir)
            self.odoo_dir.chmod(0o755)  # a temporary folder is 0700
            say(
                f"odoo/release.py says 18.0: the source is in {self._rel(self.odoo_dir)}"
            )
        finally:
            shutil.rmtree(new, ignore_errors=True)
        return details

    # -- the virtual environment ---------------------------------------------

    def _install_venv(self, stamp):
        version = platform.python_version()
        if stamp.get("python") != version or not self.python.exists():
            shutil.rmtree(self.venv, ignore_errors=True)
            say(f"creating var/venv with Python {version} ({sys.executable})")
            self.run(
                "creating var/venv", [sys.executable, "-m", "venv", str(self.venv)]
            )
            stamp.update(python=version, requirements=None)
        site = (
            self.venv
            / "lib"
            / "python{}.{}".format(*sys.version_info[:2])
            / "site-packages"
        )
        site.mkdir(parents=True, exist_ok=True)
        (site / "bocp-odoo.pth").write_text(f"{self.odoo_dir.resolve()}\n")
        stamp["requirements"] = None  # the venv changes from here on
        self._write_stamp(stamp)
        ldap = self.env.get("ODOO_LDAP") == "1"
        lines = requirement_lines((self.odoo_dir / "requirements.txt").read_text())
        pins, skipped = select_pins(lines, ldap=ldap)
        note = (
            f"; {', '.join(skipped)} left out: ODOO_LDAP=1 adds it" if skipped else ""
        )
        python = "{}.{}".format(*sys.version_info[:2])
        say(
            f"installing Odoo's requirements for Python {python} ({len(pins)} packages{note})"
        )
        stamp["pins"] = self.install_pins(pins)
        ours = [
            n
            for n in ("requirements.txt", "requirements-dev.txt")
            if (self.root / n).exists()
        ]
        say(f"installing {' and '.join(ours)} into var/venv")
        files = [arg for name in ours for arg in ("-r", str(self.root / name))]
        self.run(f"installing {' and '.join(ours)}", self.pip_install(*files))

    def pip_install(self, *args):
        return [
            str(self.python),
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            *args,
        ]

    def install_pins(self, pins):
        """pip-install the pins; one that does not build is retried with what
        Odoo pins for the next Python. Returns {name: requirement installed}."""
        listing = self.venv / "bocp-odoo-requirements.txt"
        step = "installing Odoo's requirements"
        while True:
            listing.write_text("".join(f"{pin.requirement}\n" for pin in pins))
            try:
                self.run(step, self.pip_install("-r", str(listing)))
                return {pin.name: pin.requirement for pin in pins}
            except InstallError as error:
                failed = [
                    pin for pin in pins if pin.name in failed_builds(error.output)
                ]
                if not failed:
                    raise
                for pin in failed:
                    if not pin.fallbacks:
                        error.detail += (
                            f" ({pin.requirement} does not build for Python {pin.python}"
                            " and Odoo pins no other version for a later Python)"
                        )
                        raise
                    requirement, python = pin.fallbacks.pop(0)
                    say(
                        f"{pin.requirement} (Odoo's pin for Python {pin.python}) does not build "
                        f"here: retrying with {requirement}, Odoo's pin for Python {python}"
                    )
                    pin.requirement = requirement

    def _requirements_hash(self):
        ldap = self.env.get("ODOO_LDAP") == "1"
        digest = hashlib.sha256(
            f"{INSTALLER_VERSION} {platform.python_version()} {ldap}\n".encode()
        )
        for path in (
            self.odoo_dir / "requirements.txt",
            self.root / "requirements.txt",
            self.root / "requirements-dev.txt",
        ):
            digest.update(path.read_bytes() if path.exists() else b"-")
        return digest.hexdigest()

    # -- commands, stamp, lock ------------------------------------------------

    def run(self, step, cmd, cwd=None):
        """Run a command, its output going to the install log; return it."""
        self.log.parent.mkdir(parents=True, exist_ok=True)
        command = shlex.join(str(c) for c in cmd)
        env = dict(os.environ, PIP_NO_INPUT="1")
        with open(self.log, "a", encoding="utf-8") as log:
            log.write(f"\n[{time.strftime('%Y-%m-%d %H:%M:%S')}] {step}\n$ {command}\n")
            log.flush()
            try:
                proc = subprocess.Popen(
                    cmd,
                    cwd=cwd,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    text=True,
                    errors="replace",
                )
            except OSError as error:
                raise InstallError(
                    step, f"`{command}` could not start ({error})", self._rel(self.log)
                ) from error
            with proc:
                lines = []
                for line in proc.stdout:
                    log.write(line)
                    lines.append(line)
            code = proc.returncode
        output = "".join(lines)
        if code:
            raise InstallError(
                step, f"`{command}` exited with {code}", self._rel(self.log), output
            )
        return output

    def _read_stamp(self):
        try:
            return json.loads(self.stamp_file.read_text())
        except (OSError, ValueError):
            return {}

    def _write_stamp(self, stamp):
        self.stamp_file.parent.mkdir(parents=True, exist_ok=True)
        new = self.stamp_file.with_suffix(".tmp")
        new.write_text(json.dumps(stamp, indent=1, sort_keys=True))
        new.replace(self.stamp_file)

    @contextlib.contextmanager
    def _lock(self):
        """Two commands started at once in one checkout: one installs, the other waits."""
        import fcntl  # noqa: PLC0415 - POSIX only, like the rest of the Makefile

        with open(self.var / "odoo-install.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def _rel(self, path):
        with contextlib.suppress(ValueError):
            return str(Path(path).relative_to(self.root))
        return str(path)


def describe(source):
    if source["kind"] == "archive":
        return source["path"]
    if source["kind"] == "git":
        return f"{source['url']} at {source['ref']}"
    return source["url"]
