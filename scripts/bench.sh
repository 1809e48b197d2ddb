#!/usr/bin/env bash
# The whole benchmark suite, built in Release (build/bench): append (threads,
# processes, three record sizes, every variant checked for lost or torn
# records; separate runs, and in lock-step as the gate runs them),
# serialisation, reading, checking (when witness::assertions is in the tree)
# and the fake (when witness::fake is). Writes every result to
# build/bench/results.json and a markdown summary to build/bench/summary.md.
#
# Environment: WITNESS_BENCH_REPETITIONS (default 3; medians are reported),
# WITNESS_BENCH_SCALE (records per append run and lock-step rounds, default
# 1), WITNESS_BENCH_DIR (where the files go; default build/bench/bench-tmp,
# which must not be tmpfs).
set -euo pipefail
cd "$(dirname "$0")/.."

source benchmarks/build-release.sh
build=$witness_bench_dir
repetitions=${WITNESS_BENCH_REPETITIONS:-3}

if ! witness_bench_build witness_benchmarks; then
  echo "bench: the benchmarks did not build" >&2
  exit 1
fi

echo "== bench: $(uptime | sed 's/.*load average/load average/'), $repetitions repetitions"
results=()
for suite in append serialize read check fake; do
  binary="$build/benchmarks/witness_${suite}_bench"
  if [[ ! -x "$binary" ]]; then
    echo "-- $suite: not built (its component is not in this tree)"
    continue
  fi
  echo "-- $suite"
  extra=()
  # Random interleaving spreads drift (other work on the machine, writeback)
  # over all append variants instead of charging it to whichever ran then.
  [[ $suite == append ]] && extra+=(--benchmark_enable_random_interleaving=true)
  "$binary" --benchmark_repetitions="$repetitions" --benchmark_display_aggregates_only=true \
    --benchmark_out="$build/results-$suite.json" --benchmark_out_format=json "${extra[@]}"
  results+=("$build/results-$suite.json")
done

python3 benchmarks/report.py merge "$build/results.json" "${results[@]}"
python3 benchmarks/report.py summary "$build/results.json" --out "$build/summary.md"
echo "== results: $build/results.json, summary: $build/summary.md"
cat "$build/summary.md"
