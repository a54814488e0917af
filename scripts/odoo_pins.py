"""Odoo's requirements.txt read for one Python: its pins, and the next ones.

Odoo pins each package per Python version (markers). The pins for the running
Python are installed; when one does not build (no wheel, a source that fails),
the version Odoo pins for the next Python is tried instead.
"""

import re
import sys


def _marker(text):
    """A PEP 508 marker; `packaging` if installed, else the copy pip vendors."""
    try:
        from packaging.markers import Marker  # noqa: PLC0415
    except ImportError:
        from pip._vendor.packaging.markers import Marker  # noqa: PLC0415
    return Marker(text)


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_lines(text):
    return [
        line.split("#")[0].strip()
        for line in text.splitlines()
        if line.split("#")[0].strip()
    ]


def pins_for(lines, python=None):
    """{canonical name: requirement} for the lines whose marker holds for the
    running Python, or for another `python` version such as (3, 12)."""
    environment = None
    if python:
        version = f"{python[0]}.{python[1]}"
        environment = {"python_version": version, "python_full_version": version + ".0"}
    pins = {}
    for line in lines:
        requirement, _, marker = line.partition(";")
        if marker.strip() and not _marker(marker.strip()).evaluate(environment):
            continue
        name = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement.strip())
        if name:  # not an option line such as --extra-index-url
            pins.setdefault(canonical(name.group(0)), requirement.strip())
    return pins


class Pin:
    """One package to install: the requirement tried now and those to try next
    (what Odoo pins for the following Python versions)."""

    def __init__(self, name, requirement, fallbacks):
        self.name = name
        self.requirement = requirement
        self.python = "{}.{}".format(*sys.version_info[:2])
        self.fallbacks = fallbacks  # [(requirement, "3.12"), ...]

    def __repr__(self):
        return f"Pin({self.requirement!r})"


def select_pins(lines, ldap=False):
    """Odoo's requirements for the running Python (python-ldap only with `ldap`)."""
    major, minor = sys.version_info[:2]
    later = [(major, minor + step) for step in (1, 2, 3)]
    later_pins = [(f"{v[0]}.{v[1]}", pins_for(lines, v)) for v in later]
    selected, skipped = [], []
    for name, requirement in pins_for(lines).items():
        if name == "python-ldap" and not ldap:
            skipped.append(requirement)
            continue
        fallbacks = []
        for python, pins in later_pins:
            other = pins.get(name)
            if other and other != requirement and other not in dict(fallbacks):
                fallbacks.append((other, python))
        selected.append(Pin(name, requirement, fallbacks))
    return selected, skipped


BUILD_FAILURES = (
    re.compile(r"Failed building wheel for ([\w.\-]+)"),
    re.compile(r"^Failed to build ([\w.\- ]+)$", re.M),
    re.compile(r"Could not build wheels for ([\w.\-, ]+?), which"),
    re.compile(
        r"Failed to build installable wheels for some pyproject\.toml based projects \(([^)]*)\)"
    ),
)
METADATA_FAILURE = re.compile(
    r"(Getting requirements to build wheel|Preparing metadata \(\S+\)"
    r"|python setup.py egg_info) did not run successfully"
)


def failed_builds(pip_output):
    """Canonical names of the packages pip says it could not build."""
    names = set()
    for pattern in BUILD_FAILURES:
        for match in pattern.finditer(pip_output):
            names.update(canonical(n) for n in re.split(r"[\s,]+", match.group(1)) if n)
    failure = METADATA_FAILURE.search(pip_output)
    if failure:  # pip stops collecting at the package whose metadata failed
        collecting = re.findall(
            r"^\s*Collecting ([A-Za-z0-9][\w.\-]*)", pip_output[: failure.start()], re.M
        )
        names.update(canonical(n) for n in collecting[-1:])
    return names
