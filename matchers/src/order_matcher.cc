#include "witness/matchers/internal/order_matcher.h"

#include <cstddef>
#include <sstream>
#include <string>
#include <vector>

#include "witness/matchers/internal/near_miss.h"
#include "witness/matchers/internal/record_text.h"

namespace witness::matchers::internal {

void OrderMatcher::DescribeTo(std::ostream* os) const {
  *os << "has ";
  for (std::size_t k = 0; k < kinds_.size(); ++k) {
    if (k > 0) *os << (k + 1 == kinds_.size() ? (kinds_.size() == 2 ? " and " : ", and ") : ", ");
    *os << "(" << k + 1 << ") a record that " << kinds_[k].DescribeClause();
  }
  if (kinds_.size() == 2) {
    *os << ", with every record of kind 1 before every record of kind 2";
  } else {
    *os << ", with every record of each kind before every record of the next kind";
  }
}

void OrderMatcher::DescribeNegationTo(std::ostream* os) const {
  *os << (kinds_.size() == 2 ? "lacks " : "lacks one of ");
  for (std::size_t k = 0; k < kinds_.size(); ++k) {
    if (k > 0) *os << (kinds_.size() == 2 ? " or " : ", ");
    *os << "(" << k + 1 << ") a record that " << kinds_[k].DescribeClause();
  }
  if (kinds_.size() == 2) {
    *os << ", or has a record of kind 2 that is not after every record of kind 1";
  } else {
    *os << ", or has a record of some kind that is not after every record of the kind before it";
  }
}

bool OrderMatcher::MatchSet(const RecordSet& set, testing::MatchResultListener* listener) const {
  std::vector<std::vector<const recorder::Record*>> matched(kinds_.size());
  std::vector<std::size_t> first(kinds_.size(), 0);
  std::vector<std::size_t> last(kinds_.size(), 0);
  for (std::size_t i = 0; i < set.ordinary.size(); ++i) {
    for (std::size_t k = 0; k < kinds_.size(); ++k) {
      if (!kinds_[k].Matches(*set.ordinary[i])) continue;
      if (matched[k].empty()) first[k] = i;
      last[k] = i;
      matched[k].push_back(set.ordinary[i]);
    }
  }
  for (std::size_t k = 0; k < kinds_.size(); ++k) {
    if (!matched[k].empty()) continue;
    if (listener->IsInterested()) {
      std::ostringstream os;
      os << "which has no record of kind " << k + 1;
      ExplainNearMisses(kinds_[k], set.ordinary, 4, os);
      *listener << os.str();
    }
    return false;
  }
  for (std::size_t k = 0; k + 1 < kinds_.size(); ++k) {
    if (first[k + 1] > last[k]) continue;
    const recorder::Record& early = *set.ordinary[first[k + 1]];
    const recorder::Record& late = *set.ordinary[last[k]];
    if (first[k + 1] == last[k]) {
      *listener << "whose record " << RecordText(early) << " is of both kind " << k + 1
                << " and kind " << k + 2;
    } else {
      *listener << "whose record of kind " << k + 2 << ", " << RecordText(early)
                << ", comes before one of kind " << k + 1 << ", " << RecordText(late);
    }
    return false;
  }
  *listener << "whose records come in order:";
  for (std::size_t k = 0; k < kinds_.size(); ++k) {
    *listener << (k == 0 ? " " : "; ") << "(" << k + 1 << ") " << Locations(matched[k]);
  }
  return true;
}

}  // namespace witness::matchers::internal
