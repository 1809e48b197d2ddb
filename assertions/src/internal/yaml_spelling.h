// How `--update` spells what it writes into a scenario (update/*.cc).
#ifndef WITNESS_ASSERTIONS_INTERNAL_YAML_SPELLING_H_
#define WITNESS_ASSERTIONS_INTERNAL_YAML_SPELLING_H_

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "internal/value_template.h"
#include "witness/assertions/scenario.h"

namespace witness::assertions::internal {

// The scalar at `key` of `map`, or "" when there is none.
std::string ScalarAt(const YAML::Node& map, const char* key);

// `text` on one line, runs of white space as one space: for a comment.
std::string OneLine(std::string_view text);

// A word YAML reads as null or a bool when written plain ("null", "Yes",
// "off", "~", ...), or the empty string.
bool IsReservedPlain(const std::string& text);

// True when `text` reads back from a plain YAML scalar (in block context)
// as the same string, and the loader would not take it for a number.
bool PlainSafe(const std::string& text);

// `text` as a double-quoted YAML scalar (JSON's escapes).
std::string DoubleQuoted(const std::string& text);

// Template text as a YAML scalar, quoted as `old` (the text it replaces)
// was when that style can say it; always quoted inside a flow collection.
std::string QuoteLike(const std::string& text, std::string_view old, bool in_flow);

// "2", or "{min: 1, max: 3}".
std::string CountText(std::uint64_t low, std::uint64_t high);

// Variables as the loader expands them, for writing values back as
// references: the file's `vars` (each expanded) with `given` (--var) over
// them, and each ${env:NAME} the file names.
std::vector<TemplatePrefix> ScenarioPrefixes(const YAML::Node& doc, std::string_view text,
                                             const Variables& given);

}  // namespace witness::assertions::internal

#endif  // WITNESS_ASSERTIONS_INTERNAL_YAML_SPELLING_H_
