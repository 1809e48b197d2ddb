// Shared by the minifleet tests: a temporary directory, a scoped environment
// variable, and record look-ups.
#ifndef WITNESS_TESTS_EXAMPLES_MINIFLEET_TEST_SUPPORT_H_
#define WITNESS_TESTS_EXAMPLES_MINIFLEET_TEST_SUPPORT_H_

#include <stdlib.h>

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "witness/recorder/reader.h"
#include "witness/recorder/record.h"
#include "witness_test/temp_dir.h"

namespace minifleet::testing {

using witness::test_support::TempDir;

// Sets an environment variable for the scope, then restores it. Helpers
// inherit the environment when they are spawned, which is how a test passes
// FLEETBOX_FAKE_RECORD and friends across the process boundary.
class ScopedEnv {
 public:
  ScopedEnv(std::string name, const std::string& value) : name_(std::move(name)) {
    if (const char* old = std::getenv(name_.c_str())) old_ = old;
    ::setenv(name_.c_str(), value.c_str(), 1);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_.c_str(), old_->c_str(), 1);
    } else {
      ::unsetenv(name_.c_str());
    }
  }

 private:
  std::string name_;
  std::optional<std::string> old_;
};

// The call records with `op` (and `name`, when given), in file order.
inline std::vector<witness::recorder::Record> RecordsOf(const std::string& record_file,
                                                        const std::string& op,
                                                        const std::string& name = "") {
  std::vector<witness::recorder::Record> found;
  witness::recorder::Recording recording = witness::recorder::ReadRecordFile(record_file);
  for (const witness::recorder::Record* record : recording.CallRecords()) {
    if (record->Op() == op && (name.empty() || record->Name() == name)) found.push_back(*record);
  }
  return found;
}

}  // namespace minifleet::testing

#endif  // WITNESS_TESTS_EXAMPLES_MINIFLEET_TEST_SUPPORT_H_
