// Whether a field is there at all: {absent: true}, {present: true}, and
// {capture: NAME}, which also binds the value for later expectations.
#include <string>

#include "internal/matcher.h"
#include "internal/matcher_parser.h"

namespace witness::assertions::internal {
namespace {

// {absent: false} would read as "present"; the language says that once.
void RequireTrue(MatcherParser& parser, const YAML::Node& argument, const std::string& key,
                 const std::string& opposite) {
  if (!parser.yaml().RequireBool(argument, Quoted(key))) {
    parser.yaml().Fail(argument,
                       Quoted(key) + " takes true (use {" + opposite + ": true} for the opposite)");
  }
}

const MatcherDefinition kAbsent = {
    "absent",
    R"({"const": true})",
    [](MatcherParser& parser, const YAML::Node& argument, MatcherSpec&) {
      RequireTrue(parser, argument, "absent", "present");
    },
    nullptr,
    [](const BoundMatcher&, const nlohmann::json* value) { return value == nullptr; },
    [](const BoundMatcher&) -> std::string { return "absent"; },
};

const MatcherDefinition kPresent = {
    "present",
    R"({"const": true})",
    [](MatcherParser& parser, const YAML::Node& argument, MatcherSpec&) {
      RequireTrue(parser, argument, "present", "absent");
    },
    nullptr,
    [](const BoundMatcher&, const nlohmann::json* value) { return value != nullptr; },
    [](const BoundMatcher&) -> std::string { return "present"; },
};

const MatcherDefinition kCapture = {
    "capture",
    R"({"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"})",
    [](MatcherParser& parser, const YAML::Node& argument, MatcherSpec& spec) {
      if (!parser.field_level()) {
        parser.yaml().Fail(argument,
                           "'capture' binds a whole field: it cannot appear inside another matcher");
      }
      spec.capture_name = parser.yaml().RequireString(argument, "'capture'");
    },
    nullptr,
    [](const BoundMatcher&, const nlohmann::json* value) { return value != nullptr; },
    [](const BoundMatcher& m) { return "present (captured as ${" + m.capture_name + "})"; },
};

}  // namespace

const MatcherDefinition& CaptureMatcher() { return kCapture; }

std::vector<const MatcherDefinition*> PresenceMatchers() { return {&kAbsent, &kPresent}; }

}  // namespace witness::assertions::internal
