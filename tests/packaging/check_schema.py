#!/usr/bin/env python3
"""Checks docs/scenario.schema.json against the engine.

Every scenario shipped as valid must satisfy the schema, and every file in the
invalid set must be rejected by both the schema and the engine (`witness check`
exits 2 naming the file), so editors flag exactly what `witness` refuses.
"""
import argparse
import json
import pathlib
import subprocess
import sys
import tempfile

import jsonschema
import yaml


def scenario_files(paths):
    for path in map(pathlib.Path, paths):
        if path.is_dir():
            yield from sorted(path.glob("*.yaml"))
        elif path.exists():
            yield path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--schema", required=True)
    parser.add_argument("--witness", required=True)
    parser.add_argument("--valid", nargs="+", default=[])
    parser.add_argument("--invalid", nargs="+", default=[])
    args = parser.parse_args()

    schema = json.loads(pathlib.Path(args.schema).read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    failures = []

    valid = list(scenario_files(args.valid))
    for path in valid:
        errors = list(validator.iter_errors(yaml.safe_load(path.read_text())))
        for error in errors:
            failures.append(f"{path}: schema rejects a valid scenario: {error.message} "
                            f"at {'/'.join(map(str, error.absolute_path))}")

    invalid = list(scenario_files(args.invalid))
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as empty_recording:
        for path in invalid:
            if not list(validator.iter_errors(yaml.safe_load(path.read_text()))):
                failures.append(f"{path}: schema accepts a scenario the engine rejects")
            result = subprocess.run(
                [args.witness, "check", str(path), empty_recording.name],
                capture_output=True, text=True, check=False)
            if result.returncode != 2 or path.name not in result.stderr:
                failures.append(f"{path}: expected `witness check` to exit 2 naming the file, "
                                f"got {result.returncode}: {result.stderr.strip()}")

    if not valid or not invalid:
        failures.append("no scenarios found: the check would prove nothing")
    for failure in failures:
        print(failure)
    print(f"{len(valid) + len(invalid) - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
