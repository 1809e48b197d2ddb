#!/usr/bin/env bash
# The main job: builds Witness and runs the minifleet demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DWITNESS_BUILD_TESTS=OFF -DWITNESS_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build/release -j "$(nproc)"
exec bash examples/minifleet/demo.sh build/release
