#include "witness/matchers/internal/near_miss.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "witness/assertions/report.h"
#include "witness/matchers/internal/record_text.h"
#include "witness/recorder/format.h"
#include "witness/recorder/printable.h"

namespace witness::matchers::internal {
namespace {

struct Candidate {
  const recorder::Record* record = nullptr;
  bool op_matched = false;
  std::size_t matched = 0;
  std::vector<bool> part_matched;
  std::size_t position = 0;  // in the records given
};

// One line per part, marked as the engine marks its near misses' fields:
// "ok  op = "create"", "!!  mac: expected "aa", actual "bb"".
std::string PartLine(const Part& part, const recorder::Record& record, bool matched) {
  if (!part.key.empty()) {
    const std::optional<nlohmann::json> value = record.Find(part.key);
    const std::string actual = value ? ValueText(*value) : "(absent)";
    if (matched) return "ok  " + part.key + " = " + actual;
    if (part.expected.empty()) return "!!  " + part.key + ": expected present, actual (absent)";
    // gmock's equality reads "is equal to X": say "expected X", as the engine does.
    constexpr std::string_view kEquals = "is equal to ";
    const std::string expected = part.expected.compare(0, kEquals.size(), kEquals) == 0
                                     ? part.expected.substr(kEquals.size())
                                     : "a value that " + part.expected;
    return "!!  " + part.key + ": expected " + expected + ", actual " + actual;
  }
  if (matched) return "ok  " + Describe(part.matcher);
  testing::StringMatchResultListener listener;
  part.matcher.MatchAndExplain(record, &listener);
  std::string text = "!!  does not satisfy: " + Describe(part.matcher);
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
    os << ops[i].second << " " << recorder::Printable(ops[i].first);
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
    for (std::size_t position = 0; position < records.size(); ++position) {
      const recorder::Record* record = records[position];
      Candidate c;
      c.record = record;
      c.position = position;
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
  // The engine's order (assertions::CloserThan); a record's place is its
  // place in the list given.
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return assertions::CloserThan({a.op_matched, a.matched, a.position},
                                  {b.op_matched, b.matched, b.position});
  });
  if (candidates.size() > kMaxNearMisses) candidates.resize(kMaxNearMisses);
  const bool all_fields = std::all_of(parts.begin(), parts.end(),
                                      [](const Part& part) { return !part.key.empty(); });
  os << "\n" << pad << (candidates.size() == 1 ? "the closest record:" : "the closest records:");
  for (const Candidate& c : candidates) {
    os << "\n" << pad << "  " << c.record->where().ToString() << "  (" << c.matched << " of "
       << parts.size() << (all_fields ? " fields match)  " : " parts match)  ")
       << RecordJson(*c.record);
    for (std::size_t i = 0; i < parts.size(); ++i) {
      os << "\n" << pad << "    " << PartLine(parts[i], *c.record, c.part_matched[i]);
    }
  }
}

}  // namespace witness::matchers::internal
