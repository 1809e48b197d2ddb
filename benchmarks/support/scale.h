// WITNESS_BENCH_SCALE: how much work a benchmark run does relative to the
// full suite (records per run, or lock-step rounds). Default 1; anything
// that is not a positive number counts as 1.
#ifndef WITNESS_BENCHMARKS_SUPPORT_SCALE_H_
#define WITNESS_BENCHMARKS_SUPPORT_SCALE_H_

#include <cstdlib>

namespace witness::bench {

inline double BenchScale() {
  const char* text = std::getenv("WITNESS_BENCH_SCALE");
  if (text == nullptr || *text == '\0') return 1.0;
  char* end = nullptr;
  const double scale = std::strtod(text, &end);
  return (end != text && *end == '\0' && scale > 0) ? scale : 1.0;
}

}  // namespace witness::bench

#endif  // WITNESS_BENCHMARKS_SUPPORT_SCALE_H_
