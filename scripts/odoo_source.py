"""Where the Odoo 18.0 source comes from: a local archive, or a download.

Used by scripts/odoo_install.py (which also clones ODOO_GIT with git). An
archive is unpacked whether or not it has a top folder; a download is resumed
where it stopped (HTTP Range, guarded by If-Range on the ETag) and retried.
"""

import http.client
import re
import socket
import sys
import tarfile
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

ODOO_VERSION = "18.0"
NIGHTLY_URL = "https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz"
LOCAL_SOURCES = (
    "Give a local Odoo 18.0 source instead: ODOO_ARCHIVE=/path/to/odoo-18.0.tar.gz "
    "(.tar.gz, .tar.xz or .zip) or ODOO_GIT=/path/or/url/of/an/odoo/repository "
    "(ODOO_REF=18.0 by default)."
)


class InstallError(Exception):
    """A step that failed: what it was, the command and where its log is."""

    def __init__(self, step, detail, log=None, output=""):
        super().__init__(step, detail)
        self.step = step
        self.detail = detail
        self.log = log
        self.output = output

    def __str__(self):
        where = f"; see {self.log}" if self.log else ""
        tail = "".join(self.output.splitlines(keepends=True)[-12:])
        return f"{self.step} failed: {self.detail}{where}" + (
            f"\n--- last lines ---\n{tail}" if tail else ""
        )


def say(message, end="\n"):
    print(f"[bocp] {message}", end=end, flush=True)


def odoo_version(source_root):
    """'18.0' for an Odoo 18.0 source tree, per its odoo/release.py."""
    release = Path(source_root) / "odoo" / "release.py"
    if not release.exists():
        return None
    match = re.search(r"version_info\s*=\s*\((\d+),\s*(\d+)", release.read_text())
    return f"{match.group(1)}.{match.group(2)}" if match else None


def source_root(folder):
    """The folder holding odoo/release.py: `folder` itself or its top folder."""
    folder = Path(folder)
    if (folder / "odoo" / "release.py").exists():
        return folder
    found = [p for p in folder.iterdir() if (p / "odoo" / "release.py").exists()]
    return found[0] if len(found) == 1 else None


def unpack(archive, dest):
    """Unpack a .tar.gz, .tar.xz or .zip into `dest` (nothing outside it)."""
    archive = Path(archive)
    name = archive.name.lower()
    try:
        if name.endswith(".zip"):
            with zipfile.ZipFile(archive) as content:
                content.extractall(dest)  # zipfile drops absolute and .. paths
        elif name.endswith((".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar")):
            with tarfile.open(archive) as content:
                if hasattr(tarfile, "data_filter"):
                    content.extractall(dest, filter="data")
                else:  # Python < 3.10.12: check the paths ourselves
                    for member in content.getmembers():
                        if member.name.startswith("/") or ".." in member.name:
                            raise tarfile.TarError(f"unsafe path {member.name}")
                    content.extractall(dest)  # noqa: S202 - paths checked above
        else:
            raise InstallError(
                "unpacking the Odoo source",
                f"{archive} is not a .tar.gz, .tar.xz or .zip",
            )
    except (
        tarfile.TarError,
        zipfile.BadZipFile,
        EOFError,
        OSError,
        ValueError,
    ) as error:
        raise InstallError(
            "unpacking the Odoo source",
            f"{archive} is not a readable archive ({error})",
        ) from error


class _Progress:
    """One progress line: rewritten in place on a terminal, every 25% in a log."""

    def __init__(self, url):
        self.url = url
        self.tty = sys.stdout.isatty()
        self.shown = -1
        self.last = 0.0

    def update(self, done, total):
        mb = f"{done / 1e6:.1f}" + (f" of {total / 1e6:.1f} MB" if total else " MB")
        percent = int(done * 100 / total) if total else 0
        if self.tty and time.monotonic() - self.last > 0.3:
            self.last = time.monotonic()
            say(f"downloading {self.url}: {mb} ({percent}%)\x1b[K", end="\r")
        elif not self.tty and total and percent // 25 > self.shown:
            self.shown = percent // 25
            say(f"downloading {self.url}: {mb} ({percent}%)")

    def done(self, size):
        if self.tty or self.shown < 4:
            say(f"downloaded {self.url}: {size / 1e6:.1f} MB\x1b[K")


class _Interrupted(Exception):
    pass


def download(url, dest_dir, retry_delays=(2, 5, 15)):
    """Download `url` into dest_dir; an interrupted download is resumed (HTTP
    Range, If-Range on the ETag), here after a pause or by the next run."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    target = dest_dir / (url.rstrip("/").rsplit("/", 1)[-1] or "odoo.tar.gz")
    part = target.with_name(target.name + ".part")
    validator = target.with_name(target.name + ".etag")
    progress = _Progress(url)
    step = "downloading the Odoo 18.0 source"
    error = None
    attempts = len(retry_delays) + 1
    for attempt, delay in enumerate([0, *retry_delays], start=1):
        if error:
            say(
                f"download failed ({error}); attempt {attempt} of {attempts} in {delay} s"
            )
            time.sleep(delay)
        try:
            _download_once(url, part, validator, progress)
        except urllib.error.HTTPError as http_error:
            http_error.close()
            if http_error.code == 416:  # what we kept is not part of it any more
                part.unlink(missing_ok=True)
            elif http_error.code < 500:
                raise InstallError(
                    step,
                    f"{url} answered {http_error.code} {http_error.reason}. {LOCAL_SOURCES}",
                ) from http_error
            error = f"HTTP {http_error.code}"
        except (
            urllib.error.URLError,
            OSError,
            http.client.HTTPException,
            _Interrupted,
        ) as failure:
            reason = getattr(failure, "reason", failure)
            error = str(reason) or type(failure).__name__
            if isinstance(reason, socket.gaierror):
                break  # the name does not resolve: offline (or a wrong URL)
        else:
            progress.done(part.stat().st_size)
            part.replace(target)
            validator.unlink(missing_ok=True)
            return target
    if not part.exists():
        raise InstallError(
            step,
            f"{url} cannot be reached ({error}): is this machine offline? {LOCAL_SOURCES}",
        )
    raise InstallError(
        step,
        f"{url}: stopped at {part.stat().st_size} bytes ({error}); "
        f"run again to resume it. {LOCAL_SOURCES}",
    )


def _download_once(url, part, validator, progress):
    have = part.stat().st_size if part.exists() else 0
    headers = {"User-Agent": "bocp-odoo-installer"}
    if have:
        headers["Range"] = f"bytes={have}-"
        if validator.exists():
            headers["If-Range"] = validator.read_text()
    with urllib.request.urlopen(
        urllib.request.Request(url, headers=headers), timeout=60
    ) as response:
        if response.status == 206:
            start = re.match(r"bytes (\d+)-", response.headers.get("Content-Range", ""))
            if not start or int(start.group(1)) != have:
                part.unlink()
                raise _Interrupted("the server resumed at another offset")
        else:
            have = 0
            tag = response.headers.get("ETag") or response.headers.get("Last-Modified")
            validator.unlink(missing_ok=True)
            if tag:
                validator.write_text(tag)
        length = response.headers.get("Content-Length")
        total = have + int(length) if length else None
        with open(part, "ab" if have else "wb") as out:
            while chunk := response.read(1 << 16):
                out.write(chunk)
                have += len(chunk)
                progress.update(have, total)
    if total and have < total:
        raise _Interrupted(f"connection closed at {have} of {total} bytes")
