// An expectation whose op no record has any more: removed, with its id
// taken out of order chains and its op out of the lifecycle.
#include <algorithm>

#include "internal/update_planner.h"
#include "internal/yaml_spelling.h"

namespace witness::assertions::internal {
namespace {

using json = nlohmann::json;
using recorder::Record;
using recorder::Recording;

bool Contains(const YAML::Node& list, const std::string& value) {
  for (const YAML::Node& element : list) {
    if (element.IsScalar() && element.Scalar() == value) return true;
    if (element.IsSequence() && Contains(element, value)) return true;
  }
  return false;
}

std::vector<const ExpectationSpec*> AllSpecs(const ScenarioSpec& spec) {
  std::vector<const ExpectationSpec*> out;
  for (const auto& e : spec.per_member) out.push_back(&e);
  for (const auto& e : spec.global) out.push_back(&e);
  return out;
}

}  // namespace

// An expectation whose op no record has any more.
bool UpdatePlanner::Remove(const Item& item) {
  if (item.op.empty() || item.spec == nullptr || item.spec->count.min == 0) return false;
  for (const ExpectationResult* result : item.results) {
    if (!result->matched.empty()) return false;
  }
  for (const Record& record : recording_.records) {
    if (record.HasOp() && record.Op() == item.op) return false;
  }
  if (!item.id.empty() && ReferencedBeyondOrder(item.id)) return false;
  const std::optional<YamlText::Item> lines = yaml_.ItemLines(item.node);
  if (!lines) return false;
  const std::string label = item.id.empty() ? item.op : item.id;
  edits_.push_back({lines->lines, std::string(lines->dash_column, ' ') +
                                      std::string(kUpdateCommentMark) + "removed expectation '" +
                                      OneLine(label) + "': no record has op '" + OneLine(item.op) +
                                      "'\n"});
  if (!item.id.empty()) {
    // Top-level chains may name per_member ids too.
    if (item.per_member) RemoveFromOrder(doc_["per_member"], item.id);
    RemoveFromOrder(doc_, item.id);
  }
  // The lifecycle names ops: take this one out when no other
  // expectation has it.
  const bool op_left = std::any_of(items_.begin(), items_.end(), [&](const Item& other) {
    return &other != &item && other.op == item.op;
  });
  if (!op_left) {
    RemoveFromList(doc_, "lifecycle", item.op);
    if (doc_["per_member"] && doc_["per_member"].IsMap()) {
      RemoveFromList(doc_["per_member"], "lifecycle", item.op);
    }
  }
  return true;
}

bool UpdatePlanner::ReferencedBeyondOrder(const std::string& id) const {
  for (const ExpectationSpec* list_spec : AllSpecs(spec_)) {
    if (list_spec->next == id) return true;
    if (list_spec->within && list_spec->within->after == id) return true;
  }
  for (const auto* list : {&spec_.member_none_between, &spec_.global_none_between}) {
    for (const NoneBetweenSpec& none : *list) {
      if (none.after == id || none.before == id) return true;
    }
  }
  for (const UniqueSpec& unique : spec_.unique) {
    if (unique.id == id) return true;
  }
  return false;
}

// `key: [a, b, c]` in `parent`: `value` taken out; the whole entry when
// fewer than two would be left (order chains and lifecycles need two).
void UpdatePlanner::RemoveFromList(const YAML::Node& parent, const char* key,
                                   const std::string& value) {
  if (!parent.IsMap()) return;
  for (const auto& entry : parent) {
    if (!entry.first.IsScalar() || entry.first.Scalar() != key) continue;
    const YAML::Node list = entry.second;
    if (!list.IsSequence() || list.Style() != YAML::EmitterStyle::Flow) return;
    if (RemoveElement(list, value, 2)) return;
    if (const std::optional<TextRange> lines = yaml_.EntryLines(entry.first, list)) {
      edits_.push_back({*lines, ""});
    }
    return;
  }
}

// Order chains in `parent`'s `order`: one chain, or a list of chains.
void UpdatePlanner::RemoveFromOrder(const YAML::Node& parent, const std::string& id) {
  const YAML::Node order = parent.IsMap() ? parent["order"] : YAML::Node();
  if (!order || !order.IsSequence()) return;
  bool single = false;
  for (const YAML::Node& entry : order) single = single || entry.IsScalar();
  if (single) {
    RemoveFromList(parent, "order", id);
    return;
  }
  std::vector<TextEdit> whole_chains;
  std::size_t chains = 0;
  for (const YAML::Node& chain : order) {
    ++chains;
    const YAML::Node steps = chain.IsMap() ? chain["chain"] : chain;
    if (!steps || !steps.IsSequence() || steps.Style() != YAML::EmitterStyle::Flow) continue;
    if (!Contains(steps, id)) continue;
    if (RemoveElement(steps, id, 2)) continue;
    if (const std::optional<YamlText::Item> lines = yaml_.ItemLines(chain)) {
      whole_chains.push_back({lines->lines, ""});
    }
  }
  if (whole_chains.size() < chains) {
    edits_.insert(edits_.end(), whole_chains.begin(), whole_chains.end());
    return;
  }
  // No chain is left: the `order` key goes too.
  for (const auto& entry : parent) {
    if (entry.first.IsScalar() && entry.first.Scalar() == "order") {
      if (const std::optional<TextRange> lines = yaml_.EntryLines(entry.first, entry.second)) {
        edits_.push_back({*lines, ""});
      }
    }
  }
}

// Takes `value` out of a flow list (or out of a group inside it) when at
// least `keep` elements would be left; false otherwise.
bool UpdatePlanner::RemoveElement(const YAML::Node& list, const std::string& value,
                                  std::size_t keep) {
  std::vector<TextRange> ranges;
  for (const YAML::Node& element : list) {
    const std::optional<TextRange> range = yaml_.FlowRange(element, true);
    if (!range) return false;
    ranges.push_back(*range);
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node element = list[i];
    const bool whole = element.IsScalar() && element.Scalar() == value;
    if (!whole && element.IsSequence() && Contains(element, value)) {
      if (RemoveElement(element, value, 1)) return true;
    } else if (!whole) {
      continue;
    }
    if (list.size() - 1 < keep) return false;
    if (i + 1 < list.size()) {
      edits_.push_back({TextRange{ranges[i].begin, ranges[i + 1].begin}, ""});
    } else {
      edits_.push_back({TextRange{ranges[i - 1].end, ranges[i].end}, ""});
    }
    return true;
  }
  return false;
}

}  // namespace witness::assertions::internal
