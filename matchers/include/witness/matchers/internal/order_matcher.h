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
class OrderMatcher : public RecordSetMatcher<OrderMatcher> {
 public:
  // At least two kinds.
  explicit OrderMatcher(std::vector<Pattern> kinds) : kinds_(std::move(kinds)) {}

  void DescribeTo(std::ostream* os) const;
  void DescribeNegationTo(std::ostream* os) const;
  // The match on the common view (RecordSetMatcher calls it).
  bool MatchSet(const RecordSet& set, testing::MatchResultListener* listener) const;

 private:
  std::vector<Pattern> kinds_;
};

}  // namespace witness::matchers::internal

#endif  // WITNESS_MATCHERS_INTERNAL_ORDER_MATCHER_H_
