"""Summarise the logs of ``tools/dev.sh test-odoo``: one line per suite, then
each failing test with its assertion.

Usage: python tools/odoo_suites_report.py [--baseline PREFIX ...] NAME=LOGFILE ...
Skips are Odoo's own (tests that skip on purpose) and are only counted. With
``--baseline`` (repeatable: the JIT-off run, the run without the addon), the
failures also found in every ``PREFIX-NAME.log`` that ran them are marked: they
are not JIT's. Failures listed in ``tools/odoo_tests_intended.txt``
(``module:Class.method  reason``) are marked as intended. Exits 1 when a suite did
not finish or has a failure that is neither intended nor also failing with JIT off.
"""

import os
import re
import sys

RECORD = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) \S+ "
    r"(?P<logger>\S+): (?P<message>.*)$"
)
FAILURE = re.compile(r"^(?P<flavour>FAIL|ERROR): (?P<test>.+)$")
INTENDED = "odoo_tests_intended.txt"
SUMMARY = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests")
JIT_LINES = re.compile(
    r"jit_everywhere: (\d+) of (\d+) goods sale lines procured JIT \((\d+) JIT"
    r"(?:-managed, (\d+) JIT with routes of their own: (.*)\))?"
)


def records(path):
    """Yield ``(level, logger, message with its continuation lines)``."""
    current = None
    with open(path, encoding="utf-8", errors="replace") as log:
        for line in log:
            match = RECORD.match(line)
            if match:
                if current:
                    yield current
                current = [*match.group("level", "logger"), match.group("message")]
            elif current:
                current[2] += "\n" + line.rstrip("\n")
    if current:
        yield current


def assertion(text):
    """The exception line of a traceback (its last non-empty lines)."""
    lines = [line for line in text.splitlines() if line.strip()]
    for index in range(len(lines) - 1, -1, -1):
        if re.match(r"^[\w.]+(Error|Exception|Warning|Failure)\b", lines[index]):
            return " ".join(line.strip() for line in lines[index:])[:400]
    return lines[-1].strip()[:400] if lines else ""


def where(text):
    """``file.py:line`` of the last traceback frame in a tests folder."""
    frames = re.findall(r'File "[^"]*addons/[^/"]+/tests/([^"/]+)", line (\d+)', text)
    return f" ({frames[-1][0]}:{frames[-1][1]})" if frames else ""


def summarise(path):
    started, skipped, failures, summary = 0, 0, {}, None
    jit = [0, 0, 0]
    per_test = {}  # JIT figures of the test running: [jit, goods, own routes, names]
    current = None
    for level, logger, message in records(path):
        first = message.split("\n", 1)[0]
        if level == "INFO" and first.startswith("Starting ") and ".tests." in logger:
            started += 1
            current = per_test[first.split()[1]] = [0, 0, 0, set()]
        elif level == "INFO" and first.startswith("skipped "):
            skipped += 1
        elif level == "ERROR" and FAILURE.match(first):
            test = FAILURE.match(first).group("test").removeprefix("Subtest ")
            test = test.split(" ", 1)[0] if not test.startswith("setUp") else test
            module = logger.removeprefix("odoo.addons.").split(".", 1)[0]
            figures = per_test.get(test)
            text = assertion(message)
            if figures and figures[1]:
                routes = ": " + ", ".join(sorted(figures[3])) if figures[3] else ""
                text = (
                    f"[JIT lines {figures[0]}/{figures[1]}, {figures[2]} with "
                    f"routes of their own{routes}] {text}"
                )
            failures.setdefault(f"{module}:{test}{where(message)}", text)
        if match := JIT_LINES.search(first):
            jit = [a + int(b) for a, b in zip(jit, match.groups()[:3], strict=True)]
            if current is not None:
                current[0] += int(match.group(1))
                current[1] += int(match.group(2))
                current[2] += int(match.group(4) or 0)
                current[3].update(n for n in (match.group(5) or "").split(", ") if n)
        if match := SUMMARY.search(first):
            summary = tuple(int(g) for g in match.groups())
    return started, skipped, failures, summary, jit


def baseline_failures(prefixes, name):
    """Names of the tests failing in every baseline log of suite ``name`` that
    ran them (``PREFIX-NAME.log``), or None without a baseline log."""
    common = None
    for prefix in prefixes:
        path = f"{prefix}-{name}.log"
        if not os.path.exists(path):
            continue
        failing = {key.split(" (", 1)[0] for key in summarise(path)[2]}
        ran = tests_run(path)
        common = (
            failing
            if common is None
            else {
                test
                for test in common
                if test in failing or test.split(":", 1)[1] not in ran
            }
        )
    return common


def tests_run(path):
    """``Class.method`` of the tests a log started."""
    with open(path, encoding="utf-8", errors="replace") as log:
        return set(re.findall(r": Starting (\S+) \.\.\.", log.read()))


def intended_failures():
    """``{module:Class.method: reason}`` of the failures JIT causes on purpose."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), INTENDED)
    intended = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.strip() and not line.startswith("#"):
                test, _sep, reason = line.strip().partition(" ")
                intended[test] = reason.strip()
    return intended


def main(args):
    rc = 0
    details = []
    prefixes = []
    intended = intended_failures()
    while args[:1] == ["--baseline"]:
        prefixes.append(args[1])
        args = args[2:]
    for pair in args:
        name, path = pair.split("=", 1)
        try:
            started, skipped, failures, summary, jit = summarise(path)
        except FileNotFoundError:
            print(f"{name}: no log ({path})")
            rc = 1
            continue
        failed = len(failures)
        line = (
            f"{name}: {started - failed - skipped} passed, {failed} failed, "
            f"{skipped} skipped (of {started} run)"
        )
        baseline = baseline_failures(prefixes, name)
        also = {key for key in failures if key.split(" (", 1)[0] in (baseline or ())}
        if baseline is not None:
            line += f", {failed - len(also)} failing only with JIT on"
        expected = {key for key in failures if key.split(" (", 1)[0] in intended}
        unexpected = len(set(failures) - also - expected)
        line += f", {unexpected} to fix"
        failures = {
            key
            + (" (also fails without JIT)" if key in also else "")
            + (
                f" (intended: {intended[key.split(' (', 1)[0]]})"
                if key in expected
                else ""
            ): text
            for key, text in failures.items()
        }
        if jit[1]:
            line += f"; JIT procured {jit[0]} of {jit[1]} goods sale lines"
        if summary is None:
            line += "; DID NOT FINISH (timeout or crash: see the log)"
            rc = 1
        elif summary[0] + summary[1] != failed:
            line += f"; Odoo counts {summary[0]} failed, {summary[1]} error(s)"
        print(line)
        rc = rc or int(bool(unexpected))
        details += [f"  {name} {test}: {text}" for test, text in failures.items()]
    if details:
        print("Failures:")
        print("\n".join(details))
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
