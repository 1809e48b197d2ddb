#include "internal/matcher_parser.h"

#include <utility>
#include <vector>

#include "internal/matcher_definition.h"

namespace witness::assertions::internal {

Template MatcherParser::Text(const YAML::Node& argument, const std::string& key) {
  if (!argument.IsScalar()) {
    yaml_.Fail(argument, Quoted(key) + " takes a string, not " + YamlReader::TypeName(argument));
  }
  return templates_.Parse(argument.Scalar(), YamlReader::PositionOf(argument), scope_);
}

Literal MatcherParser::Scalar(const YAML::Node& node) {
  Literal literal;
  literal.quoted = node.Tag() == "!";
  literal.is_null = node.IsNull();
  if (!literal.is_null) {
    literal.text = templates_.Parse(node.Scalar(), YamlReader::PositionOf(node), scope_);
  }
  return literal;
}

MatcherSpec MatcherParser::Parse(const YAML::Node& node, bool field_level) {
  MatcherSpec spec;
  spec.position = YamlReader::PositionOf(node);
  if (node.IsNull() || node.IsScalar()) {
    spec.definition = &EqualMatcher();
    spec.literal = Scalar(node);
    return spec;
  }
  if (node.IsSequence()) {
    spec.definition = &ListMatcher();
    for (const YAML::Node& element : node) spec.children.push_back(ParseNested(element));
    return spec;
  }
  if (!node.IsMap()) yaml_.Fail(node, "expected a value or a matcher");
  if (yaml_.Entries(node, "matcher").empty()) {
    yaml_.Fail(node, "empty matcher: write {present: true} to accept any value");
  }
  std::vector<MatcherSpec> parts;
  for (const auto& entry : node) parts.push_back(ParseEntry(entry.first, entry.second, field_level));
  if (parts.size() == 1) return std::move(parts[0]);
  spec.definition = &AllOfMatcher();
  spec.children = std::move(parts);
  return spec;
}

MatcherSpec MatcherParser::ParseEntry(const YAML::Node& key, const YAML::Node& argument,
                                      bool field_level) {
  const MatcherDefinition* definition = FindMatcher(key.Scalar());
  if (definition == nullptr) {
    std::vector<std::string> known;
    for (const MatcherDefinition* each : KeyedMatchers()) known.emplace_back(each->key);
    yaml_.Fail(key, "unknown matcher " + Quoted(key.Scalar()) + " (expected one of: " +
                        JoinNames(known) + ")");
  }
  MatcherSpec spec;
  spec.definition = definition;
  spec.position = YamlReader::PositionOf(argument);
  const bool outer = field_level_;
  field_level_ = field_level;
  definition->parse(*this, argument, spec);
  field_level_ = outer;
  return spec;
}

}  // namespace witness::assertions::internal
