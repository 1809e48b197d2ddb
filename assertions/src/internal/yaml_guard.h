// Limits applied to scenario text before and after yaml-cpp parses it.
//
// yaml-cpp 0.7 parses and copies nodes recursively, so nesting must be bounded
// before the text reaches it, and aliases let a small file name the same node
// millions of times, so the parsed tree is walked iteratively with a node
// budget before anything recursive touches it.
#ifndef WITNESS_ASSERTIONS_INTERNAL_YAML_GUARD_H_
#define WITNESS_ASSERTIONS_INTERNAL_YAML_GUARD_H_

#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

namespace witness::assertions::internal {

// Throws ScenarioError when the text nests deeper than kMaxScenarioDepth
// (flow brackets, indentation and compact "- - -" sequences counted
// together, conservatively) or is larger than kMaxScenarioBytes.
void PrescanScenarioText(std::string_view text, const std::string& file);

// Throws ScenarioError when the parsed tree is deeper than
// kMaxScenarioDepth, has more than kMaxScenarioNodes nodes (an alias counts
// each time it is used) or holds a scalar longer than kMaxScalarBytes.
void CheckScenarioTree(const YAML::Node& root, const std::string& file);

// The one YAML document of a scenario file, parsed within the limits above;
// throws ScenarioError for invalid YAML, an empty file, or more than one
// document.
YAML::Node LoadScenarioDocument(std::string_view text, const std::string& file);

}  // namespace witness::assertions::internal

#endif  // WITNESS_ASSERTIONS_INTERNAL_YAML_GUARD_H_
