// The ops of a recording in order: the shortest way to state what a test
// expects to read back.
#ifndef WITNESS_TESTS_RECORDER_RECORDING_OPS_H_
#define WITNESS_TESTS_RECORDER_RECORDING_OPS_H_

#include <string>
#include <vector>

#include "witness/recorder/reader.h"

namespace witness::recorder::testing {

inline std::vector<std::string> Ops(const Recording& recording) {
  std::vector<std::string> ops;
  for (const Record& record : recording.records) ops.push_back(record.Op());
  return ops;
}

}  // namespace witness::recorder::testing

#endif  // WITNESS_TESTS_RECORDER_RECORDING_OPS_H_
