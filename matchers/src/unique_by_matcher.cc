#include "witness/matchers/internal/unique_by_matcher.h"

#include <cstddef>
#include <map>
#include <sstream>
#include <optional>
#include <string>
#include <vector>

#include "witness/matchers/internal/near_miss.h"
#include "witness/matchers/internal/record_text.h"

namespace witness::matchers::internal {
namespace {

constexpr std::size_t kMaxShownFailures = 10;

}  // namespace

void UniqueByMatcher::DescribeTo(std::ostream* os) const {
  *os << "has a record that " << pattern_.DescribeClause() << ", and every such record has field `"
      << key_ << "` with a value no other such record has";
}

void UniqueByMatcher::DescribeNegationTo(std::ostream* os) const {
  *os << "has no record that " << pattern_.DescribeClause() << ", or one without field `" << key_
      << "`, or two with the same value of field `" << key_ << "`";
}

bool UniqueByMatcher::MatchSet(const RecordSet& set, testing::MatchResultListener* listener) const {
  std::vector<const recorder::Record*> matched;
  std::vector<const recorder::Record*> missing;
  // Keyed by the value's JSON text: equal JSON values have equal dumps
  // (object keys are sorted), and it orders any value type.
  std::map<std::string, std::vector<const recorder::Record*>> by_value;
  std::vector<std::string> value_order;
  for (const recorder::Record* record : set.ordinary) {
    if (!pattern_.Matches(*record)) continue;
    matched.push_back(record);
    const std::optional<nlohmann::json> value = record->Find(key_);
    if (!value) {
      missing.push_back(record);
      continue;
    }
    std::string text = value->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    auto& group = by_value[text];
    if (group.empty()) value_order.push_back(std::move(text));
    group.push_back(record);
  }
  if (matched.empty()) {
    if (!listener->IsInterested()) return false;
    std::ostringstream os;
    os << "which has no such record";
    ExplainNearMisses(pattern_, set.ordinary, 4, os);
    *listener << os.str();
    return false;
  }
  std::vector<std::string> failures;
  for (const recorder::Record* record : missing) {
    failures.push_back(RecordText(*record) + " has no field `" + key_ + "`");
  }
  for (const std::string& value : value_order) {
    const auto& group = by_value[value];
    if (group.size() < 2) continue;
    failures.push_back("`" + key_ + "` " + ValueText(group.front()->fields().at(key_)) + " is in " +
                       std::to_string(group.size()) + " records: " + Locations(group));
  }
  if (!failures.empty()) {
    *listener << "whose field `" << key_ << "` is not unique:";
    for (std::size_t i = 0; i < failures.size() && i < kMaxShownFailures; ++i) {
      *listener << "\n    " << failures[i];
    }
    if (failures.size() > kMaxShownFailures) {
      *listener << "\n    ... and " << failures.size() - kMaxShownFailures << " more";
    }
    return false;
  }
  *listener << "whose " << matched.size() << (matched.size() == 1 ? " such record has" : " such records have")
            << " distinct field `" << key_ << "`: " << Locations(matched);
  return true;
}

}  // namespace witness::matchers::internal
