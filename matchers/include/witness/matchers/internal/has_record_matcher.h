// HasRecord(pattern) and HasRecord(pattern).Times(count): how many ordinary
// records of a recording match a pattern.
#ifndef WITNESS_MATCHERS_INTERNAL_HAS_RECORD_MATCHER_H_
#define WITNESS_MATCHERS_INTERNAL_HAS_RECORD_MATCHER_H_

#include <cstddef>
#include <optional>
#include <ostream>
#include <utility>

#include <gmock/gmock.h>

#include "witness/matchers/internal/pattern.h"
#include "witness/matchers/internal/record_set.h"

namespace witness::matchers::internal {

class HasRecordMatcher : public RecordSetMatcher<HasRecordMatcher> {
 public:
  explicit HasRecordMatcher(Pattern pattern,
                            std::optional<testing::Matcher<std::size_t>> count = std::nullopt)
      : pattern_(std::move(pattern)), count_(std::move(count)) {}

  // The number of matching records must satisfy `count` (a number or a
  // matcher of std::size_t) instead of being at least one.
  template <typename C>
  HasRecordMatcher Times(const C& count) const {
    return HasRecordMatcher(pattern_, testing::MatcherCast<std::size_t>(count));
  }

  void DescribeTo(std::ostream* os) const;
  void DescribeNegationTo(std::ostream* os) const;
  // The match on the common view (RecordSetMatcher calls it).
  bool MatchSet(const RecordSet& set, testing::MatchResultListener* listener) const;

 private:
  Pattern pattern_;
  std::optional<testing::Matcher<std::size_t>> count_;
};

}  // namespace witness::matchers::internal

#endif  // WITNESS_MATCHERS_INTERNAL_HAS_RECORD_MATCHER_H_
