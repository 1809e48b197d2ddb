// The engine behind WaitForRecord: watch a record file until a record
// matches, with inotify where it works and polling where it does not.
#ifndef WITNESS_MATCHERS_INTERNAL_WAIT_FOR_RECORD_H_
#define WITNESS_MATCHERS_INTERNAL_WAIT_FOR_RECORD_H_

#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "witness/matchers/internal/file_watch.h"
#include "witness/matchers/internal/pattern.h"

namespace witness::matchers::internal {

testing::AssertionResult WaitForPattern(const std::string& path, const Pattern& pattern,
                                        std::chrono::milliseconds timeout, WatchMode mode);

}  // namespace witness::matchers::internal

#endif  // WITNESS_MATCHERS_INTERNAL_WAIT_FOR_RECORD_H_
