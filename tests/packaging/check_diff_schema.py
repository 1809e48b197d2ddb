#!/usr/bin/env python3
"""Checks docs/diff.schema.json against the documents `witness diff --format json` writes.

The good cluster-of-three recording in tests/testdata is compared with itself
and with each of its broken variants (a wrong MAC, a missing fixture, an extra
record, a missing close, a stop before its create). Every document must
satisfy the schema, carry "schema": 1 and agree with the exit status; the set
must reach every kind of difference and both verdicts, or the check fails for
proving less than it says.
"""
import argparse
import json
import pathlib
import subprocess
import sys

from schema_check import check_document, load_validator


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--schema", required=True)
    parser.add_argument("--witness", required=True)
    parser.add_argument("--testdata", required=True)
    args = parser.parse_args()

    validator = load_validator(args.schema)
    recordings = pathlib.Path(args.testdata) / "recordings/cluster-of-three"
    good = recordings / "good.jsonl"
    failures = []
    seen_kinds = set()
    seen_verdicts = set()
    pairs = [(good, other) for other in sorted(recordings.glob("*.jsonl"))]
    pairs.append((recordings / "extra-record.jsonl", good))
    for a, b in pairs:
        name = f"diff {a.name} {b.name}"
        result = subprocess.run([args.witness, "diff", str(a), str(b), "--format", "json"],
                                capture_output=True, text=True, check=False)
        if result.returncode not in (0, 1):
            failures.append(f"{name} exited {result.returncode}: {result.stderr.strip()}")
            continue
        try:
            document = json.loads(result.stdout)
        except json.JSONDecodeError as error:
            failures.append(f"{name} wrote no JSON document: {error}")
            continue
        check_document(validator, name, document, failures)
        if document.get("same") != (result.returncode == 0):
            failures.append(f"{name}: \"same\" is {document.get('same')!r} but the exit status "
                            f"is {result.returncode}")
        seen_verdicts.add(document.get("same"))
        for member in document.get("members", []):
            seen_kinds.update(d.get("kind") for d in member.get("differences", []))

    for kind in ("added", "removed", "changed", "reordered"):
        if kind not in seen_kinds:
            failures.append(f"no difference of kind {kind!r} among the documents")
    for verdict in (True, False):
        if verdict not in seen_verdicts:
            failures.append(f"no document with \"same\": {verdict}")

    for failure in failures:
        print(failure)
    print(f"{len(pairs)} documents, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
