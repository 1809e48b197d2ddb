// The main() of every Witness benchmark: Google Benchmark's, plus where the
// files were written, since append costs depend on the file system.
#include <benchmark/benchmark.h>

#include <exception>
#include <iostream>

#include "support/bench_dir.h"

int main(int argc, char** argv) {
  try {
    const witness::bench::BenchDir& dir = witness::bench::ScratchDir();
    benchmark::AddCustomContext("witness_bench_dir", dir.path());
    benchmark::AddCustomContext("witness_bench_fs", witness::bench::FileSystemName(dir.path()));
  } catch (const std::exception& e) {
    std::cerr << "witness benchmarks: " << e.what() << "\n";
    return 2;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
