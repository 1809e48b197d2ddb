#!/usr/bin/env bash
# The record-overhead gate: builds the append benchmarks (Release, build/bench)
# and runs them in lock-step (benchmarks/append_lockstep_bench.cc) for ~120 B
# and ~350 B records, from 1 to 64 threads and 1 to 16 processes, several
# repetitions in random order. In lock-step every variant runs in turn, block
# by block, with the same writers, and each round's blocks are compared: on
# a shared machine this holds still where separate runs do not. It judges
# the medians: Witness may cost at most 1.3x one raw write(2) of the
# preformatted line (the floor, measured in the same rounds) and must be at
# least 2.5x faster than the reference Go fake's open/write/close per record.
# Prints the table and one line `gate: PASS|FAIL ...`. Then the read side:
# the reader must be at least 5x faster than a naive getline + nlohmann loop,
# and checking the 100-member soak may cost at most 1.5x reading it, both as
# ratios of medians in the same run: one line `read-gate: PASS|FAIL ...`.
# Exits 1 when either fails.
#
# Environment:
#   WITNESS_GATE_REPETITIONS  repetitions per case (default 5)
#   WITNESS_BENCH_SCALE       rounds per run relative to the full suite (default 1)
#   WITNESS_BENCH_DIR         where the files go (default build/bench/bench-tmp; never tmpfs)
set -euo pipefail
cd "$(dirname "$0")/.."

source benchmarks/build-release.sh
build=$witness_bench_dir
repetitions=${WITNESS_GATE_REPETITIONS:-5}
export WITNESS_BENCH_SCALE=${WITNESS_BENCH_SCALE:-1}

if ! witness_bench_build witness_append_bench witness_read_bench witness_check_bench; then
  echo "gate: FAIL the append benchmarks did not build"
  exit 1
fi

echo "== bench-gate: $(uptime | sed 's/.*load average/load average/'), $repetitions repetitions" \
  "at scale $WITNESS_BENCH_SCALE"
"$build/benchmarks/witness_append_bench" \
  --benchmark_filter="^append_lockstep/" \
  --benchmark_repetitions="$repetitions" \
  --benchmark_enable_random_interleaving=true \
  --benchmark_display_aggregates_only=true \
  --benchmark_out="$build/gate.json" --benchmark_out_format=json \
  >"$build/gate.log" 2>&1 || { cat "$build/gate.log"; echo "gate: FAIL the benchmark did not run"; exit 1; }
append_status=0
python3 benchmarks/report.py gate "$build/gate.json" || append_status=$?

# The read side, judged as ratios in the same run: the reader against the
# naive getline + nlohmann loop, and checking the soak against reading it.
"$build/benchmarks/witness_read_bench" --benchmark_filter='^read/(ReadRecordFile|naive)' \
  --benchmark_repetitions="$repetitions" --benchmark_enable_random_interleaving=true \
  --benchmark_out="$build/read-gate-read.json" --benchmark_out_format=json \
  >"$build/read-gate.log" 2>&1 || { cat "$build/read-gate.log"; echo "read-gate: FAIL the read benchmark did not run"; exit 1; }
"$build/benchmarks/witness_check_bench" \
  --benchmark_filter='^check/(read_soak/records:100000|members:100/records:100000)$' \
  --benchmark_repetitions="$repetitions" --benchmark_enable_random_interleaving=true \
  --benchmark_out="$build/read-gate-check.json" --benchmark_out_format=json \
  >>"$build/read-gate.log" 2>&1 || { cat "$build/read-gate.log"; echo "read-gate: FAIL the check benchmark did not run"; exit 1; }
read_status=0
python3 benchmarks/report.py read-gate "$build/read-gate-read.json" "$build/read-gate-check.json" ||
  read_status=$?
exit $((append_status != 0 || read_status != 0))
