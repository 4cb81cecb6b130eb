"""Check a pytest JUnit XML report: fail on failures, errors, skipped or no tests.

Usage: python tools/check_junit.py REPORT.xml
Ends with a line ``N passed, M failed`` (and ``, K skipped`` when some were).
"""

import sys
import xml.etree.ElementTree as ET


def main(path):
    try:
        cases = list(ET.parse(path).getroot().iter("testcase"))
    except (OSError, ET.ParseError) as error:
        print(f"no JUnit report ({error}): pytest did not finish")
        return 1
    failed = sum(
        1
        for case in cases
        if case.find("failure") is not None or case.find("error") is not None
    )
    skipped = sum(1 for case in cases if case.find("skipped") is not None)
    if not cases:
        print("no test was run")
    if skipped:
        print(f"{skipped} skipped: a skipped test (or browser tour) is a failure")
    passed = len(cases) - failed - skipped
    summary = f"{passed} passed, {failed} failed"
    print(summary + (f", {skipped} skipped" if skipped else ""))
    return 0 if cases and not failed and not skipped else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
