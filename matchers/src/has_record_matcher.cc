#include "witness/matchers/internal/has_record_matcher.h"

#include <sstream>
#include <vector>

#include "witness/matchers/internal/near_miss.h"
#include "witness/matchers/internal/record_text.h"

namespace witness::matchers::internal {

void HasRecordMatcher::DescribeTo(std::ostream* os) const {
  if (!count_) {
    *os << "has a record that " << pattern_.Describe();
    return;
  }
  *os << "has N records that " << pattern_.Describe() << ", where N " << Describe(*count_);
  if (count_->Matches(0)) *os << ", and shows that a recorder was alive";
}

void HasRecordMatcher::DescribeNegationTo(std::ostream* os) const {
  if (!count_) {
    *os << "has no record that " << pattern_.Describe();
    return;
  }
  *os << "has N records that " << pattern_.Describe() << ", where N "
      << Describe(*count_, /*negation=*/true);
  if (count_->Matches(0)) *os << ", or shows no live recorder";
}

bool HasRecordMatcher::MatchSet(const RecordSet& set,
                                testing::MatchResultListener* listener) const {
  std::vector<const recorder::Record*> matched;
  for (const recorder::Record* record : set.ordinary) {
    if (pattern_.Matches(*record)) matched.push_back(record);
  }
  // A count that allows zero is a "never" or an "at most": on a recording
  // with no trace of a recorder it would pass for the wrong reason.
  const bool allows_zero = count_ && count_->Matches(0);
  Liveness liveness;
  if (allows_zero) {
    liveness = AssessLiveness(set);
    if (!liveness.alive) {
      *listener << "which proves nothing: " << liveness.evidence;
      return false;
    }
  }
  const bool passed = count_ ? count_->Matches(matched.size()) : !matched.empty();
  if (!listener->IsInterested()) return passed;

  std::ostringstream os;
  if (matched.empty()) {
    os << "which has no such record";
    if (allows_zero) os << " (and a recorder was alive: " << liveness.evidence << ")";
    if (!passed) ExplainNearMisses(pattern_, set.ordinary, 4, os);
  } else {
    os << "which has " << matched.size() << (matched.size() == 1 ? " such record:" : " such records:");
    ListRecords(matched, 4, os);
  }
  *listener << os.str();
  return passed;
}

}  // namespace witness::matchers::internal
