// One round of --update: which expectations failed, and the values and
// counts that mend them.
#include "internal/update_planner.h"

#include <algorithm>
#include <cstdlib>

#include "internal/yaml_spelling.h"

namespace witness::assertions::internal {
namespace {

using json = nlohmann::json;
using recorder::Record;
using recorder::Recording;

std::size_t LineOf(const std::string& where) {
  // "file:line:column"
  const std::size_t last = where.rfind(':');
  if (last == std::string::npos || last == 0) return 0;
  const std::size_t before = where.rfind(':', last - 1);
  if (before == std::string::npos) return 0;
  return static_cast<std::size_t>(std::strtoull(where.c_str() + before + 1, nullptr, 10));
}

}  // namespace

UpdatePlanner::UpdatePlanner(std::string_view text, const YAML::Node& doc, const Scenario& scenario,
                             const Report& report, const Recording& recording,
                             const UpdateOptions& options)
    : yaml_(text),
      doc_(doc),
      spec_(scenario.spec()),
      report_(report),
      recording_(recording),
      prefixes_(ScenarioPrefixes(doc, text, options.vars)) {
  for (const Record& record : recording_.records) {
    records_[{record.file(), record.offset()}] = &record;
  }
  CollectItems();
}

std::vector<TextEdit> UpdatePlanner::Plan() {
  for (Item& item : items_) {
    if (std::all_of(item.results.begin(), item.results.end(),
                    [](const ExpectationResult* r) { return r->passed; })) {
      continue;
    }
    if (!item.op.empty()) failing_ops_.insert(item.op);
    if (FixFields(item) || Remove(item)) continue;
    FixCount(item);
  }
  // A record no expectation claims may be one a failing expectation is
  // about to claim again: new expectations wait for the round after.
  if (edits_.empty()) AddUnclaimed();
  return std::move(edits_);
}

void UpdatePlanner::CollectItems() {
  std::map<std::string, std::vector<const ExpectationResult*>> by_position;
  for (const ExpectationResult& result : report_.expectations) {
    by_position[result.defined_at].push_back(&result);
  }
  const auto add = [&](const YAML::Node& list, bool per_member,
                       const std::vector<ExpectationSpec>& specs) {
    if (!list || !list.IsSequence()) return;
    for (const YAML::Node& node : list) {
      Item item;
      item.node = node;
      item.per_member = per_member;
      item.op = ScalarAt(node, "op");
      item.id = ScalarAt(node, "id");
      const YAML::Mark mark = node.Mark();
      Position position;
      position.line = static_cast<std::size_t>(mark.line) + 1;
      position.column = static_cast<std::size_t>(mark.column) + 1;
      for (const ExpectationSpec& spec : specs) {
        if (spec.position.line == position.line && spec.position.column == position.column) {
          item.spec = &spec;
        }
      }
      const auto found = by_position.find(spec_.Where(position));
      if (found != by_position.end()) item.results = found->second;
      if (!item.id.empty()) ids_.insert(item.id);
      items_.push_back(std::move(item));
    }
  };
  if (doc_["per_member"] && doc_["per_member"].IsMap()) {
    add(doc_["per_member"]["expect"], true, spec_.per_member);
  }
  add(doc_["expect"], false, spec_.global);
}

const Record* UpdatePlanner::RecordAt(const recorder::SourceLocation& where) const {
  const auto found = records_.find({where.file, where.offset});
  return found == records_.end() ? nullptr : found->second;
}

// A range that starts right after a key's ':' (an empty value, or a block
// collection below it): the new value needs its space.
bool UpdatePlanner::AfterColon(const TextRange& range) const {
  return range.begin > 0 && yaml_.text()[range.begin - 1] == ':';
}

bool UpdatePlanner::InFlow(const Item& item) const {
  return item.node.Style() == YAML::EmitterStyle::Flow;
}

// The key node of `field` in the item's mapping.
std::optional<std::pair<YAML::Node, YAML::Node>> UpdatePlanner::Entry(
    const Item& item, const std::string& field) const {
  for (const auto& entry : item.node) {
    if (entry.first.IsScalar() && entry.first.Scalar() == field) {
      return std::make_pair(YAML::Node(entry.first), YAML::Node(entry.second));
    }
  }
  return std::nullopt;
}

// A capture bound before `item` in the file, for `member`, to `value`.
std::optional<std::string> UpdatePlanner::CaptureFor(const Item& item, const std::string& member,
                                                     const json& value) const {
  const std::string dumped = value.dump(-1, ' ', false, json::error_handler_t::replace);
  for (const CaptureThread& thread : report_.threads) {
    if (thread.value != dumped) continue;
    const ExpectationResult& binder = report_.expectations[thread.binder];
    if (!binder.member.empty() && binder.member != member) continue;
    if (item.spec == nullptr) continue;
    const std::string here = spec_.Where(item.spec->position);
    if (binder.defined_at == here) continue;
    // Bound earlier in the file: the loader insists on that.
    if (LineOf(binder.defined_at) >= item.spec->position.line) continue;
    return thread.name;
  }
  return std::nullopt;
}

// The YAML for a recorded value in place of `old`.
std::string UpdatePlanner::ValueText(const Item& item, const std::string& member,
                                     const std::optional<json>& value, std::string_view old,
                                     bool in_flow, bool& lossy) const {
  lossy = false;
  if (!value) return "{absent: true}";
  if (const std::optional<std::string> capture = CaptureFor(item, member, *value)) {
    return QuoteLike("${" + *capture + "}", old, in_flow);
  }
  const std::string* per_member = item.per_member ? &member : nullptr;
  if (value->is_string()) {
    return QuoteLike(TemplateFor(value->get<std::string>(), prefixes_, per_member), old, in_flow);
  }
  if (value->is_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < value->size(); ++i) {
      bool element_lossy = false;
      out += (i > 0 ? ", " : "") +
             ValueText(item, member, (*value)[i], "\"", /*in_flow=*/true, element_lossy);
      lossy = lossy || element_lossy;
    }
    return out + "]";
  }
  if (value->is_object()) {
    // A mapping in a scenario is a matcher, so an object is checked for
    // presence only; the comment keeps what was recorded.
    lossy = true;
    return "{present: true}";
  }
  return value->dump(-1, ' ', false, json::error_handler_t::replace);
}

// A comment line above the line where `offset` is.
void UpdatePlanner::CommentAbove(std::size_t offset, const std::string& text) {
  const std::size_t line = yaml_.LineStart(offset);
  edits_.push_back({TextRange{line, line}, std::string(yaml_.IndentOf(offset), ' ') +
                                               std::string(kUpdateCommentMark) + OneLine(text) +
                                               "\n"});
}

// The fields a near miss got wrong, given the recorded values. Only when
// every instance fails: a per_member pattern that holds for some members
// is theirs too.
bool UpdatePlanner::FixFields(const Item& item) {
  if (!item.node.IsMap()) return false;
  const ExpectationResult* chosen = nullptr;
  const NearMiss* miss = nullptr;
  for (const ExpectationResult* result : item.results) {
    if (!result->matched.empty() || result->near_misses.empty()) continue;
    const NearMiss& best = result->near_misses.front();
    const Record* record = RecordAt(best.where);
    if (record == nullptr || best.fields_matched == best.fields.size()) continue;
    if (!item.op.empty() && record->Op() != item.op) continue;
    chosen = result;
    miss = &best;
    break;
  }
  if (chosen == nullptr) return false;
  const bool some_pass = std::any_of(item.results.begin(), item.results.end(),
                                     [](const ExpectationResult* r) { return r->passed; });
  if (some_pass) return true;  // left to a person: the failure stays unresolved
  const Record* record = RecordAt(miss->where);
  bool edited = false;
  for (const FieldDiff& diff : miss->fields) {
    if (diff.matched) continue;
    const auto entry = Entry(item, diff.field);
    if (!entry) continue;
    const bool in_flow = InFlow(item);
    const std::optional<TextRange> range = yaml_.ValueRange(entry->first, entry->second, in_flow);
    if (!range) continue;
    const std::string_view old = yaml_.text().substr(range->begin, range->end - range->begin);
    bool lossy = false;
    const std::optional<json> value = record->Find(diff.field);
    std::string text = ValueText(item, chosen->member, value, old, in_flow, lossy);
    if (AfterColon(*range)) text = " " + text;
    if (!entry->second.IsScalar() || lossy) {
      std::string note = diff.field + " was " + OneLine(old);
      if (lossy && value) note += "; recorded " + OneLine(value->dump());
      CommentAbove(yaml_.Start(entry->first), note);
    }
    edits_.push_back({*range, std::move(text)});
    edited = true;
  }
  return edited;
}

// Every field holds: the count is what differs.
void UpdatePlanner::FixCount(const Item& item) {
  if (item.results.empty() || !item.node.IsMap()) return;
  std::uint64_t low = UINT64_MAX;
  std::uint64_t high = 0;
  for (const ExpectationResult* result : item.results) {
    low = std::min<std::uint64_t>(low, result->matched.size());
    high = std::max<std::uint64_t>(high, result->matched.size());
  }
  const std::string text = CountText(low, high);
  const bool in_flow = InFlow(item);
  if (const auto entry = Entry(item, "count")) {
    if (const std::optional<TextRange> range =
            yaml_.ValueRange(entry->first, entry->second, in_flow)) {
      edits_.push_back({*range, AfterColon(*range) ? " " + text : text});
    }
    return;
  }
  if (in_flow) {
    const std::optional<TextRange> range = yaml_.FlowRange(item.node, false);
    if (!range) return;
    edits_.push_back({TextRange{range->end - 1, range->end - 1}, ", count: " + text});
    return;
  }
  const std::optional<YamlText::Item> lines = yaml_.ItemLines(item.node);
  if (!lines) return;
  const std::size_t key_column = yaml_.ColumnOf(yaml_.Start(item.node));
  edits_.push_back({TextRange{lines->lines.end, lines->lines.end},
                    std::string(key_column, ' ') + "count: " + text + "\n"});
}

}  // namespace witness::assertions::internal
