// Writing a scenario that a recording satisfies (`witness snapshot`).
//
// The writer generalises what would not hold on the next run (paths under
// the given environment variables, member names inside values, MACs and
// IPv4 addresses the fake invents), then proves its output by loading it and
// checking the same recording. When the generalised form does not hold (an
// unusual recording), it falls back to a literal one that always does.

#include "witness/assertions/snapshot.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "internal/loader.h"
#include "internal/matcher.h"
#include "internal/matcher_definition.h"
#include "internal/value_template.h"
#include "internal/yaml_spelling.h"
#include "witness/assertions/check.h"
#include "witness/fake/fault_rules.h"
#include "witness/recorder/format.h"

namespace witness::assertions {
namespace {

using json = nlohmann::json;
using recorder::Record;
using recorder::Recording;

// Written by the writer itself on every record: never part of a pattern.
bool IsProvenance(const std::string& key) {
  return key == recorder::keys::kPid || key == recorder::keys::kSeq ||
         key == recorder::keys::kTsNs;
}

bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

std::string Sanitize(const std::string& text) {
  std::string out;
  for (const char c : text) out += IsAlnum(c) || c == '_' ? c : '_';
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out = "_" + out;
  return out;
}

std::string YamlString(const std::string& text) {
  return json(text).dump(-1, ' ', false, json::error_handler_t::replace);
}

// Plain when YAML reads it back as the same string, quoted otherwise.
std::string YamlKey(const std::string& key) {
  bool plain = !internal::IsReservedPlain(key) &&
               (std::isalpha(static_cast<unsigned char>(key[0])) || key[0] == '_');
  for (const char c : key) plain = plain && (IsAlnum(c) || c == '_' || c == '-' || c == '.');
  return plain ? key : YamlString(key);
}

// A literal value, plain when YAML reads it back as the same string.
std::string YamlValue(const std::string& text) {
  const std::string key = YamlKey(text);
  return key == text ? key : YamlString(internal::EscapeLiteral(text));
}

struct ExpectationText {
  std::string id;
  std::vector<std::pair<std::string, std::string>> fields;  // key -> YAML value
  std::size_t count = 1;
  std::vector<std::size_t> positions;  // record indices, ascending
  std::vector<std::string> captured_fields;
  bool operator==(const ExpectationText& other) const {
    return id == other.id && fields == other.fields && count == other.count;
  }
};

// Turns record values into YAML matchers for one expectation list.
class Generalizer {
 public:
  // Without `captures`, a MAC is checked by format only.
  Generalizer(const SnapshotOptions& options, bool generalize, const std::string* member,
              std::string capture_suffix, std::set<std::string>& capture_names,
              bool captures = true)
      : generalize_(generalize),
        captures_(captures),
        member_(member),
        capture_suffix_(std::move(capture_suffix)),
        capture_names_(capture_names) {
    std::vector<internal::TemplatePrefix> prefixes;
    for (const auto& [name, value] : options.path_variables) {
      prefixes.push_back({value, "${env:" + name + "}"});
    }
    prefixes_ = internal::SortedPrefixes(std::move(prefixes));
  }

  // `captured` is set when the field binds a capture.
  std::string Field(const std::string& field, const json& value, bool& captured) {
    captured = false;
    if (value.is_string()) {
      const std::string& s = value.get_ref<const std::string&>();
      if (generalize_ && internal::IsMacAddress(s)) {
        const auto it = macs_.find(s);
        if (it != macs_.end()) return YamlString("${" + it->second + "}");
        if (!captures_) return internal::MatcherYaml("format", "mac");
        const std::string name = UniqueCapture(Sanitize(field) + capture_suffix_);
        macs_[s] = name;
        captured = true;
        return internal::MatcherYaml("capture", name);
      }
      if (generalize_ && internal::IsIpv4Address(s)) return internal::MatcherYaml("format", "ipv4");
      return Template(s);
    }
    return Element(value);
  }

  std::string Element(const json& value) {
    if (value.is_string()) {
      const std::string& s = value.get_ref<const std::string&>();
      if (generalize_ && internal::IsMacAddress(s)) {
        const auto it = macs_.find(s);
        return it != macs_.end() ? YamlString("${" + it->second + "}") : internal::MatcherYaml("format", "mac");
      }
      if (generalize_ && internal::IsIpv4Address(s)) return internal::MatcherYaml("format", "ipv4");
      return Template(s);
    }
    if (value.is_array()) {
      std::string out = "[";
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (i > 0) out += ", ";
        out += Element(value[i]);
      }
      return out + "]";
    }
    if (value.is_object()) return internal::MatcherYaml("present", "true");
    if (value.is_null()) return "null";
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
  }

 private:
  std::string UniqueCapture(const std::string& base) {
    std::string name = base;
    for (int n = 2; capture_names_.count(name) != 0 || name == "member" || name == "env"; ++n) {
      name = base + "_" + std::to_string(n);
    }
    capture_names_.insert(name);
    return name;
  }

  std::string Template(const std::string& s) {
    if (!generalize_) return YamlString(internal::EscapeLiteral(s));
    return YamlString(internal::TemplateFor(s, prefixes_, member_));
  }

  bool generalize_;
  bool captures_;
  const std::string* member_;
  std::string capture_suffix_;
  std::set<std::string>& capture_names_;
  std::vector<internal::TemplatePrefix> prefixes_;
  std::map<std::string, std::string> macs_;                      // value -> capture
};

bool IsFaultRule(const std::string& text) {
  try {
    fake::ParseFaultRule(text);
    return true;
  } catch (const fake::FaultRuleError&) {
    return false;
  }
}

std::string OpKey(const Record& record) {
  const std::optional<json> op = record.Find(recorder::keys::kOp);
  return op ? op->dump() : std::string("(no op)");
}

// Expectations for one group of records (one member's, or the unnamed
// ones): one per op, fields kept where every record of the op agrees.
std::vector<ExpectationText> Expectations(const Recording& recording,
                                          const std::vector<std::size_t>& indices,
                                          Generalizer& generalizer, const std::string* literal_name,
                                          bool name_absent, const std::string& id_suffix) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<std::size_t>> by_op;
  for (const std::size_t index : indices) {
    const std::string key = OpKey(recording.records[index]);
    if (by_op.count(key) == 0) order.push_back(key);
    by_op[key].push_back(index);
  }
  std::vector<ExpectationText> out;
  for (const std::string& key : order) {
    const std::vector<std::size_t>& group = by_op[key];
    const Record& first = recording.records[group.front()];
    ExpectationText expectation;
    const std::string op(first.Op());
    expectation.id = (op.empty() ? "record" : op) + id_suffix;
    expectation.count = group.size();
    expectation.positions = group;
    const json first_fields = first.fields();
    for (const auto& [field, value] : first_fields.items()) {
      if (IsProvenance(field) || field == "id" || field == "count") continue;
      bool shared = true;
      for (const std::size_t index : group) {
        const std::optional<json> other = recording.records[index].Find(field);
        shared = shared && other && *other == value;
      }
      if (!shared) continue;
      std::string text;
      bool captured = false;
      if (field == recorder::keys::kName && literal_name == nullptr && value.is_string()) {
        text = generalizer.Field(field, value, captured);
      } else if (field == recorder::keys::kName && literal_name != nullptr) {
        text = YamlString(internal::EscapeLiteral(*literal_name));
      } else if (field == recorder::keys::kOp) {
        text = value.is_string() ? YamlValue(value.get<std::string>()) : generalizer.Element(value);
      } else {
        text = generalizer.Field(field, value, captured);
      }
      if (captured) expectation.captured_fields.push_back(field);
      expectation.fields.emplace_back(field, text);
    }
    if (name_absent && !first.Has(recorder::keys::kName)) {
      expectation.fields.emplace_back("name", internal::MatcherYaml("absent", "true"));
    }
    // op and name first, as people read them.
    std::stable_partition(expectation.fields.begin(), expectation.fields.end(),
                          [](const auto& f) { return f.first == "op"; });
    std::stable_partition(expectation.fields.begin() + 1, expectation.fields.end(),
                          [](const auto& f) { return f.first == "name"; });
    out.push_back(std::move(expectation));
  }
  return out;
}

// Ids whose records all precede the next one's, greedily in first-record order.
std::vector<std::string> Chain(const std::vector<ExpectationText>& expectations) {
  std::vector<std::string> chain;
  std::size_t last = 0;
  bool any = false;
  for (const ExpectationText& e : expectations) {
    if (e.positions.empty()) continue;
    if (any && e.positions.front() < last) continue;
    chain.push_back(e.id);
    last = e.positions.back();
    any = true;
  }
  return chain;
}

void WriteExpectations(const std::vector<ExpectationText>& expectations,
                       const std::string& indent, std::string& out) {
  for (const ExpectationText& e : expectations) {
    out += indent + "- id: " + YamlKey(e.id) + "\n";
    for (const auto& [key, value] : e.fields) out += indent + "  " + YamlKey(key) + ": " + value + "\n";
    if (e.count != 1) out += indent + "  count: " + std::to_string(e.count) + "\n";
  }
}

std::string ChainText(const std::vector<std::string>& ids) {
  std::string out = "[";
  for (std::size_t i = 0; i < ids.size(); ++i) out += (i > 0 ? ", " : "") + YamlKey(ids[i]);
  return out + "]";
}

// The fault rules that touched the recorded calls, first seen first, so
// that `witness run` injects them again. A value that is no rule (a
// hand-edited recording) is named in a comment instead.
void WriteFaults(const Recording& recording, std::string& out) {
  std::vector<std::string> rules;
  std::vector<std::string> bad;
  for (const Record& record : recording.records) {
    const std::optional<json> rule = record.Find(recorder::keys::kFaultRule);
    if (!rule || !rule->is_string()) continue;
    const std::string& text = rule->get_ref<const std::string&>();
    std::vector<std::string>& list = IsFaultRule(text) ? rules : bad;
    if (std::find(list.begin(), list.end(), text) == list.end()) list.push_back(text);
  }
  for (const std::string& text : bad) {
    out += "# not a fault rule, left out of faults: " + YamlString(text) + "\n";
  }
  if (rules.empty()) return;
  out += "faults:\n";
  for (const std::string& text : rules) out += "  - " + YamlString(internal::EscapeLiteral(text)) + "\n";
}

std::string Write(const Recording& recording, const SnapshotOptions& options, bool generalize) {
  std::vector<std::string> members;
  std::map<std::string, std::vector<std::size_t>> member_records;
  std::vector<std::size_t> unnamed;
  std::set<std::string> named_ops;
  std::size_t ordinary = 0;
  std::set<std::int64_t> writers;
  for (std::size_t i = 0; i < recording.records.size(); ++i) {
    const Record& record = recording.records[i];
    if (const auto pid = record.Pid()) writers.insert(*pid);
    if (recorder::IsSessionOp(record.Op())) continue;
    ++ordinary;
    if (record.HasName()) {
      const std::string text(record.Name());
      if (member_records.count(text) == 0) members.push_back(text);
      member_records[text].push_back(i);
      named_ops.insert(OpKey(record));
    } else {
      unnamed.push_back(i);
    }
  }

  std::string out = "# Written by witness snapshot from";
  for (const std::string& file : recording.files) out += " " + file;
  out += ": " + std::to_string(ordinary) + " records, " + std::to_string(members.size()) +
         " members. Edit freely; it holds for that recording.\n";
  out += "scenario: " + YamlString(options.name) + "\n";
  if (!options.description.empty()) out += "description: " + YamlString(options.description) + "\n";
  WriteFaults(recording, out);

  std::set<std::string> capture_names;
  // Member expectations, per member; per_member when all members look alike.
  std::vector<std::vector<ExpectationText>> per_member;
  std::vector<std::vector<std::string>> chains;
  for (const std::string& member : members) {
    Generalizer generalizer(options, generalize, generalize ? &member : nullptr, "",
                            capture_names);
    per_member.push_back(Expectations(recording, member_records[member], generalizer, nullptr,
                                      false, ""));
    chains.push_back(Chain(per_member.back()));
    capture_names.clear();
  }
  bool alike = generalize && !members.empty();
  for (std::size_t m = 1; alike && m < members.size(); ++m) {
    alike = per_member[m] == per_member[0] && chains[m] == chains[0];
  }

  std::set<std::string> ids;
  std::vector<std::vector<std::string>> top_chains;
  std::vector<ExpectationText> top;
  if (alike) {
    out += "members: [";
    for (std::size_t m = 0; m < members.size(); ++m) {
      out += (m > 0 ? ", " : "") + YamlString(internal::EscapeLiteral(members[m]));
    }
    out += "]\nper_member:\n  expect:\n";
    WriteExpectations(per_member[0], "    ", out);
    if (chains[0].size() >= 2) out += "  order: " + ChainText(chains[0]) + "\n";
    for (const ExpectationText& e : per_member[0]) ids.insert(e.id);
  } else {
    // Members differ (or literal mode): one block of expectations each.
    capture_names.clear();
    for (const std::string& member : members) {
      Generalizer generalizer(options, generalize, nullptr, "_" + Sanitize(member),
                              capture_names);
      auto expectations = Expectations(recording, member_records[member], generalizer, &member,
                                       false, "@" + member);
      auto chain = Chain(expectations);
      if (chain.size() >= 2) top_chains.push_back(std::move(chain));
      for (ExpectationText& e : expectations) {
        ids.insert(e.id);
        top.push_back(std::move(e));
      }
    }
  }

  // Records with no name: counted per op, told apart from members' records.
  Generalizer global(options, generalize, nullptr, "", capture_names, false);
  auto unnamed_expectations = Expectations(recording, unnamed, global, nullptr, true, "");
  for (ExpectationText& e : unnamed_expectations) {
    std::string id = e.id;
    for (int n = 2; ids.count(id) != 0; ++n) id = e.id + "-" + std::to_string(n);
    e.id = id;
    ids.insert(id);
    // The member chain's last step precedes each global op when it did here.
    if (alike && !chains[0].empty()) {
      const std::string& last_id = chains[0].back();
      bool before = true;
      for (std::size_t m = 0; m < members.size() && before; ++m) {
        for (const ExpectationText& me : per_member[m]) {
          if (me.id == last_id) before = me.positions.back() < e.positions.front();
        }
      }
      if (before) top_chains.push_back({last_id, id});
    }
    top.push_back(std::move(e));
  }
  if (top.empty() && !alike) {
    // Only session records: the scenario can still state that a recorder ran.
    out += "expect:\n  - id: session\n    op: session\n    count: " +
           std::to_string(recording.records.size() - ordinary) + "\n";
    return out;
  }
  if (!top.empty()) {
    out += "expect:\n";
    WriteExpectations(top, "  ", out);
  }
  if (!top_chains.empty()) {
    out += "order:\n";
    for (const auto& chain : top_chains) out += "  - " + ChainText(chain) + "\n";
  }
  if (alike) {
    std::vector<std::string> unique;
    for (const ExpectationText& e : per_member[0]) {
      for (const std::string& field : e.captured_fields) {
        std::set<std::string> values;
        for (std::size_t m = 0; m < members.size(); ++m) {
          for (const ExpectationText& me : per_member[m]) {
            if (me.id != e.id) continue;
            const std::optional<json> value = recording.records[me.positions.front()].Find(field);
            if (value) values.insert(value->dump());
          }
        }
        if (members.size() > 1 && values.size() == members.size()) {
          unique.push_back("  - {id: " + YamlKey(e.id) + ", field: " + YamlKey(field) + "}\n");
        }
      }
    }
    if (!unique.empty()) {
      out += "unique:\n";
      for (const std::string& line : unique) out += line;
    }
  }
  if (recording.diagnostics.empty()) out += "strict: true\n";
  if (!writers.empty()) {
    out += "# this recording has " + std::to_string(writers.size()) +
           " writing process(es); add 'writers: N' and 'clean_exit: true' to require that\n";
  }
  return out;
}

}  // namespace

std::string SnapshotScenario(const Recording& recording, const SnapshotOptions& options) {
  if (recording.records.empty()) {
    throw std::invalid_argument("cannot write a scenario from a recording with no records");
  }
  std::string failure;
  for (const bool generalize : {true, false}) {
    const std::string yaml = Write(recording, options, generalize);
    try {
      const Scenario scenario = internal::ParseScenarioWithEnvironment(
          yaml, "<snapshot>", {}, options.path_variables);
      const Report report = Check(scenario, recording);
      if (report.outcome == Outcome::kPass) return yaml;
      failure = report.Failures().empty() ? "fails" : report.Failures().front();
    } catch (const ScenarioError& e) {
      failure = e.what();
    }
  }
  throw std::logic_error("snapshot does not hold for its own recording: " + failure);
}

}  // namespace witness::assertions
