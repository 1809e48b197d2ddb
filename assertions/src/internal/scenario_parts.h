// The parts of a scenario file and the state the loader shares while it
// reads one: src/loader/expectation_parser.cc reads expectation lists,
// src/loader/relation_parser.cc what relates them (order, lifecycle,
// none_between, unique); src/scenario.cc the top-level keys.
#ifndef WITNESS_ASSERTIONS_INTERNAL_SCENARIO_PARTS_H_
#define WITNESS_ASSERTIONS_INTERNAL_SCENARIO_PARTS_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "internal/spec.h"
#include "internal/template_expander.h"
#include "internal/yaml_reader.h"

namespace witness::assertions::internal {

struct LoaderState {
  LoaderState(const std::string& file, const Variables& overrides,
              const std::map<std::string, std::string>* environment)
      : yaml(file), templates(yaml, overrides, environment) {}
  LoaderState(const LoaderState&) = delete;
  LoaderState& operator=(const LoaderState&) = delete;

  YamlReader yaml;
  TemplateExpander templates;
  ScenarioSpec spec;
  std::map<std::string, Position> ids;  // every expectation id, where it is defined
  std::set<std::string> member_ids;     // per_member's
  std::set<std::string> global_ids;     // the top-level list's
};

// An expectation list. `captures` gathers the names this list binds;
// `other` holds the other list's, for the error that says where a name lives.
std::vector<ExpectationSpec> ParseExpectations(LoaderState& state, const YAML::Node& list,
                                               bool per_member,
                                               std::map<std::string, Position>& captures,
                                               const std::map<std::string, Position>& other);
// The capture names a list binds, unvalidated (ParseExpectations validates
// them in turn).
void CollectCaptureNames(const YAML::Node& list, std::map<std::string, Position>& out);

// `order`: one chain, a list of chains, or either written as maps.
std::vector<OrderChainSpec> ParseOrder(LoaderState& state, const YAML::Node& node, bool per_member);
LifecycleSpec ParseLifecycle(LoaderState& state, const YAML::Node& node);
std::vector<NoneBetweenSpec> ParseNoneBetween(LoaderState& state, const YAML::Node& list,
                                              bool per_member);
std::vector<UniqueSpec> ParseUnique(LoaderState& state, const YAML::Node& node);

}  // namespace witness::assertions::internal

#endif  // WITNESS_ASSERTIONS_INTERNAL_SCENARIO_PARTS_H_
