// Invariant checks for the fuzz harnesses: a broken invariant aborts, which
// libFuzzer reports as a crash (with the input saved) and the corpus replay
// in the test suite reports as a failed test.
//
//   Require(record.fields().is_object(), "a record is not an object");
#ifndef WITNESS_FUZZ_FUZZ_CHECK_H_
#define WITNESS_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>
#include <string>

namespace witness::fuzz {

inline void Require(bool holds, const std::string& what) {
  if (holds) return;
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what.c_str());
  std::abort();
}

}  // namespace witness::fuzz

#endif  // WITNESS_FUZZ_FUZZ_CHECK_H_
