// Under strict, records no expectation claims: a new expectation for each
// op, per member when they all belong to members.
#include <algorithm>
#include <cstdint>

#include "internal/update_planner.h"
#include "internal/yaml_spelling.h"

namespace witness::assertions::internal {
namespace {

using json = nlohmann::json;
using recorder::Record;
using recorder::Recording;

}  // namespace

// Under strict: records no expectation claimed, by op.
void UpdatePlanner::AddUnclaimed() {
  std::map<std::string, std::vector<const Record*>> unclaimed;
  for (const ListingLine& line : report_.listing) {
    if (line.status != LineStatus::kUnclaimed) continue;
    const Record* record = RecordAt(line.where);
    if (record == nullptr || !record->HasOp()) continue;
    // Records of a failing expectation's op are what it failed on, not
    // a new op: that failure is the one to mend.
    if (failing_ops_.count(record->Op()) != 0) continue;
    unclaimed[record->Op()].push_back(record);
  }
  if (unclaimed.empty()) return;
  std::set<std::string> members;
  for (const ExpectationResult& result : report_.expectations) {
    if (!result.member.empty()) members.insert(result.member);
  }
  for (const std::string& member : spec_.members) members.insert(member);
  const YAML::Node per_member_list = doc_["per_member"] && doc_["per_member"].IsMap()
                                         ? doc_["per_member"]["expect"]
                                         : YAML::Node();
  for (const auto& [op, records] : unclaimed) {
    std::map<std::string, std::uint64_t> per_member;
    bool all_members = !members.empty() && per_member_list && per_member_list.IsSequence();
    for (const Record* record : records) {
      if (members.count(record->Name()) == 0) all_members = false;
      ++per_member[record->Name()];
    }
    std::string id = ids_.count(op) == 0 && PlainSafe(op) ? op : "";
    if (!id.empty()) ids_.insert(id);
    if (all_members) {
      std::uint64_t low = UINT64_MAX;
      std::uint64_t high = 0;
      for (const std::string& member : members) {
        const auto found = per_member.find(member);
        const std::uint64_t n = found == per_member.end() ? 0 : found->second;
        low = std::min(low, n);
        high = std::max(high, n);
      }
      AddExpectation(per_member_list, id, op, "${member}", CountText(low, high));
    } else {
      std::uint64_t total = 0;
      for (const Record& record : recording_.records) total += record.HasOp() && record.Op() == op;
      AddExpectation(doc_["expect"], id, op, "", CountText(total, total));
    }
  }
}

void UpdatePlanner::AddExpectation(const YAML::Node& list, const std::string& id,
                                   const std::string& op, const std::string& name,
                                   const std::string& count) {
  std::size_t at = yaml_.text().size();
  std::string dash;
  if (list && list.IsSequence() && list.size() > 0 && list.Style() != YAML::EmitterStyle::Flow) {
    const std::optional<YamlText::Item> last = yaml_.ItemLines(list[list.size() - 1]);
    if (!last) return;
    at = last->lines.end;
    dash = std::string(last->dash_column, ' ');
  } else if (!list) {
    edits_.push_back({TextRange{at, at}, "expect:\n"});
    dash = "  ";
  } else {
    return;  // a flow list or an empty one: written by hand
  }
  std::string text = dash + "- ";
  const std::string keys = dash + "  ";
  bool first = true;
  const auto key = [&](const std::string& k, const std::string& v) {
    text += (first ? "" : keys) + k + ": " + v + "\n";
    first = false;
  };
  if (!id.empty()) key("id", id);
  key("op", QuoteLike(EscapeLiteral(op), "", false));
  if (!name.empty()) key("name", name);
  key("count", count);
  edits_.push_back({TextRange{at, at}, std::move(text)});
}

}  // namespace witness::assertions::internal
