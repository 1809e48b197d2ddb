#!/usr/bin/env bash
# `make stress`: the full torture and crash runs, with an optimised build.
#
#   1. Torture: 16 processes x 8 threads x 20,000 records of random sizes
#      (100 B to 256 KiB, each with a checksum of its own payload) appended
#      to one file at once; every record must come back intact, exactly
#      once, with no diagnostic.
#   2. Crash: 200 rounds of 4 writer processes x 4 threads appending large
#      records to tmpfs, killed with SIGKILL at random moments; every
#      complete and every acknowledged record must come back intact, every
#      torn one must be reported at its file, line and byte offset.
#
# Figures are printed as they come; the exit status is non-zero when either
# run finds a problem. Sizes are configurable through the environment:
#   WITNESS_STRESS_PROCESSES=16 WITNESS_STRESS_THREADS=8 WITNESS_STRESS_RECORDS=20000
#   WITNESS_STRESS_SIZES=100:4096:262144:0.03125   (MIN:SPLIT:MAX:FRACTION, see
#       tests/reliability/harness/payload.h: a fraction of records drawn from
#       SPLIT..MAX, the rest from MIN..SPLIT, uniformly in log scale)
#   WITNESS_STRESS_ROUNDS=200 WITNESS_STRESS_DIR=build/stress/run (torture file)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

processes="${WITNESS_STRESS_PROCESSES:-16}"
threads="${WITNESS_STRESS_THREADS:-8}"
records="${WITNESS_STRESS_RECORDS:-20000}"
sizes="${WITNESS_STRESS_SIZES:-100:4096:262144:0.03125}"
rounds="${WITNESS_STRESS_ROUNDS:-200}"
build=build/stress
run_dir="${WITNESS_STRESS_DIR:-$build/run}"

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DWITNESS_BUILD_TESTS=ON \
  -DWITNESS_BUILD_BENCHMARKS=OFF -DWITNESS_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target witness_reliability_tool
tool="$build/tests/reliability/witness_reliability_tool"

mkdir -p "$run_dir"
torture_file="$run_dir/torture.jsonl"
rm -f "$torture_file"
crash_base=/dev/shm
[[ -d /dev/shm && -w /dev/shm ]] || crash_base="${TMPDIR:-/tmp}"
crash_dir=$(mktemp -d "$crash_base/witness-stress-crash.XXXXXX")
trap 'rm -rf "$crash_dir" "$torture_file"' EXIT

status=0
echo "== stress: torture ($torture_file)"
start=$(date +%s)
"$tool" torture --path "$torture_file" --processes "$processes" --threads "$threads" \
  --records "$records" --sizes "$sizes" --seed "$start" || status=1
echo "torture wall time: $(($(date +%s) - start)) s"
rm -f "$torture_file"

echo "== stress: crash ($crash_dir)"
start=$(date +%s)
"$tool" crash --dir "$crash_dir" --rounds "$rounds" --rounds-per-file 20 --processes 4 \
  --threads 4 --max-delay-ms 50 --seed "$start" || status=1
echo "crash wall time: $(($(date +%s) - start)) s"

if ((status == 0)); then
  echo "== stress: PASS"
else
  echo "== stress: FAIL"
fi
exit "$status"
