#!/usr/bin/env python3
"""CI formats on a failing minifleet run: each points at the scenario line.

Runs minifleet's cluster scenario through `witness run --format github` with
the fault that stops the MAC reaching create (the run fails at the per-member
`create` expectation), then checks the kept record file again with
`--format codeclimate`, `--format junit` and `--format json`. Each output is
parsed as its consumer would (GitHub's workflow-command syntax, GitLab's code
quality JSON, an XML parser, JSON Schema) and must place the create failure at
the line and column where cluster.yaml writes that expectation.

Green proves the locations and the documents' shape on a real multi-process
run. It does not prove GitHub or GitLab render them: no CI service is called.
"""
import argparse
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree

import jsonschema

FAILURES = []


def check(condition, message):
    if not condition:
        FAILURES.append(message)
    return condition


def expectation_position(scenario, expectation_id):
    """The 1-based line and column of the first `- id: <expectation_id>` item."""
    for number, line in enumerate(scenario.read_text().splitlines(), start=1):
        if line.strip() == f"- id: {expectation_id}":
            return number, line.index("id:") + 1
    raise SystemExit(f"{scenario} has no '- id: {expectation_id}' item")


def unescape(text):
    # The Actions toolkit's escapes, undone in the reverse order.
    for escaped, plain in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","),
                           ("%25", "%")):
        text = text.replace(escaped, plain)
    return text


def parse_workflow_commands(stdout):
    """The annotations GitHub would make of `stdout`, as dicts."""
    commands = []
    stopped_by = None
    for line in stdout.splitlines():
        if stopped_by is not None:
            if line == f"::{stopped_by}::":
                stopped_by = None
            continue
        match = re.match(r"^::stop-commands::(.+)$", line)
        if match:
            stopped_by = match.group(1)
            continue
        match = re.match(r"^::(error|warning|notice)( [^:]*)?::(.*)$", line)
        if not match:
            continue
        command = {"level": match.group(1), "message": unescape(match.group(3))}
        for prop in (match.group(2) or "").strip().split(","):
            if prop:
                key, _, value = prop.partition("=")
                command[key] = unescape(value)
        commands.append(command)
    check(stopped_by is None, f"the log never resumes workflow commands after ::stop-commands::")
    return commands


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--witness", required=True)
    parser.add_argument("--minifleet", required=True)
    parser.add_argument("--helper", required=True)
    parser.add_argument("--source", required=True, help="the repository root")
    args = parser.parse_args()

    source = pathlib.Path(args.source).resolve()
    scenario = source / "examples/minifleet/scenarios/cluster.yaml"
    schema = json.loads((source / "docs/report.schema.json").read_text())
    line, column = expectation_position(scenario, "create")
    repository_path = str(scenario.relative_to(source))

    work = pathlib.Path(tempfile.mkdtemp(prefix="witness-ci-formats."))
    try:
        root = work / "root"
        summary = work / "summary.md"
        env = dict(os.environ, MINIFLEET_FAULT="mac-not-threaded", GITHUB_WORKSPACE=str(source),
                   GITHUB_STEP_SUMMARY=str(summary), TMPDIR=str(work))
        env.pop("CI_PROJECT_DIR", None)
        run = subprocess.run(
            [args.witness, "run", str(scenario), "--var", f"root={root}", "--timeout", "120s",
             "--format", "github", "--", args.minifleet, "cluster", "--helper", args.helper,
             "--root", str(root), "--members", "web-1,web-2,web-3", "--fixtures", "1"],
            env=env, capture_output=True, text=True, check=False)
        if not check(run.returncode == 1, f"witness run exited {run.returncode}, not 1 (a failed "
                                          f"check): {run.stderr}"):
            return report()
        kept = re.search(r"^witness: kept the record file: (.+)$", run.stderr, re.M)
        if not check(kept, f"witness run kept no record file: {run.stderr}"):
            return report()
        record = kept.group(1)

        # GitHub: the report in a stretch where no command runs, then one
        # ::error per failure, placed at the expectation.
        check(run.stdout.startswith("::stop-commands::"),
              f"github output does not start by stopping commands: {run.stdout[:80]!r}")
        annotations = parse_workflow_commands(run.stdout)
        creates = [a for a in annotations if a.get("title", "").startswith("witness: create [web-")]
        check(creates, f"no ::error for the create expectation among {annotations}")
        for annotation in creates:
            check(annotation["level"] == "error", f"not an error: {annotation}")
            check(annotation.get("file") == repository_path,
                  f"file={annotation.get('file')}, not {repository_path}")
            check(annotation.get("line") == str(line), f"line={annotation.get('line')}, not {line}")
            check(annotation.get("col") == str(column), f"col={annotation.get('col')}, not {column}")
            check("differs in mac" in annotation["message"],
                  f"the message does not say what differs: {annotation['message']!r}")
        check(summary.exists() and "### witness: cluster-of-three failed" in summary.read_text(),
              f"no step summary saying the scenario failed in {summary}")
        check(summary.exists() and "create \\[web-" in summary.read_text(),
              "the step summary has no row for the create expectation")

        def witness_check(output_format, extra_env=None):
            result = subprocess.run(
                [args.witness, "check", str(scenario), record, "--var", f"root={root}",
                 "--format", output_format],
                env=dict(os.environ, **(extra_env or {})), capture_output=True, text=True,
                check=False)
            check(result.returncode == 1,
                  f"witness check --format {output_format} exited {result.returncode}")
            return result.stdout

        # GitLab code quality: one issue per failure, located by repository path.
        issues = json.loads(witness_check("codeclimate", {"CI_PROJECT_DIR": str(source)}))
        create_issues = [i for i in issues if i["description"].startswith("create [web-")]
        check(create_issues, f"no code quality issue for the create expectation in {issues}")
        for issue in create_issues:
            check(issue["location"]["path"] == repository_path, f"path: {issue['location']}")
            check(issue["location"]["lines"]["begin"] == line, f"lines: {issue['location']}")
            check(issue["severity"] == "major", f"severity: {issue['severity']}")
            check(issue["check_name"] == "witness/expectation", f"check_name: {issue['check_name']}")
        fingerprints = [i["fingerprint"] for i in issues]
        check(len(set(fingerprints)) == len(fingerprints), f"fingerprints repeat: {fingerprints}")
        again = json.loads(witness_check("codeclimate", {"CI_PROJECT_DIR": str(source)}))
        check([i["fingerprint"] for i in again] == fingerprints,
              "fingerprints differ between two checks of the same recording")

        # JUnit: file and line attributes on the testcase.
        suite = ElementTree.fromstring(witness_check("junit"))
        cases = [c for c in suite.iter("testcase") if c.get("name", "").startswith("create [web-")]
        check(cases, "no JUnit testcase for the create expectation")
        failed = [c for c in cases if c.find("failure") is not None]
        check(failed, "no create testcase failed")
        for case in cases:
            check(case.get("file") == str(scenario), f"file={case.get('file')}")
            check(case.get("line") == str(line), f"line={case.get('line')}")

        # JSON: valid against the schema, the position in defined_at.
        document = json.loads(witness_check("json"))
        jsonschema.Draft7Validator.check_schema(schema)
        for error in jsonschema.Draft7Validator(schema).iter_errors(document):
            check(False, f"the report breaks the schema: {error.message} at "
                         f"{'/'.join(map(str, error.absolute_path))}")
        check(document.get("schema") == 1, f"schema: {document.get('schema')}")
        failed_creates = [e for e in document["expectations"]
                          if e["id"] == "create" and not e["passed"]]
        check(failed_creates, "the JSON report has no failed create expectation")
        for expectation in failed_creates:
            check(expectation["defined_at"] == f"{scenario}:{line}:{column}",
                  f"defined_at: {expectation['defined_at']}")
        shutil.rmtree(pathlib.Path(record).parent, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return report()


def report():
    for failure in FAILURES:
        print(failure)
    print("ci formats: " + ("ok" if not FAILURES else f"{len(FAILURES)} failures"))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
