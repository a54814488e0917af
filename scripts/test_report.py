"""Read an Odoo test log (and run plain unittest suites) into pass/fail counts.

Odoo 18 exits 1 when a test fails, but 0 when an error is only logged (a broken
view, a data file that failed, an exception in a hook), and it *skips* a tour
when the browser is missing. Here every ERROR/CRITICAL log record counts as a
failure, and so does every skipped test.
"""

import re
import subprocess
import sys
from dataclasses import dataclass, field

LOG_RECORD = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) "
    r"(?P<logger>[\w.]+): (?P<message>.*)$"
)
SUMMARY = re.compile(
    r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<run>\d+) tests "
    r"when loading database"
)
TEST_OUTCOME = re.compile(r"^(FAIL|ERROR): ")
SKIPPED = re.compile(r"^skipped ")
# Lines Odoo logs at ERROR level to sum up failures already counted as tests.
FAILURE_SUMMARIES = re.compile(
    r"(when loading database|At least one test failed when loading"
    r"|Module \S+: \d+ failures, \d+ errors of \d+ tests"
    r"|^\d+ failed, \d+ error)"
)


@dataclass
class Result:
    passed: int = 0
    failed: int = 0
    problems: list = field(default_factory=list)


def analyse(log_path):
    """Count the tests of an Odoo run and the errors it logged outside tests."""
    tests_run = failed_tests = skipped = 0
    logged_errors = []
    with open(log_path, encoding="utf-8", errors="replace") as log:
        for line in log:
            record = LOG_RECORD.match(line.rstrip("\n"))
            if not record:
                continue
            message = record["message"]
            summary = SUMMARY.search(message)
            if summary:
                tests_run = int(summary["run"])
                failed_tests = int(summary["failed"]) + int(summary["errors"])
                continue
            if record["level"] == "INFO" and SKIPPED.match(message):
                skipped += 1
                logged_errors.append(f"skipped test (a skip is not a pass): {message}")
            elif record["level"] in ("ERROR", "CRITICAL"):
                if TEST_OUTCOME.match(message) or FAILURE_SUMMARIES.search(message):
                    continue
                logged_errors.append(f"{record['level']} {record['logger']}: {message}")
    result = Result()
    result.passed = max(tests_run - failed_tests - skipped, 0)
    result.failed = failed_tests + len(logged_errors)
    result.problems = logged_errors
    if not tests_run:
        result.failed += 1
        result.problems.append("no Odoo test ran (the install probably failed)")
    for problem in result.problems:
        print(f"[bocp] counted as failed: {problem}", flush=True)
    if failed_tests:
        print(
            f"[bocp] {failed_tests} Odoo test(s) failed: see FAIL/ERROR in {log_path}"
        )
    return result


def run_unittests(root, addons):
    """Plain unittest suites under tests/ (the eMAG simulator's own tests)."""
    result = Result()
    suites = sorted(p for p in (root / "tests").glob("*/test_*.py"))
    if "bocp_emag" not in addons:
        suites = [p for p in suites if "emag" not in str(p)]
    for path in suites:
        module = ".".join(path.relative_to(root).with_suffix("").parts)
        proc = subprocess.run(
            [sys.executable, "-m", "unittest", "-v", module],
            cwd=root,
            capture_output=True,
            text=True,
        )
        sys.stdout.write(proc.stderr[-3000:] if proc.returncode else "")
        ran = re.search(r"^Ran (\d+) tests?", proc.stderr, re.M)
        count = int(ran.group(1)) if ran else 0
        bad = sum(
            int(n)
            for n in re.findall(r"(?:failures|errors|skipped)=(\d+)", proc.stderr)
        )
        if proc.returncode and not bad:
            bad = 1
        print(f"[bocp] {module}: {count} tests, {bad} failed or skipped", flush=True)
        result.passed += count - min(bad, count)
        result.failed += bad
    return result
