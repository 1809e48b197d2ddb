// HappensBefore(a, b) and InOrder(a, b, c, ...): every record of one kind
// precedes every record of the next kind, and every kind is present.
#ifndef WITNESS_MATCHERS_INTERNAL_ORDER_MATCHER_H_
#define WITNESS_MATCHERS_INTERNAL_ORDER_MATCHER_H_

#include <ostream>
#include <utility>
#include <vector>

#include <gmock/gmock.h>

#include "witness/matchers/internal/pattern.h"
#include "witness/matchers/internal/record_set.h"

namespace witness::matchers::internal {

// "Precedes" is recording order: file order for one file, the reader's merge
// order for several. A record that matches two consecutive kinds does not
// precede itself, so it breaks the order.
class OrderMatcher {
 public:
  using is_gtest_matcher = void;

  // At least two kinds.
  explicit OrderMatcher(std::vector<Pattern> kinds) : kinds_(std::move(kinds)) {}

  template <typename Recordings>
  bool MatchAndExplain(const Recordings& recordings,
                       testing::MatchResultListener* listener) const {
    return MatchSet(View(recordings), listener);
  }

  void DescribeTo(std::ostream* os) const;
  void DescribeNegationTo(std::ostream* os) const;

 private:
  bool MatchSet(const RecordSet& set, testing::MatchResultListener* listener) const;

  std::vector<Pattern> kinds_;
};

}  // namespace witness::matchers::internal

#endif  // WITNESS_MATCHERS_INTERNAL_ORDER_MATCHER_H_
