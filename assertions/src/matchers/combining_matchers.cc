// Matchers made of matchers, and the shape of lists: one_of, not, all_of,
// each, length.
#include <string>

#include "internal/matcher.h"
#include "internal/matcher_parser.h"

namespace witness::assertions::internal {
namespace {

void ParseAlternatives(MatcherParser& parser, const YAML::Node& argument, MatcherSpec& spec,
                       const std::string& key) {
  parser.yaml().RequireSequence(argument, Quoted(key));
  if (argument.size() == 0) parser.yaml().Fail(argument, Quoted(key) + " needs at least one entry");
  for (const YAML::Node& element : argument) spec.children.push_back(parser.ParseNested(element));
}

void ParseOne(MatcherParser& parser, const YAML::Node& argument, MatcherSpec& spec) {
  spec.children.push_back(parser.ParseNested(argument));
}

const MatcherDefinition kOneOf = {
    "one_of",
    R"({"type": "array", "minItems": 1})",
    [](MatcherParser& parser, const YAML::Node& argument, MatcherSpec& spec) {
      ParseAlternatives(parser, argument, spec, "one_of");
    },
    nullptr,
    [](const BoundMatcher& m, const nlohmann::json* value) {
      for (const BoundMatcher& child : m.children) {
        if (child.Matches(value)) return true;
      }
      return false;
    },
    [](const BoundMatcher& m) { return "one of " + DescribeList(m.children); },
};

const MatcherDefinition kNot = {
    "not",
    R"({"$ref": "#/definitions/matcher"})",
    ParseOne,
    nullptr,
    [](const BoundMatcher& m, const nlohmann::json* value) { return !m.children[0].Matches(value); },
    [](const BoundMatcher& m) { return "not " + m.children[0].Describe(); },
};

const MatcherDefinition kAllOf = {
    "all_of",
    R"({"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/matcher"}})",
    [](MatcherParser& parser, const YAML::Node& argument, MatcherSpec& spec) {
      ParseAlternatives(parser, argument, spec, "all_of");
    },
    nullptr,
    [](const BoundMatcher& m, const nlohmann::json* value) {
      for (const BoundMatcher& child : m.children) {
        if (!child.Matches(value)) return false;
      }
      return true;
    },
    [](const BoundMatcher& m) {
      std::string out;
      for (std::size_t i = 0; i < m.children.size(); ++i) {
        if (i > 0) out += " and ";
        out += m.children[i].Describe();
      }
      return out;
    },
};

const MatcherDefinition kLength = {
    "length",
    R"({"type": "integer", "minimum": 0})",
    [](MatcherParser& parser, const YAML::Node& argument, MatcherSpec& spec) {
      spec.number = parser.yaml().RequireCount(argument, "'length'");
    },
    nullptr,
    [](const BoundMatcher& m, const nlohmann::json* value) {
      if (value == nullptr) return false;
      if (value->is_array()) return value->size() == m.number;
      return value->is_string() && value->get_ref<const std::string&>().size() == m.number;
    },
    [](const BoundMatcher& m) { return "of length " + std::to_string(m.number); },
};

const MatcherDefinition kEach = {
    "each",
    R"({"$ref": "#/definitions/matcher"})",
    ParseOne,
    nullptr,
    [](const BoundMatcher& m, const nlohmann::json* value) {
      if (value == nullptr || !value->is_array()) return false;
      for (const nlohmann::json& element : *value) {
        if (!m.children[0].Matches(&element)) return false;
      }
      return true;
    },
    [](const BoundMatcher& m) { return "a list whose every element is " + m.children[0].Describe(); },
};

}  // namespace

const MatcherDefinition& AllOfMatcher() { return kAllOf; }

std::vector<const MatcherDefinition*> CombiningMatchers() {
  return {&kOneOf, &kNot, &kAllOf, &kLength, &kEach};
}

}  // namespace witness::assertions::internal
