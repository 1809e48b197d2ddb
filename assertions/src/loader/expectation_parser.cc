// Expectation lists: record patterns with their counts, captures and
// qualifiers (nth, within, next).
#include <set>
#include <utility>

#include "internal/matcher_parser.h"
#include "internal/scenario_parts.h"

namespace witness::assertions::internal {
namespace {

using CaptureList = std::vector<std::pair<std::string, Position>>;

// {capture: NAME} entries among an expectation's fields.
template <typename Visit>
void ForEachCapture(const YAML::Node& expectation, const Visit& visit) {
  if (!expectation.IsMap()) return;
  for (const auto& entry : expectation) {
    const YAML::Node& value = entry.second;
    if (!entry.first.IsScalar() || !value.IsMap()) continue;
    for (const auto& matcher : value) {
      if (matcher.first.IsScalar() && matcher.first.Scalar() == "capture" &&
          matcher.second.IsScalar()) {
        visit(matcher.second);
      }
    }
  }
}

// Capture names bound by each expectation of a list, for the "used before
// bound" check; a capture bound twice in one list is an error.
std::vector<CaptureList> CollectCaptures(LoaderState& state, const YAML::Node& list,
                                         std::map<std::string, Position>& all) {
  std::vector<CaptureList> per_expectation;
  for (const YAML::Node& item : list) {
    CaptureList names;
    ForEachCapture(item, [&](const YAML::Node& name_node) {
      const std::string name = name_node.Scalar();
      const Position position = YamlReader::PositionOf(name_node);
      if (!IsIdentifier(name)) {
        state.yaml.FailAt(position, "invalid capture name " + Quoted(name) +
                                        " (letters, digits and '_', not starting with a digit)");
      }
      if (name == "member" || name == "env") {
        state.yaml.FailAt(position, "capture name " + Quoted(name) + " is reserved");
      }
      if (state.templates.IsVariable(name)) {
        state.yaml.FailAt(position, "capture " + Quoted(name) + " has the name of a variable");
      }
      const auto [it, inserted] = all.emplace(name, position);
      if (!inserted) {
        state.yaml.FailAt(position, "capture " + Quoted(name) + " is already bound at line " +
                                        std::to_string(it->second.line));
      }
      names.emplace_back(name, position);
    });
    per_expectation.push_back(std::move(names));
  }
  return per_expectation;
}

CountSpec ParseCount(const YamlReader& yaml, const YAML::Node& node) {
  CountSpec count;
  if (!node.IsMap()) {
    count.min = yaml.RequireCount(node, "count");
    count.max = count.min;
    return count;
  }
  static const std::vector<std::string> kKeys = {"min", "max"};
  const auto entries = yaml.Entries(node, "count", &kKeys);
  if (entries.empty()) yaml.Fail(node, "count needs 'min', 'max' or both");
  count.min = 0;
  count.max.reset();
  for (const auto& [key, value] : entries) {
    if (key == "min") {
      count.min = yaml.RequireCount(value, "'min'");
    } else {
      count.max = yaml.RequireCount(value, "'max'");
      count.max_given = true;
    }
  }
  if (count.max && count.min > *count.max) {
    yaml.Fail(node, "count has min " + std::to_string(count.min) + " above max " +
                        std::to_string(*count.max));
  }
  return count;
}

// An id that a qualifier refers to: it must be an expectation of the same
// list defined above, whose records are known when this one is checked.
std::string RequireEarlierId(const LoaderState& state, const YAML::Node& node,
                             const std::string& what, bool per_member) {
  const std::string id = state.yaml.RequireString(node, what);
  const std::set<std::string>& earlier = per_member ? state.member_ids : state.global_ids;
  if (id.empty() || earlier.count(id) == 0) {
    state.yaml.Fail(node, what + " names " + Quoted(id) +
                              ", which is not an expectation defined above it in " +
                              (per_member ? "per_member.expect" : "expect"));
  }
  return id;
}

WithinSpec ParseWithin(const LoaderState& state, const YAML::Node& node, bool per_member) {
  const YamlReader& yaml = state.yaml;
  yaml.RequireMap(node, "'within'");
  static const std::vector<std::string> kKeys = {"after", "min", "max"};
  WithinSpec within;
  within.position = YamlReader::PositionOf(node);
  for (const auto& [key, value] : yaml.Entries(node, "within", &kKeys)) {
    if (key == "after") {
      within.after = RequireEarlierId(state, value, "'within.after'", per_member);
    } else if (key == "min") {
      within.min_ns = yaml.RequireDurationNs(value, "'within.min'");
    } else {
      within.max_ns = yaml.RequireDurationNs(value, "'within.max'");
    }
  }
  if (within.after.empty()) yaml.Fail(node, "'within' needs 'after' (the id its time counts from)");
  if (!within.min_ns && !within.max_ns) yaml.Fail(node, "'within' needs 'min', 'max' or both");
  if (within.min_ns && within.max_ns && *within.min_ns > *within.max_ns) {
    yaml.Fail(node, "'within' has min above max");
  }
  return within;
}

// One entry of an expectation: its id, a qualifier, or a record field.
void ParseExpectationKey(LoaderState& state, const std::string& key, const YAML::Node& value,
                         MatcherParser& matchers, ExpectationSpec& expectation) {
  const YamlReader& yaml = state.yaml;
  const bool per_member = expectation.per_member;
  if (key == "id") {
    expectation.id = yaml.RequireString(value, "'id'");
    if (expectation.id.empty()) yaml.Fail(value, "'id' must not be empty");
    const auto [it, inserted] = state.ids.emplace(expectation.id, YamlReader::PositionOf(value));
    if (!inserted) {
      yaml.Fail(value, "duplicate id " + Quoted(expectation.id) + " (first at line " +
                           std::to_string(it->second.line) + ")");
    }
  } else if (key == "count") {
    expectation.count = ParseCount(yaml, value);
  } else if (key == "within") {
    expectation.within = ParseWithin(state, value, per_member);
  } else if (key == "next") {
    expectation.next = RequireEarlierId(state, value, "'next'", per_member);
    expectation.next_position = YamlReader::PositionOf(value);
  } else if (key == "nth") {
    expectation.nth = yaml.RequireCount(value, "'nth'");
    if (expectation.nth == 0) yaml.Fail(value, "'nth' counts from 1");
  } else {
    expectation.fields.push_back(matchers.ParseField(key, value));
  }
}

}  // namespace

void CollectCaptureNames(const YAML::Node& list, std::map<std::string, Position>& out) {
  for (const YAML::Node& item : list) {
    ForEachCapture(item, [&](const YAML::Node& name_node) {
      out.emplace(name_node.Scalar(), YamlReader::PositionOf(name_node));
    });
  }
}

std::vector<ExpectationSpec> ParseExpectations(LoaderState& state, const YAML::Node& list,
                                               bool per_member,
                                               std::map<std::string, Position>& captures,
                                               const std::map<std::string, Position>& other) {
  state.yaml.RequireSequence(list, per_member ? "per_member.expect" : "expect");
  const std::vector<CaptureList> bound_by = CollectCaptures(state, list, captures);
  std::set<std::string> bound;
  std::map<std::string, Position> later = captures;
  TemplateScope scope;
  scope.member_allowed = per_member;
  scope.captures_allowed = true;
  scope.bound = &bound;
  scope.later = &later;
  scope.other_scope = &other;
  MatcherParser matchers(state.yaml, state.templates, scope);
  std::vector<ExpectationSpec> out;
  std::size_t index = 0;
  for (const YAML::Node& item : list) {
    state.yaml.RequireMap(item, "an expectation");
    ExpectationSpec expectation;
    expectation.position = YamlReader::PositionOf(item);
    expectation.per_member = per_member;
    for (const auto& [key, value] : state.yaml.Entries(item, "expectation")) {
      ParseExpectationKey(state, key, value, matchers, expectation);
    }
    if (expectation.fields.empty()) {
      state.yaml.Fail(item, "expectation names no record field (add at least 'op')");
    }
    // What this expectation binds is usable from the next one on.
    for (const auto& [name, position] : bound_by[index]) {
      expectation.captures.push_back(name);
      bound.insert(name);
      later.erase(name);
    }
    if (expectation.count.Negative()) state.spec.negative = true;
    (per_member ? state.member_ids : state.global_ids).insert(expectation.id);
    out.push_back(std::move(expectation));
    ++index;
  }
  return out;
}

}  // namespace witness::assertions::internal
