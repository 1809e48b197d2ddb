// The meaning-level difference between two scenario texts: both are read as
// YAML trees and walked as the scenario language shapes them, so a moved
// comment or a re-quoted name is no change, and a changed count is one line
// naming its expectation.
#include "witness/assertions/scenario_diff.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "internal/yaml_guard.h"
#include "witness/assertions/scenario.h"

namespace witness::assertions {
namespace {

// Ends a context line (IsUnchangedContext).
constexpr std::string_view kUnchangedSuffix = " unchanged";

// Longer values are cut: the text diff beside this one shows them whole.
constexpr std::size_t kMaxValueChars = 200;

YAML::Node ParseDocument(std::string_view text, const std::string& name, bool may_be_empty) {
  internal::PrescanScenarioText(text, name);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    std::string message = e.msg;
    if (!message.empty()) message[0] = static_cast<char>(std::tolower(message[0]));
    const std::size_t line = e.mark.line >= 0 ? static_cast<std::size_t>(e.mark.line) + 1 : 0;
    const std::size_t column = e.mark.column >= 0 ? static_cast<std::size_t>(e.mark.column) + 1 : 0;
    throw ScenarioError(name, line, line == 0 ? 0 : column, "invalid YAML: " + message);
  }
  if (root.IsNull() && may_be_empty) return YAML::Node(YAML::NodeType::Map);
  if (!root.IsMap()) {
    const YAML::Mark mark = root.Mark();
    throw ScenarioError(name, mark.line >= 0 ? static_cast<std::size_t>(mark.line) + 1 : 0,
                        mark.column >= 0 ? static_cast<std::size_t>(mark.column) + 1 : 0,
                        "a scenario is a mapping of keys (scenario, expect, ...)");
  }
  internal::CheckScenarioTree(root, name);
  return root;
}

// A plain scalar that YAML reads as a number, boolean or null: the loader
// compares it by the record's type, so quoting it changes what it matches.
bool ReadsAsNonString(const std::string& text) {
  static const std::set<std::string> kWords = {"true",  "false", "True", "False", "TRUE",
                                               "FALSE", "null",  "Null", "NULL",  "~",
                                               ""};
  if (kWords.count(text) != 0) return true;
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
  bool digits = false;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i, digits = true;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i, digits = true;
  }
  if (!digits) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    bool exponent = false;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i, exponent = true;
    if (!exponent) return false;
  }
  return i == text.size();
}

bool IsPlain(const YAML::Node& node) { return node.Tag() != "!"; }

std::string Quote(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

void AppendFlow(const YAML::Node& node, std::string& out) {
  if (out.size() > kMaxValueChars) return;
  switch (node.Type()) {
    case YAML::NodeType::Scalar: {
      const std::string& text = node.Scalar();
      out += IsPlain(node) && ReadsAsNonString(text) ? text : Quote(text);
      return;
    }
    case YAML::NodeType::Sequence: {
      out += "[";
      bool first = true;
      for (const YAML::Node& element : node) {
        if (!first) out += ", ";
        first = false;
        AppendFlow(element, out);
      }
      out += "]";
      return;
    }
    case YAML::NodeType::Map: {
      out += "{";
      bool first = true;
      for (const auto& entry : node) {
        if (!first) out += ", ";
        first = false;
        out += entry.first.IsScalar() ? entry.first.Scalar() : "?";
        out += ": ";
        AppendFlow(entry.second, out);
      }
      out += "}";
      return;
    }
    case YAML::NodeType::Null:
      out += "~";
      return;
    case YAML::NodeType::Undefined:
      return;
  }
}

// A value as a flow-style YAML fragment, cut at kMaxValueChars.
std::string Flow(const YAML::Node& node) {
  std::string out;
  AppendFlow(node, out);
  if (out.size() > kMaxValueChars) out = out.substr(0, kMaxValueChars) + "...";
  return out;
}

bool SameMeaning(const YAML::Node& a, const YAML::Node& b) {
  const bool a_null = !a.IsDefined() || a.IsNull();
  const bool b_null = !b.IsDefined() || b.IsNull();
  if (a_null || b_null) return a_null == b_null;
  if (a.Type() != b.Type()) return false;
  if (a.IsScalar()) {
    if (a.Scalar() != b.Scalar()) return false;
    return IsPlain(a) == IsPlain(b) || !ReadsAsNonString(a.Scalar());
  }
  if (a.IsSequence()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!SameMeaning(a[i], b[i])) return false;
    }
    return true;
  }
  // Mappings: key order carries no meaning in the scenario language.
  if (a.size() != b.size()) return false;
  for (const auto& entry : a) {
    if (!entry.first.IsScalar()) return false;
    const YAML::Node other = b[entry.first.Scalar()];
    if (!other.IsDefined() || !SameMeaning(entry.second, other)) return false;
  }
  return true;
}

std::optional<std::string> ScalarAt(const YAML::Node& map, const char* key) {
  if (!map.IsMap()) return std::nullopt;
  const YAML::Node value = map[key];
  if (!value.IsDefined() || !value.IsScalar()) return std::nullopt;
  return value.Scalar();
}

// The keys of a mapping, first-seen order, those of `a` then new ones of `b`.
std::vector<std::string> KeysOf(const YAML::Node& a, const YAML::Node& b) {
  std::vector<std::string> keys;
  std::set<std::string> seen;
  for (const YAML::Node* node : {&a, &b}) {
    if (!node->IsMap()) continue;
    for (const auto& entry : *node) {
      if (!entry.first.IsScalar()) continue;
      if (seen.insert(entry.first.Scalar()).second) keys.push_back(entry.first.Scalar());
    }
  }
  return keys;
}

// A node of the mapping, or an undefined node when it is absent (or the
// parent is no mapping).
YAML::Node Child(const YAML::Node& map, const std::string& key) {
  if (!map.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  for (const auto& entry : map) {
    if (entry.first.IsScalar() && entry.first.Scalar() == key) return entry.second;
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

class Differ {
 public:
  std::vector<std::string> Diff(const YAML::Node& before, const YAML::Node& after) {
    // The keys in the order docs/scenarios.md lists them; unknown ones last.
    static const std::vector<std::string> kKeyOrder = {
        "scenario", "description", "vars",      "record_variable", "members", "per_member",
        "expect",   "order",       "none_between", "unique",       "lifecycle", "strict",
        "writers",  "clean_exit",  "faults"};
    std::vector<std::string> keys = kKeyOrder;
    for (const std::string& key : KeysOf(before, after)) {
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    }
    for (const std::string& key : keys) {
      if (key == "expect") {
        // The top level's expect, order, lifecycle and none_between are one
        // scope, as per_member's are.
        DiffScope(before, after, "");
        continue;
      }
      if (key == "order" || key == "lifecycle" || key == "none_between") continue;
      const YAML::Node b = Child(before, key);
      const YAML::Node a = Child(after, key);
      if (!b.IsDefined() && !a.IsDefined()) continue;
      if (key == "per_member" && IsMapOrAbsent(b) && IsMapOrAbsent(a)) {
        DiffScope(b, a, "per_member ");
      } else if (key == "vars" && IsMapOrAbsent(b) && IsMapOrAbsent(a)) {
        DiffMapping(b, a, "vars.");
      } else if ((key == "members" || key == "unique" || key == "faults") && IsListOrAbsent(b) &&
                 IsListOrAbsent(a)) {
        DiffEntries(b, a, key);
      } else {
        DiffValue(b, a, key);
      }
    }
    return std::move(lines_);
  }

 private:
  struct Expectation {
    YAML::Node node;
    std::string id;
    std::string op;
    std::string label;  // as the lines name it
  };

  static bool IsMapOrAbsent(const YAML::Node& node) { return !node.IsDefined() || node.IsMap(); }
  static bool IsListOrAbsent(const YAML::Node& node) {
    return !node.IsDefined() || node.IsSequence();
  }

  void Add(std::string line) { lines_.push_back(std::move(line)); }

  // A value under `name`: changed, added or removed.
  void DiffValue(const YAML::Node& before, const YAML::Node& after, const std::string& name) {
    if (!before.IsDefined()) {
      Add(name + " added: " + Flow(after));
    } else if (!after.IsDefined()) {
      Add(name + " removed (was " + Flow(before) + ")");
    } else if (!SameMeaning(before, after)) {
      Add(name + " " + Flow(before) + " -> " + Flow(after));
    }
  }

  void DiffMapping(const YAML::Node& before, const YAML::Node& after, const std::string& prefix) {
    for (const std::string& key : KeysOf(before, after)) {
      DiffValue(Child(before, key), Child(after, key), prefix + key);
    }
  }

  // A list whose entries stand for themselves (members, unique, faults):
  // entries added and removed, or the same entries in another order.
  void DiffEntries(const YAML::Node& before, const YAML::Node& after, const std::string& name) {
    std::vector<YAML::Node> unmatched_after;
    std::vector<bool> used(before.IsDefined() ? before.size() : 0, false);
    if (after.IsDefined()) {
      for (const YAML::Node& entry : after) {
        bool found = false;
        for (std::size_t i = 0; i < used.size() && !found; ++i) {
          if (!used[i] && SameMeaning(before[i], entry)) used[i] = found = true;
        }
        if (!found) unmatched_after.push_back(entry);
      }
    }
    bool changed = !unmatched_after.empty();
    for (std::size_t i = 0; i < used.size(); ++i) {
      if (!used[i]) {
        Add(name + ": removed " + Flow(before[i]));
        changed = true;
      }
    }
    for (const YAML::Node& entry : unmatched_after) Add(name + ": added " + Flow(entry));
    if (!changed && before.IsDefined() != after.IsDefined()) {
      Add(name + (after.IsDefined() ? " added: " + Flow(after) : " removed (was " + Flow(before) + ")"));
    } else if (!changed && before.IsDefined() && !SameMeaning(before, after)) {
      Add(name + " reordered: " + Flow(before) + " -> " + Flow(after));
    }
  }

  // One scope's expectations, order chains, lifecycle and forbidden spans:
  // the top level (prefix "") or per_member (prefix "per_member ").
  void DiffScope(const YAML::Node& before, const YAML::Node& after, const std::string& prefix) {
    const bool per_member = !prefix.empty();
    const std::size_t first_line = lines_.size();
    const YAML::Node before_expect = Child(before, "expect");
    const YAML::Node after_expect = Child(after, "expect");
    if (IsListOrAbsent(before_expect) && IsListOrAbsent(after_expect)) {
      DiffExpectations(Expectations(before_expect, per_member),
                       Expectations(after_expect, per_member), prefix);
    } else {
      DiffValue(before_expect, after_expect, prefix + "expect");
    }
    const YAML::Node before_lifecycle = Child(before, "lifecycle");
    const YAML::Node after_lifecycle = Child(after, "lifecycle");
    if (IsListOrAbsent(before_lifecycle) && IsListOrAbsent(after_lifecycle)) {
      std::vector<std::string> b;
      std::vector<std::string> a;
      if (before_lifecycle.IsDefined()) b.push_back(ChainText(before_lifecycle));
      if (after_lifecycle.IsDefined()) a.push_back(ChainText(after_lifecycle));
      DiffChains(b, a, prefix + "lifecycle", false);
    } else {
      DiffValue(before_lifecycle, after_lifecycle, prefix + "lifecycle");
    }
    const YAML::Node before_between = Child(before, "none_between");
    const YAML::Node after_between = Child(after, "none_between");
    if (IsListOrAbsent(before_between) && IsListOrAbsent(after_between)) {
      DiffEntries(before_between, after_between, prefix + "none_between");
    } else {
      DiffValue(before_between, after_between, prefix + "none_between");
    }
    // An order chain that stayed as it was is worth a line only next to
    // changes of the expectations it names.
    const bool scope_changed = lines_.size() > first_line;
    DiffChains(Chains(Child(before, "order")), Chains(Child(after, "order")), prefix + "order",
               scope_changed);
    if (per_member) {
      for (const std::string& key : KeysOf(before, after)) {
        if (key == "expect" || key == "order" || key == "lifecycle" || key == "none_between") {
          continue;
        }
        DiffValue(Child(before, key), Child(after, key), "per_member." + key);
      }
    }
  }

  static std::vector<Expectation> Expectations(const YAML::Node& list, bool per_member) {
    std::vector<Expectation> out;
    if (!list.IsDefined()) return out;
    for (const YAML::Node& node : list) {
      Expectation expectation;
      expectation.node = node;
      expectation.id = ScalarAt(node, "id").value_or("");
      expectation.op = ScalarAt(node, "op").value_or("");
      if (!expectation.id.empty()) {
        expectation.label = expectation.id;
      } else if (!expectation.op.empty()) {
        expectation.label = expectation.op;
      } else {
        expectation.label = "line " + std::to_string(node.Mark().line + 1);
      }
      const std::optional<std::string> name = ScalarAt(node, "name");
      if (name && *name != expectation.label && !(per_member && *name == "${member}")) {
        expectation.label += " [" + *name + "]";
      }
      out.push_back(std::move(expectation));
    }
    return out;
  }

  static std::string CountText(const YAML::Node& expectation) {
    const YAML::Node count = Child(expectation, "count");
    return count.IsDefined() ? Flow(count) : "1";
  }

  // The expectation without what its label and count already say.
  static std::string BodyText(const YAML::Node& expectation) {
    if (!expectation.IsMap()) return Flow(expectation);
    YAML::Node body(YAML::NodeType::Map);
    for (const auto& entry : expectation) {
      if (entry.first.IsScalar() && (entry.first.Scalar() == "id" || entry.first.Scalar() == "count")) {
        continue;
      }
      body[entry.first] = entry.second;
    }
    return Flow(body);
  }

  void DiffExpectations(const std::vector<Expectation>& before,
                        const std::vector<Expectation>& after, const std::string& prefix) {
    constexpr std::size_t kNone = static_cast<std::size_t>(-1);
    std::vector<std::size_t> partner(after.size(), kNone);
    std::vector<bool> taken(before.size(), false);
    // By id first, then by op in file order, then what is left by position.
    const auto pair_by = [&](auto same) {
      for (std::size_t a = 0; a < after.size(); ++a) {
        if (partner[a] != kNone) continue;
        for (std::size_t b = 0; b < before.size(); ++b) {
          if (!taken[b] && same(before[b], after[a])) {
            partner[a] = b;
            taken[b] = true;
            break;
          }
        }
      }
    };
    pair_by([](const Expectation& b, const Expectation& a) {
      return !a.id.empty() && a.id == b.id;
    });
    pair_by([](const Expectation& b, const Expectation& a) {
      return !a.op.empty() && a.op == b.op && (a.id.empty() || b.id.empty());
    });
    pair_by([](const Expectation& b, const Expectation& a) {
      return a.id.empty() && b.id.empty() && a.op.empty() && b.op.empty();
    });
    for (std::size_t a = 0; a < after.size(); ++a) {
      if (partner[a] == kNone) {
        Add(prefix + "new expectation " + Quote(after[a].label) + " count " +
            CountText(after[a].node) + ": " + BodyText(after[a].node));
        continue;
      }
      const Expectation& old = before[partner[a]];
      const std::string label = prefix + old.label + ": ";
      if (!old.node.IsMap() || !after[a].node.IsMap()) {
        if (!SameMeaning(old.node, after[a].node)) {
          Add(label + Flow(old.node) + " -> " + Flow(after[a].node));
        }
        continue;
      }
      for (const std::string& field : KeysOf(old.node, after[a].node)) {
        const YAML::Node b = Child(old.node, field);
        const YAML::Node n = Child(after[a].node, field);
        if (field == "count") {
          // An absent count is exactly one.
          const YAML::Node one = YAML::Load("1");
          const YAML::Node b_count = b.IsDefined() ? b : one;
          const YAML::Node n_count = n.IsDefined() ? n : one;
          if (!SameMeaning(b_count, n_count)) {
            Add(label + "count " + Flow(b_count) + " -> " + Flow(n_count));
          }
          continue;
        }
        if (!b.IsDefined()) {
          Add(label + field + " added: " + Flow(n));
        } else if (!n.IsDefined()) {
          Add(label + field + " removed (was " + Flow(b) + ")");
        } else if (!SameMeaning(b, n)) {
          Add(label + field + " " + Flow(b) + " -> " + Flow(n));
        }
      }
    }
    for (std::size_t b = 0; b < before.size(); ++b) {
      if (!taken[b]) Add(prefix + "expectation " + Quote(before[b].label) + " removed");
    }
  }

  // A chain as text: ids joined by " -> ", a group as (a, b), a map's
  // max_gap and any other key after it.
  static std::string ChainText(const YAML::Node& chain) {
    YAML::Node steps = chain;
    std::string extra;
    if (chain.IsMap()) {
      steps = Child(chain, "chain");
      for (const auto& entry : chain) {
        if (entry.first.IsScalar() && entry.first.Scalar() == "chain") continue;
        extra += " (" + (entry.first.IsScalar() ? entry.first.Scalar() : "?") + " " +
                 Flow(entry.second) + ")";
      }
    }
    if (!steps.IsSequence()) return Flow(chain);
    std::string text;
    for (const YAML::Node& step : steps) {
      if (!text.empty()) text += " -> ";
      if (step.IsSequence()) {
        std::string group;
        for (const YAML::Node& id : step) group += (group.empty() ? "" : ", ") + Flow(id);
        text += "(" + group + ")";
      } else if (step.IsScalar()) {
        text += step.Scalar();
      } else {
        text += Flow(step);
      }
    }
    return text + extra;
  }

  // `order` is one chain, or a list of chains (each a list or a map).
  static std::vector<std::string> Chains(const YAML::Node& order) {
    std::vector<std::string> chains;
    if (!order.IsDefined()) return chains;
    if (!order.IsSequence()) {
      chains.push_back(ChainText(order));
      return chains;
    }
    bool list_of_chains = order.size() > 0;
    for (const YAML::Node& element : order) {
      if (element.IsScalar()) list_of_chains = false;
    }
    if (!list_of_chains) {
      chains.push_back(ChainText(order));
      return chains;
    }
    for (const YAML::Node& chain : order) chains.push_back(ChainText(chain));
    return chains;
  }

  void DiffChains(const std::vector<std::string>& before, const std::vector<std::string>& after,
                  const std::string& name, bool show_unchanged) {
    std::vector<bool> taken(before.size(), false);
    std::vector<std::string> new_chains;
    for (const std::string& chain : after) {
      bool found = false;
      for (std::size_t b = 0; b < before.size() && !found; ++b) {
        if (!taken[b] && before[b] == chain) taken[b] = found = true;
      }
      if (!found) {
        new_chains.push_back(chain);
      } else if (show_unchanged) {
        Add(name + " " + chain + std::string(kUnchangedSuffix));
      }
    }
    std::size_t next_new = 0;
    for (std::size_t b = 0; b < before.size(); ++b) {
      if (taken[b]) continue;
      if (next_new < new_chains.size()) {
        Add(name + " " + before[b] + " changed to " + new_chains[next_new++]);
      } else {
        Add(name + " " + before[b] + " removed");
      }
    }
    for (; next_new < new_chains.size(); ++next_new) Add("new " + name + " " + new_chains[next_new]);
  }

  std::vector<std::string> lines_;
};

}  // namespace

std::vector<std::string> DiffScenarios(std::string_view before, std::string_view after,
                                       const std::string& before_name,
                                       const std::string& after_name) {
  const YAML::Node before_root = ParseDocument(before, before_name, true);
  const YAML::Node after_root = ParseDocument(after, after_name, false);
  return Differ().Diff(before_root, after_root);
}

bool IsUnchangedContext(std::string_view line) {
  return line.size() >= kUnchangedSuffix.size() &&
         line.substr(line.size() - kUnchangedSuffix.size()) == kUnchangedSuffix;
}

}  // namespace witness::assertions
