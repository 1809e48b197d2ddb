// Matchers about the recording itself rather than its backend calls:
// RecorderWasAlive() (a recorder provably ran, so "never" means never) and
// HasNoBadLines() (the reader found no bad or torn line).
#ifndef WITNESS_MATCHERS_INTERNAL_RECORDING_HEALTH_MATCHERS_H_
#define WITNESS_MATCHERS_INTERNAL_RECORDING_HEALTH_MATCHERS_H_

#include <ostream>

#include <gmock/gmock.h>

#include "witness/matchers/internal/record_set.h"
#include "witness/recorder/reader.h"

namespace witness::matchers::internal {

class RecorderWasAliveMatcher : public RecordSetMatcher<RecorderWasAliveMatcher> {
 public:
  void DescribeTo(std::ostream* os) const;
  void DescribeNegationTo(std::ostream* os) const;
  // The match on the common view (RecordSetMatcher calls it).
  bool MatchSet(const RecordSet& set, testing::MatchResultListener* listener) const;
};

// Only a Recording knows its bad lines.
class HasNoBadLinesMatcher {
 public:
  using is_gtest_matcher = void;

  bool MatchAndExplain(const recorder::Recording& recording,
                       testing::MatchResultListener* listener) const;
  void DescribeTo(std::ostream* os) const;
  void DescribeNegationTo(std::ostream* os) const;
};

}  // namespace witness::matchers::internal

#endif  // WITNESS_MATCHERS_INTERNAL_RECORDING_HEALTH_MATCHERS_H_
