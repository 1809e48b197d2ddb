#!/usr/bin/env python3
"""How big the HTML report of a soak is, and how long headless Chromium takes to open it.

For each recording it writes the report with `witness check --format html`,
then loads it in headless Chromium (`--dump-dom`) several times and reports
the page's size, the time from navigation start to the end of the page's
script (the page stamps it on <body data-ready>; read with --dump-dom), and
the browser's whole run to a screenshot (load, script, layout and paint),
beside the same browser's screenshot of an empty page (the yardstick:
starting Chromium is most of a run, and it is not the page's cost).

The recordings, 100 members x 100,000 records unless told otherwise:
  go      the soak as the Go reference writes it (make_soak.py): no
          timestamps, each member's records one after the other
  timed   the same records as a Witness writer leaves them (pid, seq,
          ts_ns), members interleaved in time, so every lane spans the
          whole run: the most marks a page can have to draw

    html_page_bench.py --witness build/rel/cli/witness [--members 100]
                       [--records 100000] [--runs 3] [--dir DIR]
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def make_timed(go_path, out_path):
    """The Go soak's records, interleaved round-robin by member, with provenance."""
    by_member = {}
    other = []
    with open(go_path) as records:
        for line in records:
            record = json.loads(line)
            if "name" in record:
                by_member.setdefault(record["name"], []).append(record)
            else:
                other.append(record)
    queues = list(by_member.values())
    ts = 1_700_000_000_000_000_000
    seq = 0
    with open(out_path, "w") as out:
        def write(record):
            nonlocal ts, seq
            seq += 1
            ts += 37_000 + (seq * 7919) % 5000
            record = dict(record, pid=4242, seq=seq, ts_ns=ts)
            out.write(json.dumps(record, separators=(",", ":")) + "\n")
        index = 0
        while any(queues):
            for queue in queues:
                if index < len(queue):
                    write(queue[index])
            index += 1
            if index > max(len(q) for q in queues):
                break
        for record in other:
            write(record)


def chromium_run(chromium, page, profile):
    """(seconds for a whole run that loads, lays out and paints the page, ms to the script's end)."""
    browser = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--user-data-dir=" + profile]
    shot = os.path.join(profile, "..", "shot.png")
    started = time.monotonic()
    subprocess.run(browser + ["--window-size=1400,1000", "--screenshot=" + shot, "file://" + page],
                   check=True, capture_output=True, timeout=120)
    wall = time.monotonic() - started
    dom = subprocess.run(browser + ["--dump-dom", "file://" + page],
                         check=True, capture_output=True, text=True, timeout=120).stdout
    ready = re.search(r'data-ready="([0-9]+)"', dom)
    return wall, int(ready.group(1)) if ready else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--witness", required=True)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--members", type=int, default=100)
    parser.add_argument("--records", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir")
    args = parser.parse_args()
    work = args.dir or tempfile.mkdtemp(prefix="witness-html-bench-")
    os.makedirs(work, exist_ok=True)
    subprocess.run([sys.executable, os.path.join(HERE, "soak", "make_soak.py"), work,
                    "--members", str(args.members), "--records", str(args.records)], check=True)
    make_timed(os.path.join(work, "soak.jsonl"), os.path.join(work, "soak-timed.jsonl"))
    empty = os.path.join(work, "empty.html")
    with open(empty, "w") as out:
        out.write("<!DOCTYPE html><title>empty</title><body></body>")
    profile = os.path.join(work, "profile")

    yardstick = [chromium_run(args.chromium, empty, profile)[0] for _ in range(args.runs)]
    print("chromium opening an empty page: median %.2f s (min %.2f, max %.2f)" %
          (statistics.median(yardstick), min(yardstick), max(yardstick)))
    print("| recording | records | page | write the page | script done after | screenshot run |")
    print("|---|---|---|---|---|---|")
    for name, records in (("go", "soak.jsonl"), ("timed", "soak-timed.jsonl")):
        page = os.path.join(work, "soak-%s.html" % name)
        started = time.monotonic()
        subprocess.run([args.witness, "check", os.path.join(work, "soak.yaml"),
                        os.path.join(work, records), "--format", "html", "--output", page],
                       stdout=subprocess.DEVNULL)
        written = time.monotonic() - started
        runs = [chromium_run(args.chromium, page, profile) for _ in range(args.runs)]
        walls = [wall for wall, _ in runs]
        readies = [ready for _, ready in runs if ready is not None]
        if len(readies) != len(runs):
            print("%s: the page's script did not finish in some runs" % name, file=sys.stderr)
            return 1
        with open(os.path.join(work, records)) as counted:
            count = sum(1 for _ in counted)
        print("| %s | %d | %.1f MB | %.2f s | %d ms (%d-%d) | %.2f s (%.2f-%.2f) |" %
              (name, count, os.path.getsize(page) / 1e6, written, statistics.median(readies),
               min(readies), max(readies), statistics.median(walls), min(walls), max(walls)))
    if not args.dir:
        shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
