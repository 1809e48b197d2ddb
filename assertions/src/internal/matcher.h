// Field matchers with every hole filled in: what the engine tests record
// values with, and how it describes them in reports. What each matcher does
// is its MatcherDefinition's (internal/matcher_definition.h).
#ifndef WITNESS_ASSERTIONS_INTERNAL_MATCHER_H_
#define WITNESS_ASSERTIONS_INTERNAL_MATCHER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>
#include <re2/re2.h>

#include "internal/matcher_definition.h"
#include "internal/spec.h"

namespace witness::assertions::internal {

// The values a template's holes take for one expectation instance.
struct Bindings {
  const std::string* member = nullptr;                        // ${member}
  const std::map<std::string, nlohmann::json>* captures = nullptr;
};

// Compiled regular expressions shared by every instance of a check, so a
// per_member regex without holes is compiled once, not once per member.
class RegexCache {
 public:
  // Never null; the pattern was validated when the scenario loaded, and a
  // filled-in hole is quoted, so compilation cannot fail on syntax (an RE2
  // that still fails, e.g. on memory, matches nothing).
  const RE2* Get(const std::string& pattern);

 private:
  std::unordered_map<std::string, std::unique_ptr<RE2>> compiled_;
};

struct BoundMatcher {
  const MatcherDefinition* definition = &EqualMatcher();
  std::string text;  // resolved literal / pattern text
  bool quoted = false;
  bool is_null = false;
  bool substring = false;  // contains given a scalar
  // Equal on exactly "${capture}": compares as the captured JSON value.
  bool whole_capture = false;
  std::string capture_name;  // whole_capture's name, or capture's
  nlohmann::json captured;
  std::vector<BoundMatcher> children;
  std::uint64_t number = 0;
  std::uint32_t cidr_address = 0;
  int cidr_bits = 0;
  std::string cidr_text;
  const RE2* regex = nullptr;

  // `value` is null when the record lacks the field.
  bool Matches(const nlohmann::json* value) const { return definition->matches(*this, value); }
  std::string Describe() const { return definition->describe(*this); }
};

// Fills in `spec`'s holes. Every capture it names must be bound.
BoundMatcher Bind(const MatcherSpec& spec, const Bindings& bindings, RegexCache& regexes);

// How a template's holes are filled: a variable, ${member} or a capture is
// quoted in patterns so it matches only itself.
enum class HoleContext { kLiteral, kRegex, kGlob };
std::string ResolveTemplate(const Template& text, const Bindings& bindings, HoleContext context);

// Adds the capture names `spec` refers to (${name} in any template).
void CollectCaptureReferences(const MatcherSpec& spec, std::vector<std::string>& names);

// The capture names `matcher` binds: a capture, alone or among all_of's.
std::vector<std::string> BoundCaptureNames(const BoundMatcher& matcher);

// A plain scalar that can equal only a JSON string (not a number, bool or
// null): lets the engine look records up by name.
bool LiteralMatchesOnlyStrings(const BoundMatcher& matcher);

// The record value as a string, or null when it is absent or not a string:
// what every text and format matcher looks at.
const std::string* StringValue(const nlohmann::json* value);

// "xx:xx:xx:xx:xx:xx" with hex digits in either case (format_matchers.cc,
// beside {format: mac}).
bool IsMacAddress(const std::string& text);
// A dotted-quad IPv4 address, as inet_pton reads one (format_matchers.cc).
bool IsIpv4Address(const std::string& text);

// A literal of the scenario as reports quote it: a JSON string, cut after
// 200 bytes with its length said.
std::string DescribeText(const std::string& text);
// "[a, b]" of the children's descriptions.
std::string DescribeList(const std::vector<BoundMatcher>& children);

}  // namespace witness::assertions::internal

#endif  // WITNESS_ASSERTIONS_INTERNAL_MATCHER_H_
