// The field matchers of the scenario language, each declared once.
//
// A matcher is one MatcherDefinition: its YAML key, how it reads its
// argument (errors positioned at the argument), how it fills its holes at
// check time, how it tests a record's value, how reports name it, and the
// JSON Schema of its argument. The loader, the engine, the snapshot writer
// and the schema test all go through this registry, so adding a matcher is
// one definition in a family file under src/matchers/, its tests, and its
// row in docs/scenarios.md and docs/scenario.schema.json (a test compares
// the schema with the registry).
#ifndef WITNESS_ASSERTIONS_INTERNAL_MATCHER_DEFINITION_H_
#define WITNESS_ASSERTIONS_INTERNAL_MATCHER_DEFINITION_H_

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

namespace witness::assertions::internal {

struct MatcherSpec;
struct BoundMatcher;
struct Bindings;
class MatcherParser;
class RegexCache;

struct MatcherDefinition {
  // The YAML key ({regex: ...}); empty for the implicit matchers a scalar
  // and a list are.
  std::string_view key;
  // The JSON Schema of the argument, as docs/scenario.schema.json states it
  // under matcherObject.
  std::string_view schema;
  // Reads the argument into `spec` (spec.definition and spec.position are
  // already set); throws ScenarioError positioned at the argument.
  void (*parse)(MatcherParser& parser, const YAML::Node& argument, MatcherSpec& spec);
  // Fills the argument's holes (${member}, captures) into `bound`; null when
  // the argument has none. Children are bound by the caller.
  void (*bind)(const MatcherSpec& spec, const Bindings& bindings, RegexCache& regexes,
               BoundMatcher& bound);
  // `value` is null when the record lacks the field.
  bool (*matches)(const BoundMatcher& matcher, const nlohmann::json* value);
  // A phrase that completes "expected ...": `"web-1"`, `absent`, `matching
  // regex ".*/fixture-[0-9]+\.img"`.
  std::string (*describe)(const BoundMatcher& matcher);
};

// The matchers with a YAML key, in the order docs/scenarios.md lists them.
const std::vector<const MatcherDefinition*>& KeyedMatchers();
// The keyed matcher named `key`, or null.
const MatcherDefinition* FindMatcher(std::string_view key);
// "{key: argument}" for a registered key: how the snapshot writer spells a
// matcher, so it can write only matchers the loader reads.
std::string MatcherYaml(std::string_view key, std::string_view argument);

// The implicit matchers and the ones the engine treats specially.
const MatcherDefinition& EqualMatcher();    // a scalar: equal to it
const MatcherDefinition& ListMatcher();     // a list: element by element
const MatcherDefinition& AllOfMatcher();    // {all_of: [...]}, and a map of several keys
const MatcherDefinition& CaptureMatcher();  // {capture: name}: binds the field's value

// The families, each defined in its own file under src/matchers/.
std::vector<const MatcherDefinition*> PresenceMatchers();   // absent, present
std::vector<const MatcherDefinition*> TextMatchers();       // regex, glob, prefix, suffix, contains
std::vector<const MatcherDefinition*> CombiningMatchers();  // one_of, not, all_of, length, each
std::vector<const MatcherDefinition*> FormatMatchers();     // format, ip_in, file

}  // namespace witness::assertions::internal

#endif  // WITNESS_ASSERTIONS_INTERNAL_MATCHER_DEFINITION_H_
