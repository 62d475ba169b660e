#!/usr/bin/env python3
"""Prints the ninja targets that the tests of some suites need.

Usage: suite_targets.py BUILD_DIR [--programs] SUITE [SUITE ...]
With --programs, also every program the project defines outside tests/
(the tools, the API's examples, the benchmarks), so that a build running
only some suites still compiles all of them.
scripts/test builds only these instead of every program of the project:
each suite runs in one build (the unit tests in the sanitizer build only).
"""
import json
import os
import subprocess
import sys

args = sys.argv[1:]
build = args.pop(0)
programs = "--programs" in args
suites = {a for a in args if a != "--programs"}


def introspect(what):
    out = subprocess.run(["meson", "introspect", build, what], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


targets = introspect("--targets")
files_by_id = {t["id"]: t["filename"] for t in targets}
needed = set()
for test in introspect("--tests"):
    if not suites & {s.split(":")[-1] for s in test["suite"]}:
        continue
    for target in test.get("depends", []):
        needed.update(files_by_id.get(target, []))
if programs:
    source = os.path.realpath(os.path.join(os.path.dirname(__file__), "..", ".."))
    tests = os.path.join(source, "tests") + os.sep
    for target in targets:
        if target["type"] == "executable" and not target["defined_in"].startswith(tests):
            needed.update(target["filename"])
root = os.path.abspath(build)
print("\n".join(sorted(os.path.relpath(f, root) for f in needed)))
