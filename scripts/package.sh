#!/usr/bin/env bash
# Builds the Debian package (build/package/witness_<version>_<arch>.deb).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build/package -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DWITNESS_BUILD_TESTS=OFF -DWITNESS_BUILD_EXAMPLES=OFF -DWITNESS_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build/package -j "$(nproc)"
(cd build/package && cpack -G DEB)
ls -1 build/package/*.deb
