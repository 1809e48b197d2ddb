// The shared TempDir (tests/support), under the matcher tests' namespace.
#ifndef WITNESS_TESTS_MATCHERS_TEMP_DIR_H_
#define WITNESS_TESTS_MATCHERS_TEMP_DIR_H_

#include "witness_test/temp_dir.h"

namespace witness::testing_support {
using test_support::TempDir;
}  // namespace witness::testing_support

#endif  // WITNESS_TESTS_MATCHERS_TEMP_DIR_H_
