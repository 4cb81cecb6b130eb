"""Summarise an Odoo test log.

Exits 1 on failed tests, no tests, skipped tests or warnings of the module.
Skips are tolerated with TEST_ALLOW_SKIPS=1 (Odoo's own suites skip some tests
on purpose); ours never skip.

Usage: python tools/test_report.py LOGFILE MODULE
Prints the module's own warnings and errors and ends with a line ``N passed, M failed``.
"""

import os
import re
import sys

ALLOW_SKIPS = os.environ.get("TEST_ALLOW_SKIPS") == "1"
LOG_LINE = re.compile(
    r"^\S+ \S+ \d+ (?P<level>[A-Z]+) \S+ (?P<logger>\S+): (?P<message>.*)$"
)
SUMMARY = re.compile(
    r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database"
)


def main(path, module):
    failed = errors = run = skipped = 0
    summary_found = False
    problems = []
    with open(path, encoding="utf-8", errors="replace") as log:
        for line in log:
            match = LOG_LINE.match(line)
            if not match:
                continue
            level, logger, message = match.group("level", "logger", "message")
            if level == "INFO" and message.startswith("skipped "):
                skipped += 1
                if not ALLOW_SKIPS:
                    problems.append(line.rstrip())
            elif level in ("WARNING", "ERROR", "CRITICAL") and (
                module in logger or module in message or "jit." in message
            ):
                problems.append(line.rstrip())
            summary = SUMMARY.search(message)
            if summary:
                summary_found = True
                failed, errors, run = (int(g) for g in summary.groups())
    for problem in problems:
        print(problem)
    if not summary_found:
        print(f"no test summary in {path}: Odoo did not finish (see the log)")
    elif not run:
        print("no test was run: check TEST_TAGS")
    if skipped and not ALLOW_SKIPS:
        print(f"{skipped} test(s) skipped (a skipped browser tour is a failure)")
    bad = failed + errors
    print(
        f"{run - bad - skipped} passed, {bad} failed"
        + (f", {skipped} skipped" if skipped else "")
    )
    return 0 if summary_found and run and not bad and not problems else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
