#!/usr/bin/env bash
# The record-overhead gate: builds the append benchmarks (Release, build/bench),
# runs them for ~120 B and ~350 B records from 1 to 64 threads and 1 to 16
# processes, several repetitions in random order, and judges the medians:
# Witness may cost at most 1.3x one raw write(2) of the preformatted line
# (the floor, measured in the same run and case) and must be at least 2.5x
# faster than the reference Go fake's open/write/close per record.
# Prints the table and ends with one line `gate: PASS|FAIL ...`; exits 1 on FAIL.
#
# Environment:
#   WITNESS_GATE_REPETITIONS  repetitions per case (default 9)
#   WITNESS_BENCH_SCALE       records per run relative to the full suite (default 0.5)
#   WITNESS_GATE_SIZES        record sizes judged (default 120B,350B; add 64KiB to judge those too)
#   WITNESS_GATE_METRIC       wall (default) or cpu: CPU time per record, for a busy machine
#   WITNESS_BENCH_DIR         where the files go (default build/bench/bench-tmp; never tmpfs)
set -euo pipefail
cd "$(dirname "$0")/.."

source benchmarks/build-release.sh
build=$witness_bench_dir
# Many short runs rather than a few long ones: the median then lands on runs
# that nothing else on the machine disturbed.
repetitions=${WITNESS_GATE_REPETITIONS:-9}
export WITNESS_BENCH_SCALE=${WITNESS_BENCH_SCALE:-0.5}
sizes=${WITNESS_GATE_SIZES:-120B,350B}

if ! witness_bench_build witness_append_bench; then
  echo "gate: FAIL the append benchmarks did not build"
  exit 1
fi

echo "== bench-gate: $(uptime | sed 's/.*load average/load average/'), $repetitions repetitions" \
  "at scale $WITNESS_BENCH_SCALE"
size_filter=${sizes//,/|}
"$build/benchmarks/witness_append_bench" \
  --benchmark_filter="^append/[a-z_]+/($size_filter)/" \
  --benchmark_repetitions="$repetitions" \
  --benchmark_enable_random_interleaving=true \
  --benchmark_display_aggregates_only=true \
  --benchmark_out="$build/gate.json" --benchmark_out_format=json \
  >"$build/gate.log" 2>&1 || { cat "$build/gate.log"; echo "gate: FAIL the benchmark did not run"; exit 1; }
python3 benchmarks/report.py gate "$build/gate.json" --sizes "$sizes" \
  --metric "${WITNESS_GATE_METRIC:-wall}"
