"""Tests of the Odoo installer (scripts/odoo_install.py, odoo_source.py, odoo_pins.py).

No network: the fake Odoo sources are made here, the download comes from a
loopback HTTP server started here, venv and pip are replaced by a fake runner.
Run from the repository root:  python3 -m unittest tests.odoo_install.test_odoo_install
"""

import contextlib
import io
import json
import os
import re
import socket
import subprocess
import sys
import tarfile
import tempfile
import threading
import unittest
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import odoo_install  # noqa: E402
import odoo_pins  # noqa: E402
from odoo_source import InstallError, odoo_version  # noqa: E402

MAJOR, MINOR = sys.version_info[:2]
PY, NEXT, AFTER = f"{MAJOR}.{MINOR}", f"{MAJOR}.{MINOR + 1}", f"{MAJOR}.{MINOR + 2}"
# Odoo's style of requirements.txt, written around the running Python.
ODOO_REQUIREMENTS = f"""\
# comment
cbor2==5.4.2 ; python_version < '{NEXT}'
cbor2==5.6.2 ; python_version >= '{NEXT}'
gevent==22.10.2 ; sys_platform != 'win32' and python_version == '{PY}'  # (Jammy)
gevent==24.2.1 ; sys_platform != 'win32' and python_version > '{PY}'
pypiwin32 ; sys_platform == 'win32'
python-ldap==3.4.0 ; sys_platform != 'win32'
pytz  # no version pinning
"""
# What pip 23.2 printed for cbor2==5.4.2 in a clean Python 3.11 venv (shortened).
PIP_METADATA_FAILURE = """\
Collecting asn1crypto==1.5.1 (from -r requirements.txt (line 1))
  Using cached asn1crypto-1.5.1-py2.py3-none-any.whl (105 kB)
Collecting cbor2==5.4.2 (from -r requirements.txt (line 3))
  Using cached cbor2-5.4.2.tar.gz (85 kB)
  Installing build dependencies: finished with status 'done'
  Getting requirements to build wheel: finished with status 'error'
  error: subprocess-exited-with-error

  × Getting requirements to build wheel did not run successfully.
  │ exit code: 1
      ModuleNotFoundError: No module named 'pkg_resources'
error: subprocess-exited-with-error
"""
PIP_23_BUILD_FAILURE = """\
  Building wheel for gevent (pyproject.toml) did not run successfully.
  ERROR: Failed building wheel for gevent
Failed to build gevent zope.interface
ERROR: Could not build wheels for gevent, zope.interface, which is required to install pyproject.toml-based projects
"""
PIP_24_BUILD_FAILURE = """\
  ERROR: Failed building wheel for cbor2
Failed to build cbor2
ERROR: Failed to build installable wheels for some pyproject.toml based projects (cbor2)
"""


def make_source(folder, version="18.0"):
    """A tiny fake Odoo source tree: odoo/release.py, odoo-bin, requirements.txt."""
    major, minor = version.split(".")
    (folder / "odoo").mkdir(parents=True)
    (folder / "odoo" / "__init__.py").write_text("")
    (folder / "odoo" / "release.py").write_text(
        f"FINAL = 'final'\nversion_info = ({major}, {minor}, 0, FINAL, '')\n"
    )
    (folder / "odoo-bin").write_text("#!/usr/bin/env python3\nimport odoo\n")
    (folder / "addons" / "web").mkdir(parents=True)
    (folder / "addons" / "web" / "__manifest__.py").write_text("{'name': 'Web'}\n")
    (folder / "requirements.txt").write_text(ODOO_REQUIREMENTS)


def make_archive(where, suffix=".tar.gz", top_folder=True, version="18.0"):
    tree = Path(tempfile.mkdtemp(dir=where))
    make_source(tree / "odoo-18.0" if top_folder else tree, version)
    archive = Path(where) / f"odoo-{version}-{tree.name}{suffix}"
    files = sorted(p for p in tree.rglob("*") if p.is_file())
    if suffix == ".zip":
        with zipfile.ZipFile(archive, "w") as out:
            for path in files:
                out.write(path, path.relative_to(tree).as_posix())
    else:
        with tarfile.open(archive, "w:xz" if suffix == ".tar.xz" else "w:gz") as out:
            for path in files:
                out.add(path, path.relative_to(tree).as_posix())
    return archive


class FakeInstaller(odoo_install.Installer):
    """Runs git for real; venv and pip are recorded, and pip fails on demand:
    pip_failures maps a requirement to the output pip gives when it is asked."""

    def __init__(self, root, env, pip_failures=None, **kwargs):
        kwargs.setdefault("retry_delays", (0, 0))
        super().__init__(root, env=env, **kwargs)
        self.pip_failures = pip_failures or {}
        self.commands = []
        self.odoo_pip_calls = []  # the requirements asked for, one list per call

    def run(self, step, cmd, cwd=None):
        if cmd[0] == "git":
            return super().run(step, cmd, cwd)
        self.commands.append(cmd)
        if cmd[1:3] == ["-m", "venv"]:
            (Path(cmd[3]) / "bin").mkdir(parents=True)
            (Path(cmd[3]) / "bin" / "python").write_text("")
            return ""
        asked = [
            line
            for arg in cmd
            if arg.endswith(".txt")
            for line in Path(arg).read_text().split()
        ]
        if cmd[-1].endswith("bocp-odoo-requirements.txt"):
            self.odoo_pip_calls.append(asked)
        for requirement, output in self.pip_failures.items():
            if requirement in asked:
                raise InstallError(
                    step,
                    f"`{' '.join(cmd)}` exited with 1",
                    self._rel(self.log),
                    output,
                )
        return ""


class InstallerCase(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.tmp = Path(tmp.name)
        self.root = self.tmp / "project"
        self.root.mkdir()
        (self.root / "requirements.txt").write_text("lxml==5.2.1\n")
        (self.root / "requirements-dev.txt").write_text("ruff==0.14.14\n")
        self.var = self.root / "var"

    def ensure(self, env, **kwargs):
        """(installer, its [bocp] output) after one run of ensure()."""
        installer = FakeInstaller(self.root, env, **kwargs)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            python = installer.ensure()
        self.assertEqual(python, self.var / "venv" / "bin" / "python")
        return installer, out.getvalue()

    def fails(self, env, **kwargs):
        """The InstallError (and the output) of a run of ensure() that fails."""
        installer = FakeInstaller(self.root, env, **kwargs)
        out = io.StringIO()
        with contextlib.redirect_stdout(out), self.assertRaises(InstallError) as caught:
            installer.ensure()
        return caught.exception, out.getvalue(), installer

    def assert_installed(self, installer, kind):
        odoo = self.var / "odoo"
        self.assertEqual(odoo_version(odoo), "18.0")
        self.assertEqual(odoo.stat().st_mode & 0o777, 0o755)
        self.assertTrue((odoo / "odoo-bin").is_file())
        self.assertTrue((odoo / "addons" / "web" / "__manifest__.py").is_file())
        pth = next(
            (self.var / "venv" / "lib").glob("python*/site-packages/bocp-odoo.pth")
        )
        self.assertEqual(pth.read_text().strip(), str(odoo.resolve()))
        stamp = json.loads((self.var / "venv" / "bocp-install.json").read_text())
        self.assertEqual(stamp["source"]["kind"], kind)
        self.assertTrue(stamp["requirements"])
        # no leftover temporary folder next to var/odoo
        self.assertEqual([p.name for p in self.var.glob("odoo-new-*")], [])
        return stamp


class TestSources(InstallerCase):
    def test_local_archives_with_and_without_top_folder(self):
        for suffix in (".tar.gz", ".tar.xz", ".zip"):
            for top_folder in (True, False):
                with self.subTest(suffix=suffix, top_folder=top_folder):
                    archive = make_archive(self.tmp, suffix, top_folder)
                    installer, out = self.ensure({"ODOO_ARCHIVE": str(archive)})
                    self.assert_installed(installer, "archive")
                    self.assertIn(f"unpacking {archive}", out)
                    self.assertIn("odoo/release.py says 18.0", out)

    def test_local_git_repository_shallow_at_ref(self):
        repo = self.tmp / "odoo.git"
        make_source(repo)
        git = [
            "git",
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-C",
            str(repo),
        ]
        subprocess.run([*git, "init", "-q", "-b", "18.0"], check=True)
        for message in ("first", "second"):
            (repo / "README.md").write_text(message)
            subprocess.run([*git, "add", "-A"], check=True)
            subprocess.run([*git, "commit", "-q", "-m", message], check=True)
        head = subprocess.run(
            [*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        installer, out = self.ensure({"ODOO_GIT": str(repo)})
        stamp = self.assert_installed(installer, "git")
        self.assertEqual(stamp["source"]["ref"], "18.0")
        self.assertEqual(stamp["details"]["commit"], head)
        count = subprocess.run(
            ["git", "-C", str(self.var / "odoo"), "rev-list", "--count", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        self.assertEqual(count, "1", "a shallow clone has one commit")
        self.assertIn("(shallow)", out)

        # another ref holding Odoo 17.0 is refused; var/odoo stays as it was
        subprocess.run([*git, "checkout", "-q", "-b", "17.0"], check=True)
        (repo / "odoo" / "release.py").write_text(
            "version_info = (17, 0, 0, 'final', '')\n"
        )
        subprocess.run([*git, "commit", "-q", "-am", "17"], check=True)
        error, _out, _installer = self.fails(
            {"ODOO_GIT": str(repo), "ODOO_REF": "17.0"}
        )
        self.assertIn("holds Odoo 17.0, not 18.0", str(error))
        self.assertEqual(odoo_version(self.var / "odoo"), "18.0")

    def test_odoo_17_archive_refused_before_anything_else(self):
        archive = make_archive(self.tmp, version="17.0")
        error, _out, installer = self.fails({"ODOO_ARCHIVE": str(archive)})
        self.assertEqual(error.step, "checking the Odoo source")
        self.assertIn(f"{archive} holds Odoo 17.0, not 18.0", str(error))
        self.assertFalse((self.var / "odoo").exists())
        self.assertFalse((self.var / "venv" / "bin").exists())
        self.assertEqual(installer.commands, [], "no venv, no pip for a wrong version")

    def test_not_an_odoo_archive(self):
        archive = self.tmp / "other.tar.gz"
        with tarfile.open(archive, "w:gz") as out:
            out.add(self.root / "requirements.txt", "x/requirements.txt")
        error, _out, _installer = self.fails({"ODOO_ARCHIVE": str(archive)})
        self.assertIn("has no odoo/release.py", str(error))
        broken = self.tmp / "broken.tar.xz"
        broken.write_bytes(b"not an archive")
        error, _out, _installer = self.fails({"ODOO_ARCHIVE": str(broken)})
        self.assertIn("is not a readable archive", str(error))


class ArchiveServer(ThreadingHTTPServer):
    """Serves `payload` at /odoo_18.0.latest.tar.gz with ETag and Range; the
    first `drops` answers stop halfway and close the connection."""

    ETAG = '"fake-18.0"'

    def __init__(self, payload, drops=0):
        super().__init__(("127.0.0.1", 0), ArchiveHandler)
        self.payload = payload
        self.drops = drops
        self.requests = []
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def url(self, name="odoo_18.0.latest.tar.gz"):
        return f"http://127.0.0.1:{self.server_address[1]}/{name}"

    def stop(self):
        self.shutdown()
        self.server_close()


class ArchiveHandler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        server = self.server
        server.requests.append(self.headers.get("Range"))
        if self.path != "/odoo_18.0.latest.tar.gz":
            self.send_error(404)
            return
        start = 0
        asked = re.match(r"bytes=(\d+)-$", self.headers.get("Range") or "")
        if asked and self.headers.get("If-Range") == server.ETAG:
            start = int(asked.group(1))
        body = server.payload[start:]
        self.send_response(206 if start else 200)
        if start:
            self.send_header(
                "Content-Range",
                f"bytes {start}-{len(server.payload) - 1}/{len(server.payload)}",
            )
        self.send_header("ETag", server.ETAG)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if server.drops:
            server.drops -= 1
            body = body[: len(body) // 2]
        self.wfile.write(body)


class TestDownload(InstallerCase):
    def serve(self, drops=0):
        payload = make_archive(self.tmp).read_bytes()
        server = ArchiveServer(payload, drops)
        self.addCleanup(server.stop)
        return server

    def test_download(self):
        server = self.serve()
        installer, out = self.ensure({}, url=server.url())
        self.assert_installed(installer, "download")
        self.assertIn(f"downloading the Odoo 18.0 nightly source: {server.url()}", out)
        self.assertIn("(100%)", out)
        self.assertEqual(server.requests, [None])
        self.assertEqual(list((self.var / "download").iterdir()), [], "archive removed")

    def test_dropped_halfway_is_resumed(self):
        server = self.serve(drops=1)
        installer, out = self.ensure({}, url=server.url())
        self.assert_installed(installer, "download")
        half = len(server.payload) // 2
        self.assertEqual(server.requests, [None, f"bytes={half}-"])
        self.assertIn(
            f"connection closed at {half} of {len(server.payload)} bytes", out
        )
        self.assertIn("attempt 2 of 3", out)

    def test_interrupted_download_resumed_by_the_next_run(self):
        server = self.serve(drops=2)
        error, _out, _installer = self.fails({}, url=server.url(), retry_delays=(0,))
        part = self.var / "download" / "odoo_18.0.latest.tar.gz.part"
        kept = part.stat().st_size
        self.assertGreater(kept, 0)
        self.assertIn(f"stopped at {kept} bytes", str(error))
        self.assertIn("run again to resume it", str(error))
        installer, _out = self.ensure({}, url=server.url())
        self.assert_installed(installer, "download")
        self.assertEqual(server.requests[-1], f"bytes={kept}-")

    def test_404(self):
        server = self.serve()
        error, _out, installer = self.fails({}, url=server.url("odoo_17.0.tar.gz"))
        self.assertEqual(error.step, "downloading the Odoo 18.0 source")
        self.assertIn("answered 404", str(error))
        self.assertIn("ODOO_ARCHIVE=", str(error))
        self.assertEqual(len(server.requests), 1, "a 404 is not retried")
        self.assertEqual(installer.commands, [])

    def test_offline(self):
        with socket.socket() as probe:  # a port nobody listens on
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        error, out, _installer = self.fails(
            {}, url=f"http://127.0.0.1:{port}/odoo.tar.gz"
        )
        self.assertIn("cannot be reached", str(error))
        self.assertIn("offline", str(error))
        self.assertIn("ODOO_ARCHIVE=", str(error))
        self.assertIn("ODOO_GIT=", str(error))
        self.assertIn("attempt 3 of 3", out)


class TestStamp(InstallerCase):
    def test_second_run_skips_the_work(self):
        archive = make_archive(self.tmp)
        env = {"ODOO_ARCHIVE": str(archive)}
        first, _out = self.ensure(env)
        self.assertEqual(len(first.commands), 3, "venv, Odoo's requirements, ours")
        (self.var / "odoo" / "kept").write_text("")

        second, out = self.ensure(env)
        self.assertEqual(second.commands, [])
        self.assertNotIn("unpacking", out)
        self.assertIn("up to date", out)
        self.assertTrue((self.var / "odoo" / "kept").exists())

        # without ODOO_ARCHIVE the installed source is kept too (no download)
        third, out = self.ensure({}, url="http://127.0.0.1:9/unused.tar.gz")
        self.assertEqual(third.commands, [])

        # our requirements changed: pip again, in the same venv, same source
        (self.root / "requirements.txt").write_text("lxml==5.2.1\nxlrd==2.0.1\n")
        fourth, out = self.ensure(env)
        self.assertEqual(
            [c[1:4] for c in fourth.commands], [["-m", "pip", "install"]] * 2
        )
        self.assertTrue((self.var / "odoo" / "kept").exists())

        # another archive: a new source, the venv kept (same requirements)
        other = make_archive(self.tmp, ".zip")
        fifth, out = self.ensure({"ODOO_ARCHIVE": str(other)})
        self.assertIn(f"unpacking {other}", out)
        self.assertFalse((self.var / "odoo" / "kept").exists())
        self.assertEqual(fifth.commands, [])
        self.assertIn("var/venv already has the requirements", out)

    def test_failed_install_is_redone(self):
        archive = make_archive(self.tmp)
        env = {"ODOO_ARCHIVE": str(archive)}
        self.fails(env, pip_failures={"ruff==0.14.14": "ERROR: network down"})
        again, _out = self.ensure(env)
        self.assertEqual(len(again.commands), 2, "Odoo's requirements and ours again")


class TestPins(InstallerCase):
    def test_markers_evaluated_for_the_running_python(self):
        lines = odoo_pins.requirement_lines(ODOO_REQUIREMENTS)
        pins, skipped = odoo_pins.select_pins(lines)
        self.assertEqual(
            {pin.name: pin.requirement for pin in pins},
            {"cbor2": "cbor2==5.4.2", "gevent": "gevent==22.10.2", "pytz": "pytz"},
        )
        self.assertEqual(skipped, ["python-ldap==3.4.0"])
        fallbacks = {pin.name: pin.fallbacks for pin in pins}
        self.assertEqual(fallbacks["cbor2"], [("cbor2==5.6.2", NEXT)])
        self.assertEqual(fallbacks["gevent"], [("gevent==24.2.1", NEXT)])
        self.assertEqual(fallbacks["pytz"], [])
        with_ldap, skipped = odoo_pins.select_pins(lines, ldap=True)
        self.assertIn("python-ldap==3.4.0", [pin.requirement for pin in with_ldap])
        self.assertEqual(skipped, [])
        later = odoo_pins.pins_for(lines, (MAJOR, MINOR + 2))
        self.assertEqual(later["cbor2"], "cbor2==5.6.2")

    def test_pip_build_failures_read(self):
        self.assertEqual(odoo_pins.failed_builds(PIP_METADATA_FAILURE), {"cbor2"})
        self.assertEqual(
            odoo_pins.failed_builds(PIP_23_BUILD_FAILURE), {"gevent", "zope-interface"}
        )
        self.assertEqual(odoo_pins.failed_builds(PIP_24_BUILD_FAILURE), {"cbor2"})
        self.assertEqual(
            odoo_pins.failed_builds("ERROR: No matching distribution"), set()
        )

    def test_pin_that_does_not_build_retried_with_next_python_pin(self):
        archive = make_archive(self.tmp)
        installer, out = self.ensure(
            {"ODOO_ARCHIVE": str(archive)},
            pip_failures={"cbor2==5.4.2": PIP_METADATA_FAILURE},
        )
        listings = installer.odoo_pip_calls
        self.assertEqual(len(listings), 2)
        self.assertIn("cbor2==5.4.2", listings[0])
        self.assertEqual(
            sorted(listings[1]), ["cbor2==5.6.2", "gevent==22.10.2", "pytz"]
        )
        self.assertIn(
            f"cbor2==5.4.2 (Odoo's pin for Python {PY}) does not build here: "
            f"retrying with cbor2==5.6.2, Odoo's pin for Python {NEXT}",
            out,
        )
        self.assertIn("python-ldap==3.4.0 left out: ODOO_LDAP=1 adds it", out)
        stamp = json.loads((self.var / "venv" / "bocp-install.json").read_text())
        self.assertEqual(stamp["pins"]["cbor2"], "cbor2==5.6.2")

    def test_failure_names_step_command_and_log(self):
        archive = make_archive(self.tmp)
        error, _out, _installer = self.fails(
            {"ODOO_ARCHIVE": str(archive), "ODOO_LDAP": "1"},
            pip_failures={"pytz": "Failed to build pytz\n"},
        )
        message = str(error)
        self.assertTrue(message.startswith("installing Odoo's requirements failed: `"))
        self.assertIn("-m pip install --disable-pip-version-check -r", message)
        self.assertIn("see var/log/odoo-install.log", message)
        self.assertIn("pytz does not build", message)
        listing = (self.var / "venv" / "bocp-odoo-requirements.txt").read_text()
        self.assertIn("python-ldap==3.4.0", listing.split(), "ODOO_LDAP=1 keeps it")


if __name__ == "__main__":
    os.chdir(Path(__file__).resolve().parents[2])
    unittest.main()
