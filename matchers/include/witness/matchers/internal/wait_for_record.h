// The engine behind WaitForRecord: watch a record file until a record
// matches, with inotify where it works and polling where it does not.
#ifndef WITNESS_MATCHERS_INTERNAL_WAIT_FOR_RECORD_H_
#define WITNESS_MATCHERS_INTERNAL_WAIT_FOR_RECORD_H_

#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "witness/matchers/internal/pattern.h"

namespace witness::matchers::internal {

enum class WatchMode {
  kInotify,  // wake on changes in the file's directory; polls if inotify fails
  kPolling,  // re-read every kPollInterval
};

// How often the file is re-read when polling, and at the latest between two
// inotify wake-ups (an event can be missed when the file is replaced).
inline constexpr std::chrono::milliseconds kPollInterval{20};
inline constexpr std::chrono::milliseconds kInotifySafetyInterval{250};

testing::AssertionResult WaitForPattern(const std::string& path, const Pattern& pattern,
                                        std::chrono::milliseconds timeout, WatchMode mode);

}  // namespace witness::matchers::internal

#endif  // WITNESS_MATCHERS_INTERNAL_WAIT_FOR_RECORD_H_
