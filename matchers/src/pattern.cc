#include "witness/matchers/internal/pattern.h"

#include <sstream>
#include <string>

namespace witness::matchers::internal {

bool Pattern::Matches(const recorder::Record& record) const {
  for (const Part& part : parts_) {
    if (!part.matcher.Matches(record)) return false;
  }
  return true;
}

bool Pattern::Explain(const recorder::Record& record, bool failing_only, std::ostream& os) const {
  bool all = true;
  bool first = true;
  for (const Part& part : parts_) {
    testing::StringMatchResultListener listener;
    const bool matched = part.matcher.MatchAndExplain(record, &listener);
    all = all && matched;
    if (failing_only && matched) continue;
    std::string text = listener.str();
    if (text.empty() && !matched) text = "which does not satisfy: " + internal::Describe(part.matcher);
    if (text.empty()) continue;
    if (!first) os << ", and ";
    os << text;
    first = false;
  }
  return all;
}

std::string Pattern::Describe() const {
  if (parts_.empty()) return "is any record";
  std::string text;
  for (const Part& part : parts_) {
    if (!text.empty()) text += ", and ";
    text += internal::Describe(part.matcher);
  }
  return text;
}

std::string Pattern::DescribeClause() const {
  if (parts_.size() <= 1) return Describe();
  return "(" + Describe() + ")";
}

std::string Pattern::DescribeNegation() const {
  if (parts_.empty()) return "is no record";
  std::string text;
  for (const Part& part : parts_) {
    if (!text.empty()) text += ", or ";
    text += internal::Describe(part.matcher, /*negation=*/true);
  }
  return text;
}

}  // namespace witness::matchers::internal
