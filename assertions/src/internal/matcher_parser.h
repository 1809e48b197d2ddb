// Reading a field's matcher from YAML: a scalar (equal), a list (element by
// element) or a map of matcher keys, each key read by its registered
// MatcherDefinition. The definitions call back here for what every matcher
// shares: text with holes, literals, nested matchers, positioned errors.
#ifndef WITNESS_ASSERTIONS_INTERNAL_MATCHER_PARSER_H_
#define WITNESS_ASSERTIONS_INTERNAL_MATCHER_PARSER_H_

#include <string>

#include <yaml-cpp/yaml.h>

#include "internal/spec.h"
#include "internal/template_expander.h"
#include "internal/yaml_reader.h"

namespace witness::assertions::internal {

class MatcherParser {
 public:
  MatcherParser(const YamlReader& yaml, TemplateExpander& templates, const TemplateScope& scope)
      : yaml_(yaml), templates_(templates), scope_(scope) {}

  // A record field of a pattern: its name, where it is, its matcher.
  FieldSpec ParseField(const std::string& name, const YAML::Node& node) {
    return FieldSpec{name, YamlReader::PositionOf(node), Parse(node, true)};
  }

  // For the definitions' parse functions:
  // A matcher nested in another's argument.
  MatcherSpec ParseNested(const YAML::Node& node) { return Parse(node, false); }
  // A string argument whose holes are filled at check time.
  Template Text(const YAML::Node& argument, const std::string& key);
  // A scalar compared as the record's value (quoted: only with a string).
  Literal Scalar(const YAML::Node& node);
  // A string argument with variables expanded and no holes.
  std::string Flat(const YAML::Node& argument, const std::string& what) {
    return templates_.ParseFlat(argument, what);
  }
  // Whether the matcher being read stands for a whole field, not inside
  // another matcher.
  bool field_level() const { return field_level_; }
  const YamlReader& yaml() const { return yaml_; }

 private:
  MatcherSpec Parse(const YAML::Node& node, bool field_level);
  MatcherSpec ParseEntry(const YAML::Node& key, const YAML::Node& argument, bool field_level);

  const YamlReader& yaml_;
  TemplateExpander& templates_;
  const TemplateScope& scope_;
  bool field_level_ = false;
};

}  // namespace witness::assertions::internal

#endif  // WITNESS_ASSERTIONS_INTERNAL_MATCHER_PARSER_H_
