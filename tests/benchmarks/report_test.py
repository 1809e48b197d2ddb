#!/usr/bin/env python3
"""The gate's verdict logic (benchmarks/report.py) on made-up results: it
must pass only when witness is within the floor ratio in every case and fast
enough against the Go fake's way, and fail on a missing or failed run.

Usage: report_test.py <path to benchmarks/report.py>
"""

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import unittest

REPORT = sys.argv.pop(1) if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(__file__), "..", "..", "benchmarks", "report.py")
spec = importlib.util.spec_from_file_location("report", REPORT)
report = importlib.util.module_from_spec(spec)
spec.loader.exec_module(report)


def run(variant, size, writers, ns, error=None):
    kind, count = writers.split(":")
    if kind == "threads":
        name = f"append/{variant}/{size}/iterations:1000/real_time/threads:{count}"
    else:
        name = f"append/{variant}/{size}/processes:{count}/iterations:2/manual_time"
    entry = {"name": name, "run_name": name, "run_type": "iteration", "real_time": ns,
             "time_unit": "ns"}
    if error:
        entry.update(error_occurred=True, error_message=error)
    else:
        entry["ns_per_record"] = ns
    return entry


def case_runs(size, writers, floor, witness, go_fake, repetitions=3):
    runs = []
    for _ in range(repetitions):
        runs += [run("raw_write", size, writers, floor), run("witness", size, writers, witness),
                 run("go_fake", size, writers, go_fake)]
    return runs


def lockstep_run(size, writers, floor_ns, witness_ns, witness_ratio, go_fake_ratio, error=None):
    kind, count = writers.split(":")
    name = f"append_lockstep/{size}/{kind}:{count}/iterations:1/manual_time"
    entry = {"name": name, "run_name": name, "run_type": "iteration", "real_time": 1,
             "time_unit": "ms"}
    if error:
        entry.update(error_occurred=True, error_message=error)
    else:
        entry.update(raw_write_ns_per_record=floor_ns, witness_ns_per_record=witness_ns,
                     witness_floor_ratio=witness_ratio, go_fake_ns_per_record=4 * floor_ns,
                     go_fake_floor_ratio=4.0, go_fake_witness_ratio=go_fake_ratio)
    return entry


class GateTest(unittest.TestCase):
    def judge(self, runs, sizes="120B,350B"):
        table = report.judged(report.append_table(runs), sizes)
        return report.judge(table, 1.3, 2.5, {"120B", "350B"})

    def test_witness_near_the_floor_passes_and_names_the_worst_case(self):
        runs = (case_runs("350B", "threads:1", 1000, 1100, 4000)
                + case_runs("350B", "processes:4", 1000, 1250, 4000))
        passed, line = self.judge(runs)
        self.assertTrue(passed, line)
        self.assertTrue(line.startswith("gate: PASS worst witness/floor ratio 1.25 at 350B processes:4"),
                        line)

    def test_one_case_above_the_ratio_fails(self):
        runs = (case_runs("350B", "threads:1", 1000, 1100, 4000)
                + case_runs("120B", "threads:64", 1000, 1400, 4000))
        passed, line = self.judge(runs)
        self.assertFalse(passed)
        self.assertTrue(line.startswith("gate: FAIL worst witness/floor ratio 1.40 at 120B threads:64"),
                        line)

    def test_median_decides_not_one_outlier(self):
        runs = case_runs("350B", "threads:1", 1000, 1100, 4000, repetitions=4)
        runs.append(run("witness", "350B", "threads:1", 9000))
        passed, line = self.judge(runs)
        self.assertTrue(passed, line)

    def test_too_close_to_the_go_fake_fails(self):
        passed, line = self.judge(case_runs("350B", "threads:8", 1000, 1200, 2400))
        self.assertFalse(passed)
        self.assertIn("only 2.00x faster than the Go fake's way at 350B threads:8", line)

    def test_go_fake_with_several_processes_is_not_judged(self):
        runs = (case_runs("350B", "threads:1", 1000, 1100, 4000)
                + case_runs("350B", "processes:4", 1000, 1100, 2000))
        passed, line = self.judge(runs)
        self.assertTrue(passed, line)

    def test_failed_witness_run_fails_the_gate(self):
        runs = case_runs("350B", "threads:1", 1000, 1100, 4000)
        runs.append(run("witness", "350B", "threads:2", 0, error="file check failed: 3 bad lines"))
        runs.append(run("raw_write", "350B", "threads:2", 1000))
        passed, line = self.judge(runs)
        self.assertFalse(passed)
        self.assertIn("witness has no result at 350B threads:2 (file check failed: 3 bad lines)", line)

    def test_unjudged_sizes_do_not_count(self):
        runs = (case_runs("350B", "threads:1", 1000, 1100, 4000)
                + case_runs("64KiB", "threads:1", 10000, 40000, 11000))
        passed, line = self.judge(runs)
        self.assertTrue(passed, line)

    def test_no_results_fail(self):
        passed, line = self.judge([])
        self.assertFalse(passed)
        self.assertEqual(line, "gate: FAIL no append results to judge")

    def test_command_prints_one_final_gate_line_and_exits_non_zero_on_fail(self):
        runs = case_runs("350B", "threads:1", 1000, 1500, 4000)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "results.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump({"context": {}, "benchmarks": runs}, f)
            result = subprocess.run([sys.executable, REPORT, "gate", path],
                                    capture_output=True, text=True, check=False)
        self.assertEqual(result.returncode, 1, result.stderr)
        lines = result.stdout.strip().splitlines()
        self.assertTrue(lines[-1].startswith("gate: FAIL worst witness/floor ratio 1.50 at 350B threads:1"),
                        lines[-1])
        self.assertEqual(sum(1 for line in lines if line.startswith("gate:")), 1)


class LockstepGateTest(unittest.TestCase):
    def judge(self, runs):
        table, _ = report.gate_table(runs, "wall")
        return report.judge(report.judged(table, "120B,350B"), 1.3, 2.5, {"120B", "350B"})

    def test_the_per_round_ratio_is_judged_not_the_ratio_of_medians(self):
        # Medians of 1000 and 1400 ns would be 1.40x; the rounds said 1.20x.
        runs = [lockstep_run("350B", "threads:1", 1000, 1400, 1.20, 3.0) for _ in range(3)]
        passed, line = self.judge(runs)
        self.assertTrue(passed, line)
        self.assertTrue(line.startswith("gate: PASS worst witness/floor ratio 1.20 at 350B threads:1"),
                        line)

    def test_median_of_repetitions_decides(self):
        runs = [lockstep_run("120B", "processes:1", 500, 600, r, 3.5) for r in (1.2, 1.35, 1.25)]
        passed, line = self.judge(runs)
        self.assertTrue(passed, line)
        self.assertIn("ratio 1.25 at 120B processes:1", line)

    def test_a_ratio_above_the_limit_fails(self):
        runs = [lockstep_run("120B", "threads:8", 500, 600, 1.31, 3.5) for _ in range(3)]
        passed, line = self.judge(runs)
        self.assertFalse(passed)
        self.assertIn("witness/floor above 1.30", line)

    def test_the_go_fake_ratio_comes_from_the_rounds(self):
        runs = [lockstep_run("350B", "threads:2", 1000, 1100, 1.1, 2.4) for _ in range(3)]
        passed, line = self.judge(runs)
        self.assertFalse(passed)
        self.assertIn("only 2.40x faster than the Go fake's way at 350B threads:2", line)

    def test_a_failed_lockstep_run_fails_the_gate(self):
        runs = [lockstep_run("350B", "threads:1", 1000, 1100, 1.1, 3.0),
                lockstep_run("350B", "threads:8", 0, 0, 0, 0, error="witness file check failed")]
        passed, line = self.judge(runs)
        self.assertFalse(passed)
        self.assertIn("witness has no result at 350B threads:8 (witness file check failed)", line)

    def test_lockstep_results_are_judged_when_both_kinds_are_there(self):
        runs = (case_runs("350B", "threads:1", 1000, 1500, 4000)
                + [lockstep_run("350B", "threads:1", 1000, 1100, 1.1, 3.0)])
        passed, line = self.judge(runs)
        self.assertTrue(passed, line)


if __name__ == "__main__":
    unittest.main()
