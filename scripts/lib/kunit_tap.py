#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn kunit.py's JSON result into ampipc's result lines.

Reads the JSON written by `kunit.py parse --json` and prints one line per
test case, `ok N - suite.case` or `not ok N - suite.case`, numbering from
--start. Parameterised cases keep their parent's name as a prefix. Prints
the counts as "PASSED FAILED SKIPPED SUITES" on the last line for the caller.
"""
import argparse
import json
import sys


def walk(group, prefix, out):
    name = group.get("name", "")
    here = prefix + [name] if name and name != "KUnit Test Group" else prefix
    for case in group.get("test_cases", []):
        # Newer kunit.py (7.x) reads each module's own "KTAP version 1 /
        # 1..N" header in a concatenated log as a nameless top-level test
        # with no result and no output. It is no test of ours: a real
        # case always has a name (and a crash shows as a splat).
        if not here and not case["name"] and not case.get("log"):
            continue
        out.append((".".join(here + [case["name"]]), case["status"]))
    for sub in group.get("sub_groups", []):
        walk(sub, here, out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("json_file")
    ap.add_argument("--start", type=int, default=1)
    ap.add_argument("--prefix", default="", help="prepended to every test name")
    args = ap.parse_args()
    with open(args.json_file, encoding="utf-8") as f:
        data = json.load(f)
    cases = []
    walk(data, [], cases)
    suites = {c[0].split(".")[0] for c in cases}
    n = args.start
    passed = failed = skipped = 0
    for name, status in cases:
        name = args.prefix + name
        if status == "PASS":
            print(f"ok {n} - {name}")
            passed += 1
        elif status == "SKIP":
            print(f"ok {n} - {name} # SKIP")
            skipped += 1
        else:
            print(f"not ok {n} - {name} ({status})")
            failed += 1
        n += 1
    print(f"{passed} {failed} {skipped} {' '.join(sorted(suites))}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
