// SatisfiesScenario(...): a recording passes a YAML scenario, as checked by
// the assertions engine; the explanation is the engine's text report.
#ifndef WITNESS_MATCHERS_INTERNAL_SCENARIO_MATCHER_H_
#define WITNESS_MATCHERS_INTERNAL_SCENARIO_MATCHER_H_

#include <ostream>
#include <utility>
#include <vector>

#include <gmock/gmock.h>

#include "witness/assertions/scenario.h"
#include "witness/recorder/reader.h"
#include "witness/recorder/record.h"

namespace witness::matchers::internal {

// Only Outcome::kPass matches: an unverifiable scenario (a "never" on a
// recording that shows no live recorder) is a mismatch like a failed one.
class SatisfiesScenarioMatcher {
 public:
  using is_gtest_matcher = void;

  explicit SatisfiesScenarioMatcher(assertions::Scenario scenario)
      : scenario_(std::move(scenario)) {}

  // A Recording carries its bad lines to the engine (they fail a strict
  // scenario); a vector of records has none.
  bool MatchAndExplain(const recorder::Recording& recording,
                       testing::MatchResultListener* listener) const;
  bool MatchAndExplain(const std::vector<recorder::Record>& records,
                       testing::MatchResultListener* listener) const;
  bool MatchAndExplain(const recorder::RecordVector& records,
                       testing::MatchResultListener* listener) const;

  void DescribeTo(std::ostream* os) const;
  void DescribeNegationTo(std::ostream* os) const;

 private:
  assertions::Scenario scenario_;
};

}  // namespace witness::matchers::internal

#endif  // WITNESS_MATCHERS_INTERNAL_SCENARIO_MATCHER_H_
