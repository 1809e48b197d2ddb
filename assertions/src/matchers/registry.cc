// The registry: every keyed matcher of every family, in the order the
// documentation lists them (and "unknown matcher" errors name them).
#include <stdexcept>
#include <string>

#include "internal/matcher_definition.h"

namespace witness::assertions::internal {

const std::vector<const MatcherDefinition*>& KeyedMatchers() {
  static const std::vector<const MatcherDefinition*> all = [] {
    std::vector<const MatcherDefinition*> out;
    for (const auto& family : {PresenceMatchers(), TextMatchers(), CombiningMatchers(),
                               FormatMatchers(), std::vector<const MatcherDefinition*>{
                                                     &CaptureMatcher()}}) {
      out.insert(out.end(), family.begin(), family.end());
    }
    return out;
  }();
  return all;
}

const MatcherDefinition* FindMatcher(std::string_view key) {
  for (const MatcherDefinition* definition : KeyedMatchers()) {
    if (definition->key == key) return definition;
  }
  return nullptr;
}

std::string MatcherYaml(std::string_view key, std::string_view argument) {
  // A key the registry lacks would write a scenario the loader refuses.
  if (FindMatcher(key) == nullptr) {
    throw std::logic_error("no matcher is registered as '" + std::string(key) + "'");
  }
  return "{" + std::string(key) + ": " + std::string(argument) + "}";
}

}  // namespace witness::assertions::internal
