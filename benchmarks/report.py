#!/usr/bin/env python3
"""Tables and the record-overhead gate from Google Benchmark JSON output.

  report.py gate results.json [more.json ...]     table + one `gate: PASS|FAIL ...` line
  report.py read-gate results.json [more.json ...]  the read and check ratios + `read-gate: PASS|FAIL ...`
  report.py summary results.json --out summary.md  markdown summary of the whole suite
  report.py merge out.json a.json b.json ...       one results file from several binaries

Two kinds of append results are read. Separate runs (append/<variant>/...)
report the counter ns_per_record (wall time from the first record to the
last over the records all writers wrote); with --benchmark_repetitions each
case appears several times and the median is taken, and a ratio is that of
two medians. Lock-step runs (append_lockstep/<size>/...) measured every
variant in turn, block by block, with the same writers; they report each
variant's median ns per record and, as <variant>_floor_ratio, the median
over rounds of the ratio between blocks that ran moments apart. The gate
judges the lock-step results when there are any (the median of their
repetitions), since on a shared machine they move far less; else the
separate runs. Either way ratios are taken against raw_write in the same
case, for the same record size and number of threads or processes.

The gate fails when witness costs more than --max-ratio times the floor in
any case, or is less than --min-speedup times faster than the Go fake's way
(open, write, close per record under a per-process mutex) in any case with
one writing process, for the --speedup-sizes record sizes.
"""

import argparse
import json
import re
import statistics
import sys

FLOOR = "raw_write"
WITNESS = "witness"
GO_FAKE = "go_fake"
VARIANT_ORDER = [FLOOR, WITNESS, "spdlog", "stdio", GO_FAKE]
SIZE_ORDER = ["120B", "350B", "64KiB"]

APPEND_NAME = re.compile(r"^append/(?P<variant>[a-z_]+)/(?P<size>[^/]+)/")
LOCKSTEP_NAME = re.compile(r"^append_lockstep/(?P<size>[^/]+)/")
WRITERS = re.compile(r"(?P<kind>threads|processes):(?P<count>\d+)")


class Case:
    """One append case: a record size and a number of threads or processes."""

    def __init__(self, size, kind, count):
        self.size, self.kind, self.count = size, kind, count

    def key(self):
        size_rank = SIZE_ORDER.index(self.size) if self.size in SIZE_ORDER else len(SIZE_ORDER)
        return (size_rank, self.size, 0 if self.kind == "threads" else 1, self.count)

    def __str__(self):
        return f"{self.size} {self.kind}:{self.count}"

    def __eq__(self, other):
        return self.key() == other.key()

    def __hash__(self):
        return hash(self.key())


def load_runs(paths):
    """Every non-aggregate run in the given JSON files, in file order."""
    runs = []
    for path in paths:
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
        except (OSError, ValueError) as e:
            sys.exit(f"report: cannot read benchmark results '{path}': {e}")
        for run in data.get("benchmarks", []):
            if run.get("run_type", "iteration") == "iteration":
                runs.append(run)
    return runs


def group_by_name(runs):
    """run_name -> {"values": [runs without error], "errors": [messages]}."""
    grouped = {}
    for run in runs:
        name = run.get("run_name", run["name"])
        entry = grouped.setdefault(name, {"values": [], "errors": []})
        if run.get("error_occurred"):
            entry["errors"].append(run.get("error_message", "error"))
        else:
            entry["values"].append(run)
    return grouped


def median_of(runs, field):
    values = [run[field] for run in runs if field in run]
    return statistics.median(values) if values else None


METRICS = {"wall": "ns_per_record", "cpu": "cpu_ns_per_record"}


class Cell:
    """One variant in one case: median ns per record, its ratio to the floor
    (and, for the Go fake, to witness), or the error that stopped it."""

    def __init__(self, ns=None, error=None, repetitions=0, ratio=None, over_witness=None):
        self.ns, self.error, self.repetitions = ns, error, repetitions
        self.ratio, self.over_witness = ratio, over_witness


def named_cases(runs, pattern):
    """(match, case, entry, first error or None, repetitions) for each benchmark
    whose name matches `pattern` (with a size group) and names its writers."""
    for name, entry in group_by_name(runs).items():
        match = pattern.match(name)
        writers = WRITERS.search(name)
        if not match or not writers:
            continue
        case = Case(match["size"], writers["kind"], int(writers["count"]))
        error = entry["errors"][0] if entry["errors"] else None
        yield match, case, entry, error, len(entry["values"]) + len(entry["errors"])


def append_table(runs, metric="wall"):
    """{case: {variant: Cell}} from separate runs: ratios of medians."""
    table = {}
    for match, case, entry, error, reps in named_cases(runs, APPEND_NAME):
        value = None if error else median_of(entry["values"], METRICS[metric])
        table.setdefault(case, {})[match["variant"]] = Cell(value, error, reps)
    for row in table.values():
        floor, witness = row.get(FLOOR), row.get(WITNESS)
        for variant, cell in row.items():
            if cell.ns is not None and floor and floor.ns and variant != FLOOR:
                cell.ratio = cell.ns / floor.ns
        if GO_FAKE in row and row[GO_FAKE].ns is not None and witness and witness.ns:
            row[GO_FAKE].over_witness = row[GO_FAKE].ns / witness.ns
    return table


def lockstep_table(runs):
    """{case: {variant: Cell}} from lock-step runs: medians of per-round ratios."""
    table = {}
    for _, case, entry, error, reps in named_cases(runs, LOCKSTEP_NAME):
        row = table.setdefault(case, {})
        fields = {key for run in entry["values"] for key in run}
        variants = sorted({key[:-len("_ns_per_record")] for key in fields
                           if key.endswith("_ns_per_record")})
        if error or not variants:
            for variant in variants or [FLOOR, WITNESS]:
                row[variant] = Cell(error=error or "no figures", repetitions=reps)
            continue
        for variant in variants:
            row[variant] = Cell(median_of(entry["values"], f"{variant}_ns_per_record"), None, reps,
                                median_of(entry["values"], f"{variant}_floor_ratio"))
        if GO_FAKE in row:
            row[GO_FAKE].over_witness = median_of(entry["values"], "go_fake_witness_ratio")
    return table


def variants_in(table):
    seen = {variant for row in table.values() for variant in row}
    return [v for v in VARIANT_ORDER if v in seen] + sorted(seen - set(VARIANT_ORDER))


def format_cell(row, variant):
    cell = row.get(variant)
    if cell is None or (cell.ns is None and not cell.error):
        return "-"
    if cell.error:
        return "error"
    if cell.ratio is None:
        return f"{cell.ns:,.0f}"
    return f"{cell.ns:,.0f} ({cell.ratio:.2f}x)"


def append_rows(table):
    variants = variants_in(table)
    header = ["case"] + [f"{v} ns/rec" for v in variants]
    rows = [[str(case)] + [format_cell(table[case], v) for v in variants]
            for case in sorted(table, key=Case.key)]
    errors = [(case, variant, cell.error) for case in sorted(table, key=Case.key)
              for variant, cell in sorted(table[case].items()) if cell.error]
    return header, rows, errors


def text_table(header, rows):
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    lines = ["  ".join(str(c).rjust(w) if i else str(c).ljust(w)
                       for i, (c, w) in enumerate(zip(r, widths))) for r in [header] + rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(header, rows):
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def judge(table, max_ratio, min_speedup, speedup_sizes):
    """(passed, final line) for the gate."""
    problems = []
    worst = None  # (ratio, case)
    slowest_speedup = None  # (speedup, case)
    if not table:
        return False, "gate: FAIL no append results to judge"
    for case in sorted(table, key=Case.key):
        row = table[case]
        floor, witness = row.get(FLOOR, Cell()), row.get(WITNESS, Cell())
        if witness.error or witness.ns is None:
            problems.append(f"witness has no result at {case}"
                            + (f" ({witness.error})" if witness.error else ""))
            continue
        if floor.error or not floor.ns or witness.ratio is None:
            problems.append(f"the floor has no result at {case}"
                            + (f" ({floor.error})" if floor.error else ""))
            continue
        if worst is None or witness.ratio > worst[0]:
            worst = (witness.ratio, case)
        # Against the Go fake's way only where one process writes: its
        # mutex is per process, so several processes overlap their open and
        # close with each other's writes (on 2 cores even the floor is then
        # under 2.5x faster than it), which says nothing about the writer.
        if case.size in speedup_sizes and (case.kind == "threads" or case.count == 1):
            go_fake = row.get(GO_FAKE, Cell())
            if go_fake.error or go_fake.over_witness is None:
                problems.append(f"the Go fake's way has no result at {case}")
                continue
            if slowest_speedup is None or go_fake.over_witness < slowest_speedup[0]:
                slowest_speedup = (go_fake.over_witness, case)
    if worst is not None and worst[0] > max_ratio:
        problems.insert(0, f"witness/floor above {max_ratio:.2f}")
    if slowest_speedup is not None and slowest_speedup[0] < min_speedup:
        problems.append(f"witness only {slowest_speedup[0]:.2f}x faster than the Go fake's way "
                        f"at {slowest_speedup[1]} (needs {min_speedup:.2f}x)")
    if slowest_speedup is None and not problems:
        problems.append("no case to compare with the Go fake's way")
    ratio_text = (f"worst witness/floor ratio {worst[0]:.2f} at {worst[1]}"
                  if worst else "worst witness/floor ratio n/a")
    speed_text = (f"; go_fake/witness >= {slowest_speedup[0]:.2f} (at {slowest_speedup[1]})"
                  if slowest_speedup else "")
    if problems:
        return False, f"gate: FAIL {ratio_text}{speed_text}: " + "; ".join(problems)
    return True, f"gate: PASS {ratio_text}{speed_text}"


def judged(table, sizes):
    """The part of the table the gate judges."""
    wanted = set(sizes.split(","))
    return {case: row for case, row in table.items() if case.size in wanted}


def busy_warning(paths):
    """A warning when other work competed for the CPUs as the run started."""
    for path in paths:
        with open(path, encoding="utf-8") as f:
            context = json.load(f).get("context", {})
        load, cpus = context.get("load_avg") or [0], context.get("num_cpus") or 1
        if load[0] > cpus:
            return (f"warning: load average {load[0]:.1f} on {cpus} CPUs when the run started: other "
                    "work competed for the CPUs, so wall-time ratios are unreliable; rerun on a quiet "
                    "machine, or judge CPU time with --metric cpu (WITNESS_GATE_METRIC=cpu)")
    return None


def gate_table(runs, metric):
    """(table, description) of what the gate judges: lock-step results when
    there are any, else separate runs."""
    lockstep = lockstep_table(runs)
    if lockstep:
        return lockstep, ("in lock-step: median wall-time ns per record; (Nx) = median over rounds "
                          f"of the ratio to {FLOOR}, the floor, in the same round and case")
    what = "wall-time" if metric == "wall" else "CPU-time"
    return append_table(runs, metric), (f"median {what} ns per record; (Nx) = ratio to {FLOOR}, "
                                        "the floor, in the same case")


def command_gate(args):
    table, description = gate_table(load_runs(args.results), args.metric)
    table = judged(table, args.sizes)
    header, rows, errors = append_rows(table)
    reps = max((cell.repetitions for row in table.values() for cell in row.values()), default=0)
    print(f"append {description}, over {reps} repetitions")
    warning = busy_warning(args.results)
    if warning:
        print(warning)
    print(text_table(header, rows))
    for case, variant, error in errors:
        print(f"error: {variant} at {case}: {error}")
    passed, line = judge(table, args.max_ratio, args.min_speedup,
                         set(args.speedup_sizes.split(",")))
    print(line)
    return 0 if passed else 1


def simple_rows(runs, prefix, columns):
    """Rows of name + median of each column, for benchmarks whose name starts with prefix."""
    rows = []
    for name, entry in group_by_name(runs).items():
        if not name.startswith(prefix):
            continue
        if entry["errors"]:
            rows.append([name] + ["error: " + entry["errors"][0]] + [""] * (len(columns) - 1))
            continue
        row = [name]
        for field, fmt in columns:
            value = median_of(entry["values"], field)
            row.append("-" if value is None else fmt(value))
        rows.append(row)
    return rows


def per_item_ns(run):
    """Time per iteration in ns, whatever the time unit: the manual time when
    the benchmark timed itself, else CPU time, which other work on the
    machine disturbs less than wall time (these runs are single-threaded and
    compute-bound; Google Benchmark's rates are per CPU second too)."""
    scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[run.get("time_unit", "ns")]
    field = "real_time" if "manual_time" in run.get("run_name", run["name"]) else "cpu_time"
    return run[field] * scale


def command_summary(args):
    runs = load_runs(args.results)
    for run in runs:
        run["_ns"] = per_item_ns(run)
    out = ["# Witness benchmark summary", ""]
    contexts = []
    for path in args.results:
        with open(path, encoding="utf-8") as f:
            context = json.load(f).get("context", {})
        contexts.append(context)
    if contexts:
        c = contexts[0]
        out.append(f"Machine: {c.get('num_cpus', '?')} CPUs at {c.get('mhz_per_cpu', '?')} MHz, "
                   f"load average {c.get('load_avg', '?')} at start; files on "
                   f"{c.get('witness_bench_fs', '?')} ({c.get('witness_bench_dir', '?')}); "
                   f"library build {c.get('library_build_type', '?')}; {c.get('date', '')}.")
        out.append("")

    table = append_table(runs, args.metric)
    if table:
        header, rows, errors = append_rows(table)
        what = "wall-time" if args.metric == "wall" else "CPU-time"
        out += [f"## Append (serialise + write), separate runs, median {what} ns per record", "",
                f"(Nx) is the ratio to `{FLOOR}` (one write(2) of the preformatted line) in the "
                "same case. Every run was checked: each record exactly once and intact.", "",
                markdown_table(header, rows), ""]
        for case, variant, error in errors:
            out.append(f"- `{variant}` at {case}: {error}")
        if errors:
            out.append("")
        passed, line = judge(judged(table, args.sizes), args.max_ratio, args.min_speedup,
                             set(args.speedup_sizes.split(",")))
        out += [f"Verdict on these figures (record sizes {args.sizes}): `{line}`", ""]

    lockstep = lockstep_table(runs)
    if lockstep:
        header, rows, errors = append_rows(lockstep)
        out += ["## Append in lock-step (what the gate judges), median wall-time ns per record", "",
                "Every variant in turn, block by block, with the same writers; (Nx) is the median "
                f"over rounds of the ratio to `{FLOOR}` in the same round. Every file was checked.",
                "", markdown_table(header, rows), ""]
        for case, variant, error in errors:
            out.append(f"- `{variant}` at {case}: {error}")
        if errors:
            out.append("")
        passed, line = judge(judged(lockstep, args.sizes), args.max_ratio, args.min_speedup,
                             set(args.speedup_sizes.split(",")))
        out += [f"Gate verdict on these figures (record sizes {args.sizes}): `{line}`", ""]

    sections = [
        ("serialize/", "Serialisation alone (one record, CPU time)",
         [("_ns", lambda v: f"{v:,.0f} ns"), ("bytes_per_second", lambda v: f"{v / 1e6:,.0f} MB/s"),
          ("record_bytes", lambda v: f"{v:,.0f}")],
         ["benchmark", "time per record", "output", "record bytes"]),
        ("read/", "Reading a record file (CPU time)",
         [("_ns", lambda v: f"{v / 1e6:,.1f} ms"),
          ("bytes_per_second", lambda v: f"{v / 1e6:,.0f} MB/s"),
          ("items_per_second", lambda v: f"{v / 1e6:,.2f} M/s")],
         ["benchmark", "time per file", "throughput", "records"]),
        ("check/", "Checking a scenario against a recording (CPU time)",
         [("_ns", lambda v: f"{v / 1e6:,.2f} ms"),
          ("items_per_second", lambda v: f"{v / 1e6:,.2f} M/s")],
         ["benchmark", "time per check", "records"]),
        ("fake/", "The fake backend, recording on and off (create: wall time of "
                  "forked batches; others: CPU time)",
         [("_ns", lambda v: f"{v / 1e3:,.2f} us")],
         ["benchmark", "time per call"]),
    ]
    for prefix, title, columns, header in sections:
        rows = simple_rows(runs, prefix, columns)
        if rows:
            out += [f"## {title}", "", markdown_table(header, rows), ""]
    text = "\n".join(out)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        print(text)
    return 0


def command_merge(args):
    merged = None
    for path in args.inputs:
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
        except (OSError, ValueError) as e:
            sys.exit(f"report: cannot read benchmark results '{path}': {e}")
        if merged is None:
            merged = {"context": data.get("context", {}), "benchmarks": []}
        for run in data.get("benchmarks", []):
            run["executable"] = data.get("context", {}).get("executable", path)
            merged["benchmarks"].append(run)
    with open(args.output, "w", encoding="utf-8") as f:
        json.dump(merged, f, indent=1)
    return 0


# The read-side gate: ratios of medians measured in the same run.
READ_GATE_CASES = (
    # (what, numerator benchmark, denominator benchmark, bound, "at least"|"at most")
    ("the reader vs the naive getline + nlohmann loop (speed-up)",
     "read/naive_getline_nlohmann/100000", "read/ReadRecordFile/100000", 5.0, "at least"),
    ("checking the 100-member soak vs reading it (cost)",
     "check/members:100/records:100000", "check/read_soak/records:100000", 1.5, "at most"),
)


def median_time(runs, name):
    times = sorted(r["cpu_time"] for r in runs if r.get("name") == name
                   and r.get("run_type", "iteration") == "iteration" and not r.get("error_occurred"))
    if not times:
        return None
    middle = len(times) // 2
    return times[middle] if len(times) % 2 else (times[middle - 1] + times[middle]) / 2


def command_read_gate(args):
    runs = load_runs(args.results)
    problems, figures = [], []
    for what, numerator, denominator, bound, sense in READ_GATE_CASES:
        top, bottom = median_time(runs, numerator), median_time(runs, denominator)
        if top is None or bottom is None or bottom <= 0:
            problems.append(f"{what}: no results for {numerator} or {denominator}")
            continue
        ratio = top / bottom
        figures.append(f"{what} {ratio:.2f}x ({sense} {bound}x)")
        print(f"{what}: {numerator} {top:.2f} / {denominator} {bottom:.2f} = {ratio:.2f}x, "
              f"{sense} {bound}x")
        if (sense == "at least" and ratio < bound) or (sense == "at most" and ratio > bound):
            problems.append(f"{what} is {ratio:.2f}x, {sense} {bound}x allowed")
    if problems:
        print("read-gate: FAIL " + "; ".join(problems))
        return 1
    print("read-gate: PASS " + "; ".join(figures))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    merge = sub.add_parser("merge")
    merge.add_argument("output")
    merge.add_argument("inputs", nargs="+")
    for name in ("gate", "summary"):
        p = sub.add_parser(name)
        p.add_argument("results", nargs="+", help="Google Benchmark JSON output files")
        p.add_argument("--max-ratio", type=float, default=1.3,
                       help="most witness may cost relative to the floor (default 1.3)")
        p.add_argument("--min-speedup", type=float, default=2.5,
                       help="how much faster than the Go fake's way witness must be (default 2.5)")
        p.add_argument("--speedup-sizes", default="120B,350B",
                       help="record sizes the Go fake comparison applies to (default 120B,350B)")
        p.add_argument("--metric", choices=sorted(METRICS), default="wall",
                       help="wall: wall time per record (default); cpu: CPU time the writers spent "
                            "per record, which other work on the machine disturbs less")
        p.add_argument("--sizes", default="120B,350B",
                       help="record sizes the gate judges (default 120B,350B: backend calls; "
                            "64 KiB records are measured, not judged)")
        if name == "summary":
            p.add_argument("--out", help="write the markdown here instead of stdout")
    read_gate = sub.add_parser("read-gate")
    read_gate.add_argument("results", nargs="+", help="Google Benchmark JSON output files")
    args = parser.parse_args()
    commands = {"gate": command_gate, "summary": command_summary, "merge": command_merge,
                "read-gate": command_read_gate}
    return commands[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
