// The implicit matchers: a scalar is a value the field must equal, a list
// a list the field must equal element by element.
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "internal/matcher.h"
#include "internal/matcher_parser.h"

namespace witness::assertions::internal {
namespace {

bool IsTrueText(const std::string& t) { return t == "true" || t == "True" || t == "TRUE"; }
bool IsFalseText(const std::string& t) { return t == "false" || t == "False" || t == "FALSE"; }

// A plain scalar's numeric value, as YAML would read it.
bool ParseNumber(const std::string& text, bool& is_integer, std::int64_t& integer,
                 double& real) {
  if (text.empty()) return false;
  const char* begin = text.c_str();
  char* end = nullptr;
  errno = 0;
  const long long as_integer = std::strtoll(begin, &end, 10);
  if (errno == 0 && end == begin + text.size()) {
    is_integer = true;
    integer = as_integer;
    real = static_cast<double>(as_integer);
    return true;
  }
  errno = 0;
  const double as_real = std::strtod(begin, &end);
  if (errno == 0 && end == begin + text.size() && std::isfinite(as_real) &&
      text.find_first_of("xXnN") == std::string::npos) {
    is_integer = false;
    real = as_real;
    return true;
  }
  return false;
}

// Whether a plain scalar reads as a number or a boolean rather than text.
bool IsTypedScalar(const std::string& text) {
  bool is_integer = false;
  std::int64_t integer = 0;
  double real = 0;
  return ParseNumber(text, is_integer, integer, real) || IsTrueText(text) || IsFalseText(text);
}

// A plain YAML scalar may be compared with a number, bool or null; a quoted
// one only with a string.
bool EqualsLiteral(const BoundMatcher& m, const nlohmann::json& value) {
  if (m.whole_capture) return value == m.captured;
  if (m.is_null) return value.is_null();
  if (value.is_string()) return value.get_ref<const std::string&>() == m.text;
  if (m.quoted) return false;
  if (value.is_boolean()) return value.get<bool>() ? IsTrueText(m.text) : IsFalseText(m.text);
  if (value.is_number()) {
    bool is_integer = false;
    std::int64_t integer = 0;
    double real = 0;
    if (!ParseNumber(m.text, is_integer, integer, real)) return false;
    if (is_integer && value.is_number_integer()) {
      if (value.is_number_unsigned()) {
        return integer >= 0 && value.get<std::uint64_t>() == static_cast<std::uint64_t>(integer);
      }
      return value.get<std::int64_t>() == integer;
    }
    return value.get<double>() == real;
  }
  return false;
}

const MatcherDefinition kEqual = {
    "",
    R"({"type": ["string", "number", "boolean", "null"]})",
    [](MatcherParser& parser, const YAML::Node& argument, MatcherSpec& spec) {
      spec.literal = parser.Scalar(argument);
    },
    [](const MatcherSpec& spec, const Bindings& bindings, RegexCache&, BoundMatcher& bound) {
      bound.quoted = spec.literal.quoted;
      bound.is_null = spec.literal.is_null;
      // Exactly "${capture}" compares as the captured JSON value, so a
      // captured number equals the same number elsewhere.
      if (spec.literal.text.IsWholeCapture() && bindings.captures != nullptr) {
        const std::string& name = spec.literal.text.parts[0].text;
        const auto it = bindings.captures->find(name);
        if (it != bindings.captures->end()) {
          bound.whole_capture = true;
          bound.capture_name = name;
          bound.captured = it->second;
        }
      }
      bound.text = ResolveTemplate(spec.literal.text, bindings, HoleContext::kLiteral);
    },
    [](const BoundMatcher& m, const nlohmann::json* value) {
      return value != nullptr && EqualsLiteral(m, *value);
    },
    [](const BoundMatcher& m) -> std::string {
      if (m.whole_capture) {
        return "${" + m.capture_name + "} (" +
               m.captured.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + ")";
      }
      if (m.is_null) return "null";
      if (!m.quoted && IsTypedScalar(m.text)) return m.text;
      return DescribeText(m.text);
    },
};

const MatcherDefinition kList = {
    "",
    R"({"type": "array"})",
    [](MatcherParser& parser, const YAML::Node& argument, MatcherSpec& spec) {
      for (const YAML::Node& element : argument) spec.children.push_back(parser.ParseNested(element));
    },
    nullptr,
    [](const BoundMatcher& m, const nlohmann::json* value) {
      if (value == nullptr || !value->is_array() || value->size() != m.children.size()) {
        return false;
      }
      for (std::size_t i = 0; i < m.children.size(); ++i) {
        if (!m.children[i].Matches(&(*value)[i])) return false;
      }
      return true;
    },
    [](const BoundMatcher& m) { return DescribeList(m.children); },
};

}  // namespace

const MatcherDefinition& EqualMatcher() { return kEqual; }
const MatcherDefinition& ListMatcher() { return kList; }

bool LiteralMatchesOnlyStrings(const BoundMatcher& matcher) {
  if (matcher.definition != &kEqual || matcher.is_null) return false;
  if (matcher.whole_capture) return matcher.captured.is_string();
  return matcher.quoted || !IsTypedScalar(matcher.text);
}

}  // namespace witness::assertions::internal
