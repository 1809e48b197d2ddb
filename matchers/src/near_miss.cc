#include "witness/matchers/internal/near_miss.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include "witness/matchers/internal/record_text.h"
#include "witness/recorder/format.h"

namespace witness::matchers::internal {
namespace {

struct Candidate {
  const recorder::Record* record = nullptr;
  bool op_matched = false;
  std::size_t matched = 0;
  std::vector<bool> part_matched;
};

// One line saying how a record fails one part of the pattern.
std::string Difference(const Part& part, const recorder::Record& record) {
  if (!part.key.empty()) {
    const nlohmann::json* value = record.Find(part.key);
    std::string text = "field `" + part.key + "` is " + (value ? ValueText(*value) : "absent");
    if (!part.expected.empty()) text += ", expected a value that " + part.expected;
    return text;
  }
  testing::StringMatchResultListener listener;
  part.matcher.MatchAndExplain(record, &listener);
  std::string text = "does not satisfy: " + Describe(part.matcher);
  if (!listener.str().empty()) text += " (" + listener.str() + ")";
  return text;
}

void SummariseOps(const std::vector<const recorder::Record*>& records, const std::string& pad,
                  std::ostream& os) {
  std::vector<std::pair<std::string, std::size_t>> ops;  // first appearance order
  for (const recorder::Record* record : records) {
    std::string op = record->OptionalString(recorder::keys::kOp).value_or("(no op)");
    auto it = std::find_if(ops.begin(), ops.end(), [&](const auto& e) { return e.first == op; });
    if (it == ops.end()) {
      ops.emplace_back(std::move(op), 1);
    } else {
      ++it->second;
    }
  }
  os << "\n" << pad << "the " << records.size() << (records.size() == 1 ? " record is " : " records are ");
  for (std::size_t i = 0; i < ops.size(); ++i) {
    if (i > 0) os << ", ";
    os << ops[i].second << " " << ops[i].first;
  }
}

}  // namespace

void ExplainNearMisses(const Pattern& pattern, const std::vector<const recorder::Record*>& records,
                       int indent, std::ostream& os) {
  if (records.empty()) return;
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  const std::vector<Part>& parts = pattern.parts();
  std::vector<Candidate> candidates;
  // With one part, a record either matches or it does not: nothing is close.
  if (parts.size() > 1) {
    for (const recorder::Record* record : records) {
      Candidate c;
      c.record = record;
      for (const Part& part : parts) {
        const bool ok = part.matcher.Matches(*record);
        c.part_matched.push_back(ok);
        if (ok) ++c.matched;
        if (ok && part.key == recorder::keys::kOp) c.op_matched = true;
      }
      if (c.matched > 0 && c.matched < parts.size()) candidates.push_back(std::move(c));
    }
  }
  if (candidates.empty()) {
    SummariseOps(records, pad, os);
    return;
  }
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.op_matched != b.op_matched) return a.op_matched;
    return a.matched > b.matched;
  });
  if (candidates.size() > kMaxNearMisses) candidates.resize(kMaxNearMisses);
  os << "\n" << pad << (candidates.size() == 1 ? "the closest record:" : "the closest records:");
  for (const Candidate& c : candidates) {
    os << "\n" << pad << "  " << RecordText(*c.record);
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (!c.part_matched[i]) os << "\n" << pad << "    " << Difference(parts[i], *c.record);
    }
  }
}

}  // namespace witness::matchers::internal
