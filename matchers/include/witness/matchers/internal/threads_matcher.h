// Threads("mac", from, to): per member, a field's value travels from the
// member's first `from` record into every one of its `to` records.
#ifndef WITNESS_MATCHERS_INTERNAL_THREADS_MATCHER_H_
#define WITNESS_MATCHERS_INTERNAL_THREADS_MATCHER_H_

#include <ostream>
#include <string>
#include <utility>

#include <gmock/gmock.h>

#include "witness/matchers/internal/pattern.h"
#include "witness/matchers/internal/record_set.h"

namespace witness::matchers::internal {

// Members are the distinct values of the `name` field (records without one
// form a member of their own). Recording order between `from` and `to` is
// not checked here: that is HappensBefore's job.
class ThreadsMatcher : public RecordSetMatcher<ThreadsMatcher> {
 public:
  ThreadsMatcher(std::string key, Pattern from, Pattern to)
      : key_(std::move(key)), from_(std::move(from)), to_(std::move(to)) {}

  void DescribeTo(std::ostream* os) const;
  void DescribeNegationTo(std::ostream* os) const;
  // The match on the common view (RecordSetMatcher calls it).
  bool MatchSet(const RecordSet& set, testing::MatchResultListener* listener) const;

 private:
  std::string Describe() const;

  std::string key_;
  Pattern from_;
  Pattern to_;
};

}  // namespace witness::matchers::internal

#endif  // WITNESS_MATCHERS_INTERNAL_THREADS_MATCHER_H_
