# Sourced by scripts/bench.sh and scripts/bench-gate.sh: configures the
# Release benchmark tree in build/bench and builds the given targets, with
# the output kept in build/bench/build.log and shown only on failure.
#
#   source benchmarks/build-release.sh
#   witness_bench_build witness_append_bench || exit 1

witness_bench_dir=build/bench

witness_bench_build() {
  mkdir -p "$witness_bench_dir"
  if ! { cmake -S . -B "$witness_bench_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
           -DWITNESS_BUILD_BENCHMARKS=ON -DWITNESS_BUILD_TESTS=OFF -DWITNESS_BUILD_EXAMPLES=OFF &&
         cmake --build "$witness_bench_dir" --target "$@" -j "$(nproc)"; } \
       >"$witness_bench_dir/build.log" 2>&1; then
    cat "$witness_bench_dir/build.log"
    return 1
  fi
}
