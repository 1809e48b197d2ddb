// UniqueBy("mac", pattern): the records matching a pattern carry pairwise
// distinct values of a field.
#ifndef WITNESS_MATCHERS_INTERNAL_UNIQUE_BY_MATCHER_H_
#define WITNESS_MATCHERS_INTERNAL_UNIQUE_BY_MATCHER_H_

#include <ostream>
#include <string>
#include <utility>

#include <gmock/gmock.h>

#include "witness/matchers/internal/pattern.h"
#include "witness/matchers/internal/record_set.h"

namespace witness::matchers::internal {

// Values compare as JSON (so "2" and 2 differ). A matching record without
// the field fails rather than being skipped: its uniqueness is unknowable.
class UniqueByMatcher : public RecordSetMatcher<UniqueByMatcher> {
 public:
  UniqueByMatcher(std::string key, Pattern pattern)
      : key_(std::move(key)), pattern_(std::move(pattern)) {}

  void DescribeTo(std::ostream* os) const;
  void DescribeNegationTo(std::ostream* os) const;
  // The match on the common view (RecordSetMatcher calls it).
  bool MatchSet(const RecordSet& set, testing::MatchResultListener* listener) const;

 private:
  std::string key_;
  Pattern pattern_;
};

}  // namespace witness::matchers::internal

#endif  // WITNESS_MATCHERS_INTERNAL_UNIQUE_BY_MATCHER_H_
