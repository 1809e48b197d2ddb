// Updating a scenario to a recording (`--update`). Each round checks the
// current text, plans edits from what the report says is wrong, and makes
// them at the positions yaml-cpp reports; the next round checks the result.
// Rounds end when the scenario passes, when no edit is left to make, or when
// a text comes back that was already tried (edits undoing each other).

#include "witness/assertions/scenario_update.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>

#include "internal/spec.h"
#include "internal/value_template.h"
#include "internal/yaml_guard.h"
#include "internal/yaml_text.h"
#include "witness/assertions/check.h"
#include "witness/recorder/format.h"

namespace witness::assertions {
namespace {

using internal::TextEdit;
using internal::TextRange;
using internal::YamlText;
using json = nlohmann::json;
using recorder::Record;
using recorder::Recording;

constexpr int kMaxRounds = 8;

// What a comment written by the update starts with.
constexpr std::string_view kCommentMark = "# witness --update: ";

// One expectation as written in the file, with its results.
struct Item {
  YAML::Node node;
  bool per_member = false;
  std::string op;  // the literal `op:`, "" when not a plain value
  std::string id;
  const internal::ExpectationSpec* spec = nullptr;
  std::vector<const ExpectationResult*> results;
};

std::string Scalar(const YAML::Node& map, const char* key) {
  const YAML::Node value = map.IsMap() ? map[key] : YAML::Node();
  return value && value.IsScalar() ? value.Scalar() : "";
}

// Single-line text for a comment.
std::string OneLine(std::string_view text) {
  std::string out;
  bool space = false;
  for (const char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

bool IsReservedPlain(const std::string& text) {
  static const std::set<std::string> kReserved = {"null", "true",  "false", "yes", "no", "on",
                                                  "off",  "y",     "n",     "~",   ""};
  std::string lower;
  for (const char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return kReserved.count(lower) != 0;
}

// True when `text` reads back from a plain YAML scalar (in block context)
// as the same string, and the loader would not take it for a number.
bool PlainSafe(const std::string& text) {
  if (text.empty() || IsReservedPlain(text)) return false;
  if (std::string_view("-?:,[]{}#&*!|>'\"%@` ").find(text.front()) != std::string_view::npos) {
    return false;
  }
  if (std::isdigit(static_cast<unsigned char>(text.front())) || text.front() == '+' ||
      text.front() == '.') {
    return false;
  }
  if (text.back() == ' ' || text.back() == ':') return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) return false;
    if (text[i] == ':' && i + 1 < text.size() && text[i + 1] == ' ') return false;
    if (text[i] == '#' && i > 0 && text[i - 1] == ' ') return false;
  }
  return true;
}

std::string DoubleQuoted(const std::string& text) {
  return json(text).dump(-1, ' ', false, json::error_handler_t::replace);
}

// Template text as a YAML scalar, quoted as the value it replaces was when
// that can say it.
std::string QuoteLike(const std::string& text, std::string_view old, bool in_flow) {
  const char style = old.empty() ? ' ' : old.front();
  if (style == '\'') {
    bool printable = true;
    for (const char c : text) printable = printable && static_cast<unsigned char>(c) >= 0x20;
    if (printable) {
      std::string out = "'";
      for (const char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
      return out + "'";
    }
  }
  if (style != '"' && style != '\'' && !in_flow && PlainSafe(text)) return text;
  return DoubleQuoted(text);
}

std::string CountText(std::uint64_t low, std::uint64_t high) {
  if (low == high) return std::to_string(low);
  return "{min: " + std::to_string(low) + ", max: " + std::to_string(high) + "}";
}

// Variables as the loader expands them, for writing values back as
// references: the file's `vars` (each expanded) with `--var` over them,
// and each ${env:NAME} the file names.
std::vector<internal::TemplatePrefix> PrefixesOf(const YAML::Node& doc, std::string_view text,
                                                 const Variables& given) {
  std::map<std::string, std::string> values;
  if (doc["vars"] && doc["vars"].IsMap()) {
    for (const auto& entry : doc["vars"]) {
      if (entry.first.IsScalar() && entry.second.IsScalar()) {
        values[entry.first.Scalar()] = entry.second.Scalar();
      }
    }
  }
  for (const auto& [name, value] : given) values[name] = value;
  const auto expand = [&](std::string value) {
    for (int depth = 0; depth < kMaxVariableDepth; ++depth) {
      const std::size_t open = value.find("${");
      if (open == std::string::npos) return value;
      const std::size_t close = value.find('}', open);
      if (close == std::string::npos) return value;
      const std::string name = value.substr(open + 2, close - open - 2);
      std::string replacement;
      if (name.rfind("env:", 0) == 0) {
        const char* env = std::getenv(name.substr(4).c_str());
        if (env == nullptr) return std::string();
        replacement = env;
      } else if (values.count(name) != 0) {
        replacement = values[name];
      } else {
        return std::string();  // ${member} or a capture: not a fixed prefix
      }
      value.replace(open, close - open + 1, replacement);
    }
    return std::string();
  };
  std::vector<internal::TemplatePrefix> prefixes;
  for (const auto& [name, value] : values) prefixes.push_back({expand(value), "${" + name + "}"});
  for (std::size_t at = text.find("${env:"); at != std::string_view::npos;
       at = text.find("${env:", at + 1)) {
    const std::size_t close = text.find('}', at);
    if (close == std::string_view::npos) break;
    const std::string name(text.substr(at + 6, close - at - 6));
    if (const char* env = std::getenv(name.c_str())) {
      prefixes.push_back({env, "${env:" + name + "}"});
    }
  }
  return internal::SortedPrefixes(std::move(prefixes));
}

// Plans one round of edits from one report.
class Planner {
 public:
  Planner(std::string_view text, const YAML::Node& doc, const Scenario& scenario,
          const Report& report, const Recording& recording, const UpdateOptions& options)
      : yaml_(text),
        doc_(doc),
        spec_(scenario.spec()),
        report_(report),
        recording_(recording),
        prefixes_(PrefixesOf(doc, text, options.vars)) {
    for (const Record& record : recording_.records) {
      records_[{record.file(), record.offset()}] = &record;
    }
    CollectItems();
  }

  std::vector<TextEdit> Plan() {
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

 private:
  void CollectItems() {
    std::map<std::string, const ExpectationResult*> unused;
    std::map<std::string, std::vector<const ExpectationResult*>> by_position;
    for (const ExpectationResult& result : report_.expectations) {
      by_position[result.defined_at].push_back(&result);
    }
    const auto add = [&](const YAML::Node& list, bool per_member,
                         const std::vector<internal::ExpectationSpec>& specs) {
      if (!list || !list.IsSequence()) return;
      for (const YAML::Node& node : list) {
        Item item;
        item.node = node;
        item.per_member = per_member;
        item.op = Scalar(node, "op");
        item.id = Scalar(node, "id");
        const YAML::Mark mark = node.Mark();
        internal::Position position;
        position.line = static_cast<std::size_t>(mark.line) + 1;
        position.column = static_cast<std::size_t>(mark.column) + 1;
        for (const internal::ExpectationSpec& spec : specs) {
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

  const Record* RecordAt(const recorder::SourceLocation& where) const {
    const auto found = records_.find({where.file, where.offset});
    return found == records_.end() ? nullptr : found->second;
  }

  // A range that starts right after a key's ':' (an empty value, or a block
  // collection below it): the new value needs its space.
  bool AfterColon(const TextRange& range) const {
    return range.begin > 0 && yaml_.text()[range.begin - 1] == ':';
  }

  bool InFlow(const Item& item) const { return item.node.Style() == YAML::EmitterStyle::Flow; }

  // The key node of `field` in the item's mapping.
  std::optional<std::pair<YAML::Node, YAML::Node>> Entry(const Item& item,
                                                         const std::string& field) const {
    for (const auto& entry : item.node) {
      if (entry.first.IsScalar() && entry.first.Scalar() == field) {
        return std::make_pair(YAML::Node(entry.first), YAML::Node(entry.second));
      }
    }
    return std::nullopt;
  }

  // A capture bound before `item` in the file, for `member`, to `value`.
  std::optional<std::string> CaptureFor(const Item& item, const std::string& member,
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

  static std::size_t LineOf(const std::string& where) {
    // "file:line:column"
    const std::size_t last = where.rfind(':');
    if (last == std::string::npos || last == 0) return 0;
    const std::size_t before = where.rfind(':', last - 1);
    if (before == std::string::npos) return 0;
    return static_cast<std::size_t>(std::strtoull(where.c_str() + before + 1, nullptr, 10));
  }

  // The YAML for a recorded value in place of `old`.
  std::string ValueText(const Item& item, const std::string& member,
                        const std::optional<json>& value, std::string_view old, bool in_flow,
                        bool& lossy) const {
    lossy = false;
    if (!value) return "{absent: true}";
    if (const std::optional<std::string> capture = CaptureFor(item, member, *value)) {
      return QuoteLike("${" + *capture + "}", old, in_flow);
    }
    const std::string* per_member = item.per_member ? &member : nullptr;
    if (value->is_string()) {
      return QuoteLike(internal::TemplateFor(value->get<std::string>(), prefixes_, per_member),
                       old, in_flow);
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
  void CommentAbove(std::size_t offset, const std::string& text) {
    const std::size_t line = yaml_.LineStart(offset);
    edits_.push_back({TextRange{line, line},
                      std::string(yaml_.IndentOf(offset), ' ') + std::string(kCommentMark) +
                          OneLine(text) + "\n"});
  }

  // The fields a near miss got wrong, given the recorded values. Only when
  // every instance fails: a per_member pattern that holds for some members
  // is theirs too.
  bool FixFields(const Item& item) {
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
    if (some_pass) return true;  // left for a person: see Unresolved
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

  // An expectation whose op no record has any more.
  bool Remove(const Item& item) {
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
                                        std::string(kCommentMark) + "removed expectation '" +
                                        OneLine(label) + "': no record has op '" +
                                        OneLine(item.op) + "'\n"});
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

  bool ReferencedBeyondOrder(const std::string& id) const {
    for (const internal::ExpectationSpec* list_spec : AllSpecs()) {
      if (list_spec->next == id) return true;
      if (list_spec->within && list_spec->within->after == id) return true;
    }
    for (const auto* list : {&spec_.member_none_between, &spec_.global_none_between}) {
      for (const internal::NoneBetweenSpec& none : *list) {
        if (none.after == id || none.before == id) return true;
      }
    }
    for (const internal::UniqueSpec& unique : spec_.unique) {
      if (unique.id == id) return true;
    }
    return false;
  }

  std::vector<const internal::ExpectationSpec*> AllSpecs() const {
    std::vector<const internal::ExpectationSpec*> out;
    for (const auto& e : spec_.per_member) out.push_back(&e);
    for (const auto& e : spec_.global) out.push_back(&e);
    return out;
  }

  // `key: [a, b, c]` in `parent`: `value` taken out; the whole entry when
  // fewer than two would be left (order chains and lifecycles need two).
  void RemoveFromList(const YAML::Node& parent, const char* key, const std::string& value) {
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
  void RemoveFromOrder(const YAML::Node& parent, const std::string& id) {
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

  static bool Contains(const YAML::Node& list, const std::string& value) {
    for (const YAML::Node& element : list) {
      if (element.IsScalar() && element.Scalar() == value) return true;
      if (element.IsSequence() && Contains(element, value)) return true;
    }
    return false;
  }

  // Takes `value` out of a flow list (or out of a group inside it) when at
  // least `keep` elements would be left; false otherwise.
  bool RemoveElement(const YAML::Node& list, const std::string& value, std::size_t keep) {
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

  // Every field holds: the count is what differs.
  void FixCount(const Item& item) {
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

  // Under strict: records no expectation claimed, by op.
  void AddUnclaimed() {
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
    const YAML::Node per_member_list =
        doc_["per_member"] && doc_["per_member"].IsMap() ? doc_["per_member"]["expect"]
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

  void AddExpectation(const YAML::Node& list, const std::string& id, const std::string& op,
                      const std::string& name, const std::string& count) {
    std::size_t at = yaml_.text().size();
    std::string dash;
    if (list && list.IsSequence() && list.size() > 0 &&
        list.Style() != YAML::EmitterStyle::Flow) {
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
    key("op", QuoteLike(internal::EscapeLiteral(op), "", false));
    if (!name.empty()) key("name", name);
    key("count", count);
    edits_.push_back({TextRange{at, at}, std::move(text)});
  }

  YamlText yaml_;
  YAML::Node doc_;
  const internal::ScenarioSpec& spec_;
  const Report& report_;
  const Recording& recording_;
  std::vector<internal::TemplatePrefix> prefixes_;
  std::map<std::pair<std::string, std::uint64_t>, const Record*> records_;
  std::vector<Item> items_;
  std::set<std::string> ids_;
  std::set<std::string> failing_ops_;
  std::vector<TextEdit> edits_;
};

}  // namespace

ScenarioUpdate UpdateScenario(std::string_view text, const std::string& file,
                              const Recording& recording, const UpdateOptions& options) {
  ScenarioUpdate update;
  update.text = std::string(text);
  std::set<std::string> tried = {update.text};
  CheckOptions check;
  check.listing = true;
  for (int round = 0;; ++round) {
    // The first load throws for a scenario that is wrong to begin with; a
    // later one only if an edit broke it, which is a bug to report as such.
    Scenario scenario = ParseScenario(update.text, file, options.vars);
    const Report report = Check(scenario, recording, check);
    if (report.passed()) {
      update.passes = true;
      update.unresolved.clear();
      break;
    }
    update.unresolved = report.Failures();
    if (round == kMaxRounds) break;
    const YAML::Node doc = internal::LoadScenarioDocument(update.text, file);
    Planner planner(update.text, doc, scenario, report, recording, options);
    std::vector<TextEdit> edits = planner.Plan();
    if (edits.empty()) break;
    std::string next = internal::ApplyEdits(update.text, std::move(edits));
    if (!tried.insert(next).second) break;
    try {
      ParseScenario(next, file, options.vars);
    } catch (const ScenarioError& error) {
      // Keep the last text that loads; say why the next one did not.
      update.unresolved.push_back("the update would not load: " + error.message() +
                                  " (line " + std::to_string(error.line()) + " of the update)");
      break;
    }
    update.text = std::move(next);
  }
  update.changed = update.text != text;
  return update;
}

}  // namespace witness::assertions
