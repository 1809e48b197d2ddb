#!/usr/bin/env python3
"""Checks docs/report.schema.json against the documents witness writes.

Every JSON document `witness check --format json`, `witness run --format json`
and `witness show --format json` write for the recordings in tests/testdata
(passing, failing, unverifiable, torn, annotated, with a command that fails,
with the update --update proposes)
must satisfy the schema and carry "schema": 1. The set must reach every
outcome (and the timeline) and the main kinds of check, or the check fails
for proving less than it says.
"""
import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile

from schema_check import check_document, load_validator


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--schema", required=True)
    parser.add_argument("--witness", required=True)
    parser.add_argument("--testdata", required=True)
    args = parser.parse_args()

    validator = load_validator(args.schema)
    testdata = pathlib.Path(args.testdata)
    failures = []
    documents = []

    def witness(arguments, env=None, expect=(0, 1)):
        result = subprocess.run([args.witness, *arguments], capture_output=True, text=True,
                                env=dict(os.environ, **(env or {})), check=False)
        if result.returncode not in expect:
            failures.append(f"witness {' '.join(arguments)} exited {result.returncode}: "
                            f"{result.stderr.strip()}")
            return None
        try:
            document = json.loads(result.stdout)
        except json.JSONDecodeError as error:
            failures.append(f"witness {' '.join(arguments)} wrote no JSON document: {error}")
            return None
        documents.append((" ".join(arguments), document))
        return document

    cluster = testdata / "scenarios/cluster-of-three.yaml"
    home = {"FLEETBOX_HOME": "/tmp/fleetbox-home"}
    recordings = sorted((testdata / "recordings/cluster-of-three").glob("*.jsonl"))
    for recording in recordings:
        witness(["check", str(cluster), str(recording), "--format", "json"], home)
        witness(["show", str(recording), "--format", "json"])
        # With the proposed update; CI is set, so nothing is written beside
        # the scenario in the source tree.
        witness(["check", str(cluster), str(recording), "--format", "json", "--update"],
                dict(home, CI="true"))
    witness(["check", str(cluster), str(recordings[0]), "--format", "json", "--annotate"], home)
    cli = testdata / "cli"
    witness(["check", str(cli / "cluster.yaml"), str(cli / "cluster-torn.jsonl"), "--format",
             "json", "--annotate"])
    witness(["show", str(cli / "cluster-torn.jsonl"), "--format", "json"])
    witness(["check", str(cli / "cluster.yaml"), str(cli / "cluster.jsonl"), "--format", "json",
             "--var", "home=/elsewhere"])
    with tempfile.TemporaryDirectory() as scratch:
        empty = pathlib.Path(scratch) / "empty.jsonl"
        empty.write_text("")
        witness(["check", str(cli / "never-stop-boom.yaml"), str(empty), "--format", "json"])
        witness(["show", str(empty), "--format", "json"])
        # A run whose command fails and records nothing: command checks, and
        # an unverifiable "never".
        witness(["run", str(cli / "never-stop-boom.yaml"), "--format", "json", "--", "false"],
                {"TMPDIR": scratch})

    seen_outcomes = set()
    seen_kinds = set()
    updates = 0
    for name, document in documents:
        updates += "update" in document
        check_document(validator, name, document, failures)
        seen_outcomes.add(document.get("outcome"))
        seen_kinds.update(check.get("kind") for check in document.get("checks", []))

    # The set must reach what it claims to check.
    for outcome in ("pass", "fail", "unverifiable", None):
        if outcome not in seen_outcomes:
            failures.append(f"no document with outcome {outcome!r}: the check proves less "
                            "than it says")
    if updates == 0:
        failures.append("no document with an \"update\": the check proves less than it says")
    for kind in ("order", "unique", "strict", "liveness", "command"):
        if kind not in seen_kinds:
            failures.append(f"no check of kind {kind!r} among the documents")

    for failure in failures:
        print(failure)
    print(f"{len(documents)} documents, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
