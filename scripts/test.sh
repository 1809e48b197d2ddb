#!/usr/bin/env bash
# The test command: installs dependencies, builds with warnings as errors under
# AddressSanitizer+UndefinedBehaviorSanitizer and runs the whole suite, then
# builds the concurrency tests under ThreadSanitizer and runs them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

jobs=$(nproc)
common=(-G Ninja -DCMAKE_BUILD_TYPE=Debug -DWITNESS_WERROR=ON -DWITNESS_BUILD_BENCHMARKS=ON)

echo "== build: AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S . -B build/asan "${common[@]}" -DWITNESS_SANITIZE=address,undefined >/dev/null
cmake --build build/asan -j "$jobs"
echo "== test: AddressSanitizer + UndefinedBehaviorSanitizer"
(cd build/asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --output-on-failure -j "$jobs" --timeout 300)

echo "== build: ThreadSanitizer (concurrency tests)"
cmake -S . -B build/tsan "${common[@]}" -DWITNESS_SANITIZE=thread \
  -DWITNESS_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build/tsan -j "$jobs" --target witness_concurrency_tests
echo "== test: ThreadSanitizer (concurrency tests)"
(cd build/tsan && TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
  ctest --output-on-failure -j "$jobs" -L concurrency --timeout 300)
