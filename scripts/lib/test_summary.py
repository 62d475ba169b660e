#!/usr/bin/env python3
"""Counts test cases across meson build directories for scripts/test.

Each GoogleTest case counts once (meson merges their JUnit reports into
meson-logs/testlog.junit.xml); a test program that failed without reporting
any case (a crash, a sanitizer abort, a timeout) counts as one failure.
`--broken N` adds N failures for builds that did not compile.
Prints 'N passed, N failed' (', N skipped' when some were) as the last line.
"""
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

args = sys.argv[1:]
broken = 0
if args[:1] == ["--broken"]:
    broken, args = int(args[1]), args[2:]
passed = skipped = 0
failed = broken  # a build that did not compile ran none of its tests
for build in args:
    logs = Path(build) / "meson-logs"
    junit = logs / "testlog.junit.xml"
    testlog = logs / "testlog.json"
    if not testlog.exists():
        continue
    cases_by_suite = {}
    if junit.exists():
        for suite in ET.parse(junit).getroot().iter("testsuite"):
            name = suite.get("name", "")
            for case in suite.iter("testcase"):
                if case.find("failure") is not None or case.find("error") is not None:
                    state = "fail"
                elif case.find("skipped") is not None:
                    state = "skip"
                else:
                    state = "pass"
                cases_by_suite.setdefault(name, []).append((case.get("classname", ""), state))
    for line in testlog.read_text().splitlines():
        run = json.loads(line)
        result = run["result"]
        # GoogleTest suites appear as "<project>.<test name>.<gtest suite>".
        cases = [s for suite, c in cases_by_suite.items() for (_, s) in c
                 if suite.split(".")[1:2] == [run["name"]]]
        if result == "SKIP":
            skipped += 1
            continue
        if not cases:
            if result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            else:
                failed += 1
                print(f"  FAILED: {Path(build).name}: {run['name']} ({result})")
            continue
        p = sum(1 for s in cases if s == "pass")
        f = sum(1 for s in cases if s == "fail")
        passed += p
        skipped += sum(1 for s in cases if s == "skip")
        if result not in ("OK", "EXPECTEDFAIL") and f == 0:
            f = 1  # the program failed after its cases passed (leak check, exit code)
        if f:
            print(f"  FAILED: {Path(build).name}: {run['name']} ({f} failing)")
        failed += f

line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed else 0)
