#!/usr/bin/env python3
"""Prints the ninja targets that the tests of some suites need.

Usage: suite_targets.py BUILD_DIR SUITE [SUITE ...]
scripts/test builds only these in a build that runs a few suites (the
sanitizer build), instead of every program of the project.
"""
import json
import os
import subprocess
import sys

build, suites = sys.argv[1], set(sys.argv[2:])


def introspect(what):
    out = subprocess.run(["meson", "introspect", build, what], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


files_by_id = {t["id"]: t["filename"] for t in introspect("--targets")}
needed = set()
for test in introspect("--tests"):
    if not suites & {s.split(":")[-1] for s in test["suite"]}:
        continue
    for target in test.get("depends", []):
        needed.update(files_by_id.get(target, []))
root = os.path.abspath(build)
print("\n".join(sorted(os.path.relpath(f, root) for f in needed)))
