// The shared TempDir (tests/support), under the harness's namespace.
#ifndef WITNESS_TESTS_RELIABILITY_HARNESS_TEMP_DIR_H_
#define WITNESS_TESTS_RELIABILITY_HARNESS_TEMP_DIR_H_

#include "witness_test/temp_dir.h"

namespace witness::reliability {
using test_support::TempDir;
}  // namespace witness::reliability

#endif  // WITNESS_TESTS_RELIABILITY_HARNESS_TEMP_DIR_H_
