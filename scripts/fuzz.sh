#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer harnesses (clang, -fsanitize=fuzzer,
# address,undefined) in build/fuzz and runs each for a bounded time, starting
# from the checked-in seed corpora, then reports what they found.
#
#   scripts/fuzz.sh                 # every harness, 60 s each
#   WITNESS_FUZZ_SECONDS=3600 scripts/fuzz.sh record_reader
#   WITNESS_FUZZ_FORK=1 ...          # jobs in child processes; a timeout is
#                                    # logged and fuzzing goes on
#
# On a machine shared with builds, a harness can be starved past its timeout
# by the clock while its input takes milliseconds of CPU: in fork mode such a
# timeout is saved to the artifacts folder and the run continues, and the
# saved input can be replayed (`build/fuzz/<harness>_fuzzer -runs=1 FILE`) to
# tell a real slow input from a starved machine.
#
# New inputs go to build/fuzz/corpus/<harness> (the seeds are never
# modified); crashing inputs to build/fuzz/artifacts/<harness>/. To keep a
# finding as a regression test, copy it into fuzz/corpus/<harness>/: the test
# suite replays that folder. The exit status is non-zero when a harness found
# a crash, a leak, a timeout or an out-of-memory input.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${WITNESS_FUZZ_SECONDS:-60}"
jobs="${WITNESS_FUZZ_JOBS:-1}"
processes=(-jobs="$jobs" -workers="$jobs")
forked=0
if [[ "${WITNESS_FUZZ_FORK:-0}" == 1 ]]; then
  processes=(-fork="$jobs" -ignore_timeouts=1)
  forked=1
fi
harnesses=("$@")
if ((${#harnesses[@]} == 0)); then
  harnesses=(record_reader record_scan scenario)
fi

bash scripts/setup.sh --fuzz

build=build/fuzz
cmake -S fuzz -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ >/dev/null
cmake --build "$build" -j "$(nproc)" --target "${harnesses[@]/%/_fuzzer}"

# A timeout before libFuzzer logs INITED happened while it was still running
# the corpora, before any mutation: a slow corpus input, not a new finding.
# Such a run reports no mutations at all, so say which input it was. The
# saved copy is named timeout-<SHA-1 of its bytes>; the log says where it is
# (the artifacts folder may also hold earlier runs' findings).
describe_timeout() {
  local log="$1"
  shift
  local saved name=""
  saved=$(sed -n 's/.*Test unit written to \(.*timeout-[0-9a-f]*\).*/\1/p' "$log" | head -n 1)
  if grep -q 'INITED' "$log"; then
    echo "timeout on a mutated input${saved:+ ($saved)}"
    return
  fi
  if [[ -n "$saved" ]]; then
    name=$(find "$@" -type f -exec sha1sum {} + 2>/dev/null |
      awk -v sha="${saved##*/timeout-}" '$1 == sha { print $2; exit }')
  fi
  echo "timeout on corpus input ${name:-${saved:-(not saved)}}"
}

declare -A max_len=([record_reader]=65536 [record_scan]=16384 [scenario]=16384)
# The scanner reads the same lines as the reader, so it shares its dictionary.
declare -A dict=([record_reader]=record_reader [record_scan]=record_reader [scenario]=scenario)
status=0
summary=()
for harness in "${harnesses[@]}"; do
  corpus="$build/corpus/$harness"
  artifacts="$build/artifacts/$harness"
  mkdir -p "$corpus" "$artifacts"
  log="$build/$harness.log"
  echo "== fuzz: $harness for ${seconds} s (log: $log)"
  set +e
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/${harness}_fuzzer" "$corpus" "fuzz/corpus/$harness" \
      -dict="fuzz/${dict[$harness]}.dict" -max_total_time="$seconds" "${processes[@]}" \
      -max_len="${max_len[$harness]}" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$artifacts/" >"$log" 2>&1
  rc=$?
  set -e
  runs=$(awk '/stat::number_of_executed_units:/ { total += $2 } END { print total + 0 }' "$log")
  if ((forked)); then
    # Fork mode's parent counts every job's executions on its "#N:" lines.
    runs=$(sed -n 's/^#\([0-9]*\): cov:.*/\1/p' "$log" | tail -n 1)
  fi
  coverage=$(grep -Eo 'cov: [0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+' || echo "?")
  found=$(find "$artifacts" -type f | wc -l)
  inputs=$(find "$corpus" -type f | wc -l)
  line="$harness: ${seconds} s, ${runs} runs, coverage ${coverage} edges, corpus ${inputs} inputs, findings ${found}"
  if ((rc != 0 || found != 0)); then
    line+=" (FAILED, exit $rc"
    if grep -q 'ERROR: libFuzzer: timeout' "$log"; then
      line+=": $(describe_timeout "$log" "fuzz/corpus/$harness" "$corpus")"
    fi
    line+="; see $log and $artifacts)"
    status=1
  fi
  summary+=("$line")
done
echo "== fuzz summary"
printf '%s\n' "${summary[@]}"
exit "$status"
