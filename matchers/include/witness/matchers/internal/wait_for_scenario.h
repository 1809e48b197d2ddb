// The engine behind WaitForScenario: check a record file against a scenario
// each time it changes, until it passes (and keeps passing for the hold),
// cannot pass any more, or the time is up.
#ifndef WITNESS_MATCHERS_INTERNAL_WAIT_FOR_SCENARIO_H_
#define WITNESS_MATCHERS_INTERNAL_WAIT_FOR_SCENARIO_H_

#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "witness/assertions/scenario.h"
#include "witness/matchers/internal/file_watch.h"

namespace witness::matchers::internal {

testing::AssertionResult WaitForScenarioIn(const std::string& path,
                                           const assertions::Scenario& scenario,
                                           std::chrono::milliseconds timeout,
                                           std::chrono::milliseconds hold, WatchMode mode);

}  // namespace witness::matchers::internal

#endif  // WITNESS_MATCHERS_INTERNAL_WAIT_FOR_SCENARIO_H_
