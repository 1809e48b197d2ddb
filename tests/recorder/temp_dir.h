// The shared test support (tests/support), under the recorder tests'
// namespace.
#ifndef WITNESS_TESTS_RECORDER_TEMP_DIR_H_
#define WITNESS_TESTS_RECORDER_TEMP_DIR_H_

#include "witness_test/temp_dir.h"

namespace witness::recorder::testing {
using test_support::ReadWholeFile;
using test_support::SplitLines;
using test_support::TempDir;
using test_support::WriteWholeFile;
}  // namespace witness::recorder::testing

#endif  // WITNESS_TESTS_RECORDER_TEMP_DIR_H_
