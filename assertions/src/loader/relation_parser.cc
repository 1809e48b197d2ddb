// What relates expectations: order chains, the lifecycle shorthand,
// none_between spans and unique fields.
#include <set>
#include <utility>

#include "internal/matcher_parser.h"
#include "internal/scenario_parts.h"

namespace witness::assertions::internal {
namespace {

// Whether `id` may be named from per_member (its own ids only) or from the
// top level (any id).
bool KnownId(const LoaderState& state, const std::string& id, bool per_member) {
  return !id.empty() &&
         (state.member_ids.count(id) != 0 || (!per_member && state.global_ids.count(id) != 0));
}

OrderChainSpec ParseChain(LoaderState& state, const YAML::Node& node, const std::string& what,
                          bool per_member) {
  const YamlReader& yaml = state.yaml;
  OrderChainSpec spec;
  spec.position = YamlReader::PositionOf(node);
  const YAML::Node* steps = &node;
  YAML::Node chain_node;
  if (node.IsMap()) {
    static const std::vector<std::string> kKeys = {"chain", "max_gap"};
    for (const auto& [key, value] : yaml.Entries(node, "order chain", &kKeys)) {
      if (key == "chain") {
        chain_node = value;
      } else {
        spec.max_gap_ns = yaml.RequireDurationNs(value, "'max_gap'");
      }
    }
    if (!chain_node) yaml.Fail(node, "an order chain written as a map needs 'chain'");
    steps = &chain_node;
  }
  yaml.RequireSequence(*steps, "an order chain");
  const auto id_of = [&](const YAML::Node& id_node) {
    if (!id_node.IsScalar()) {
      yaml.Fail(id_node, "a group in " + Quoted(what) + " is a list of ids, not of lists");
    }
    const std::string id = id_node.Scalar();
    if (!KnownId(state, id, per_member)) {
      yaml.Fail(id_node, Quoted(what) + " names unknown id " + Quoted(id) +
                             (per_member ? " (per_member order names per_member ids)" : ""));
    }
    return id;
  };
  std::set<std::string> seen;
  for (const YAML::Node& step_node : *steps) {
    std::vector<std::string> step;
    if (step_node.IsSequence()) {
      for (const YAML::Node& id_node : step_node) step.push_back(id_of(id_node));
      if (step.empty()) yaml.Fail(step_node, "a group in " + Quoted(what) + " is empty");
    } else if (step_node.IsScalar()) {
      step.push_back(id_of(step_node));
    } else {
      yaml.Fail(step_node, Quoted(what) + " holds ids and groups of ids (lists), not maps");
    }
    for (const std::string& id : step) {
      if (!seen.insert(id).second) {
        yaml.Fail(step_node, Quoted(what) + " names " + Quoted(id) + " twice in one chain");
      }
    }
    spec.steps.push_back(std::move(step));
  }
  if (spec.steps.size() < 2) yaml.Fail(*steps, "an order chain needs at least two ids or groups");
  return spec;
}

}  // namespace

// One chain ([a, b, c]), a list of chains ([[a, b], [c, d]]), or either with
// chains written as maps ({chain: [a, b], max_gap: 2s}). In a chain, a list
// is a group: [reserve, [create, start], stop].
std::vector<OrderChainSpec> ParseOrder(LoaderState& state, const YAML::Node& node, bool per_member) {
  const std::string what = per_member ? "per_member.order" : "order";
  if (node.IsMap()) return {ParseChain(state, node, what, per_member)};
  state.yaml.RequireSequence(node, Quoted(what));
  if (node.size() == 0) state.yaml.Fail(node, Quoted(what) + " is empty");
  bool any_id = false;
  for (const YAML::Node& entry : node) any_id = any_id || entry.IsScalar();
  if (any_id) return {ParseChain(state, node, what, per_member)};
  std::vector<OrderChainSpec> out;
  for (const YAML::Node& chain : node) out.push_back(ParseChain(state, chain, what, per_member));
  return out;
}

LifecycleSpec ParseLifecycle(LoaderState& state, const YAML::Node& node) {
  state.yaml.RequireSequence(node, "'lifecycle'");
  LifecycleSpec spec;
  spec.position = YamlReader::PositionOf(node);
  std::set<std::string> seen;
  for (const YAML::Node& op : node) {
    const std::string name = state.templates.ParseFlat(op, "a lifecycle op");
    if (name.empty()) state.yaml.Fail(op, "a lifecycle op must not be empty");
    if (!seen.insert(name).second) {
      state.yaml.Fail(op, "lifecycle names op " + Quoted(name) + " twice");
    }
    spec.ops.push_back(name);
  }
  if (spec.ops.size() < 2) state.yaml.Fail(node, "'lifecycle' needs at least two ops");
  return spec;
}

std::vector<NoneBetweenSpec> ParseNoneBetween(LoaderState& state, const YAML::Node& list,
                                              bool per_member) {
  const YamlReader& yaml = state.yaml;
  const std::string what = per_member ? "per_member.none_between" : "none_between";
  yaml.RequireSequence(list, Quoted(what));
  TemplateScope scope;
  scope.member_allowed = per_member;
  MatcherParser matchers(yaml, state.templates, scope);
  std::vector<NoneBetweenSpec> out;
  for (const YAML::Node& item : list) {
    yaml.RequireMap(item, "a " + Quoted(what) + " entry");
    NoneBetweenSpec spec;
    spec.position = YamlReader::PositionOf(item);
    for (const auto& [key, value] : yaml.Entries(item, "none_between entry")) {
      if (key == "after" || key == "before") {
        const std::string id = yaml.RequireString(value, Quoted(key));
        if (!KnownId(state, id, per_member)) {
          yaml.Fail(value, Quoted(what) + " names unknown id " + Quoted(id) +
                               (per_member ? " (per_member none_between names per_member ids)" : ""));
        }
        (key == "after" ? spec.after : spec.before) = id;
      } else {
        spec.fields.push_back(matchers.ParseField(key, value));
      }
    }
    if (spec.after.empty() && spec.before.empty()) {
      yaml.Fail(item, Quoted(what) + " entry needs 'after', 'before' or both (without them, write "
                                     "an expectation with count: 0)");
    }
    if (spec.fields.empty()) {
      yaml.Fail(item, Quoted(what) + " entry names no record field (add at least 'op')");
    }
    out.push_back(std::move(spec));
  }
  return out;
}

std::vector<UniqueSpec> ParseUnique(LoaderState& state, const YAML::Node& node) {
  const YamlReader& yaml = state.yaml;
  yaml.RequireSequence(node, "'unique'");
  static const std::vector<std::string> kKeys = {"id", "field", "allow_missing"};
  std::vector<UniqueSpec> out;
  for (const YAML::Node& item : node) {
    yaml.RequireMap(item, "a 'unique' entry");
    UniqueSpec unique;
    unique.position = YamlReader::PositionOf(item);
    for (const auto& [key, value] : yaml.Entries(item, "unique entry", &kKeys)) {
      if (key == "id") {
        unique.id = yaml.RequireString(value, "'id'");
        if (state.member_ids.count(unique.id) == 0 && state.global_ids.count(unique.id) == 0) {
          yaml.Fail(value, "'unique' names unknown id " + Quoted(unique.id));
        }
      } else if (key == "allow_missing") {
        unique.allow_missing = yaml.RequireBool(value, "'allow_missing'");
      } else {
        unique.field = yaml.RequireString(value, "'field'");
        if (unique.field.empty()) yaml.Fail(value, "'field' must not be empty");
      }
    }
    if (unique.id.empty() || unique.field.empty()) {
      yaml.Fail(item, "a 'unique' entry needs both 'id' and 'field'");
    }
    out.push_back(std::move(unique));
  }
  return out;
}

}  // namespace witness::assertions::internal
