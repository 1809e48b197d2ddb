// Matchers of a string's text: regex, glob, prefix, suffix, and contains
// (a substring of a string, or an element of a list).
#include <fnmatch.h>

#include <string>

#include <re2/re2.h>

#include "internal/matcher.h"
#include "internal/matcher_parser.h"

namespace witness::assertions::internal {
namespace {

using Part = Template::Part;

// Holes are filled with literal text at check time; any literal keeps the
// syntax valid, so checking with a stand-in catches every error at load.
void ValidateRegex(MatcherParser& parser, const Template& pattern, const YAML::Node& argument) {
  std::string text;
  for (const Part& part : pattern.parts) {
    text += part.kind == Part::Kind::kSyntax ? part.text : RE2::QuoteMeta("x");
  }
  RE2::Options options;
  options.set_log_errors(false);
  RE2 re(text, options);
  if (!re.ok()) parser.yaml().Fail(argument, "bad regex " + Quoted(text) + ": " + re.error());
}

template <const char* kKey>
void ParseText(MatcherParser& parser, const YAML::Node& argument, MatcherSpec& spec) {
  spec.text = parser.Text(argument, kKey);
}

template <HoleContext kContext>
void BindText(const MatcherSpec& spec, const Bindings& bindings, RegexCache&, BoundMatcher& bound) {
  bound.text = ResolveTemplate(spec.text, bindings, kContext);
}

constexpr char kGlobKey[] = "glob";
constexpr char kPrefixKey[] = "prefix";
constexpr char kSuffixKey[] = "suffix";

const MatcherDefinition kRegex = {
    "regex",
    R"({"type": "string", "description": "Full match, RE2 syntax (linear time)."})",
    [](MatcherParser& parser, const YAML::Node& argument, MatcherSpec& spec) {
      spec.text = parser.Text(argument, "regex");
      ValidateRegex(parser, spec.text, argument);
    },
    [](const MatcherSpec& spec, const Bindings& bindings, RegexCache& regexes,
       BoundMatcher& bound) {
      bound.text = ResolveTemplate(spec.text, bindings, HoleContext::kRegex);
      bound.regex = regexes.Get(bound.text);
    },
    [](const BoundMatcher& m, const nlohmann::json* value) {
      const std::string* s = StringValue(value);
      return s != nullptr && m.regex != nullptr && m.regex->ok() && RE2::FullMatch(*s, *m.regex);
    },
    [](const BoundMatcher& m) { return "matching regex " + DescribeText(m.text); },
};

const MatcherDefinition kGlob = {
    kGlobKey,
    R"({"type": "string"})",
    ParseText<kGlobKey>,
    BindText<HoleContext::kGlob>,
    [](const BoundMatcher& m, const nlohmann::json* value) {
      const std::string* s = StringValue(value);
      // fnmatch reads C strings: a NUL would cut either side short.
      if (s == nullptr || s->find('\0') != std::string::npos ||
          m.text.find('\0') != std::string::npos) {
        return false;
      }
      return ::fnmatch(m.text.c_str(), s->c_str(), 0) == 0;
    },
    [](const BoundMatcher& m) { return "matching glob " + DescribeText(m.text); },
};

const MatcherDefinition kPrefix = {
    kPrefixKey,
    R"({"type": "string"})",
    ParseText<kPrefixKey>,
    BindText<HoleContext::kLiteral>,
    [](const BoundMatcher& m, const nlohmann::json* value) {
      const std::string* s = StringValue(value);
      return s != nullptr && s->size() >= m.text.size() && s->compare(0, m.text.size(), m.text) == 0;
    },
    [](const BoundMatcher& m) { return "starting with " + DescribeText(m.text); },
};

const MatcherDefinition kSuffix = {
    kSuffixKey,
    R"({"type": "string"})",
    ParseText<kSuffixKey>,
    BindText<HoleContext::kLiteral>,
    [](const BoundMatcher& m, const nlohmann::json* value) {
      const std::string* s = StringValue(value);
      return s != nullptr && s->size() >= m.text.size() &&
             s->compare(s->size() - m.text.size(), m.text.size(), m.text) == 0;
    },
    [](const BoundMatcher& m) { return "ending with " + DescribeText(m.text); },
};

const MatcherDefinition kContains = {
    "contains",
    R"({"description": "A substring of a string, or a matcher one element of a list satisfies.", "$ref": "#/definitions/matcher"})",
    [](MatcherParser& parser, const YAML::Node& argument, MatcherSpec& spec) {
      if (!argument.IsScalar()) {
        spec.children.push_back(parser.ParseNested(argument));
        return;
      }
      // A scalar is a substring of a string value, and for a list value an
      // element equal to it.
      spec.scalar_argument = true;
      spec.literal = parser.Scalar(argument);
      MatcherSpec element;
      element.position = spec.position;
      element.literal = spec.literal;
      spec.children.push_back(std::move(element));
    },
    [](const MatcherSpec& spec, const Bindings& bindings, RegexCache&, BoundMatcher& bound) {
      bound.quoted = spec.literal.quoted;
      bound.is_null = spec.literal.is_null;
      bound.text = ResolveTemplate(spec.literal.text, bindings, HoleContext::kLiteral);
    },
    [](const BoundMatcher& m, const nlohmann::json* value) {
      if (const std::string* s = StringValue(value)) {
        return m.substring && s->find(m.text) != std::string::npos;
      }
      if (value != nullptr && value->is_array()) {
        for (const nlohmann::json& element : *value) {
          if (m.children[0].Matches(&element)) return true;
        }
      }
      return false;
    },
    [](const BoundMatcher& m) {
      if (m.substring) return "containing " + DescribeText(m.text);
      return "a list containing an element " + m.children[0].Describe();
    },
};

}  // namespace

std::vector<const MatcherDefinition*> TextMatchers() {
  return {&kRegex, &kGlob, &kPrefix, &kSuffix, &kContains};
}

}  // namespace witness::assertions::internal
