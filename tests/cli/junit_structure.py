"""Summarises a JUnit XML file's structure as JSON, for the CLI tests.

Parses with xml.etree (so a document that is not well-formed XML fails), and
reports what a JUnit consumer reads: suites, test cases, failures, errors and
the counts the suite attributes claim.
"""
import json
import sys
import xml.etree.ElementTree as ElementTree


def main(path):
    root = ElementTree.parse(path).getroot()
    if root.tag == "testsuites":
        suites = root.findall("testsuite")
    elif root.tag == "testsuite":
        suites = [root]
    else:
        raise SystemExit("root element is <%s>, not <testsuite(s)>" % root.tag)
    summary = {"root": root.tag, "suites": []}
    for suite in suites:
        cases = suite.findall("testcase")
        failed = [c.get("name") for c in cases if c.find("failure") is not None]
        summary["suites"].append({
            "name": suite.get("name"),
            "tests_attr": int(suite.get("tests", "-1")),
            "failures_attr": int(suite.get("failures", "-1")),
            "testcases": len(cases),
            "unnamed_testcases": sum(1 for c in cases if not c.get("name")),
            "failure_elements": sum(len(c.findall("failure")) for c in cases),
            "error_elements": sum(len(c.findall("error")) for c in cases),
            "failed_cases": failed,
        })
    json.dump(summary, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
