// How the matchers show records and values in descriptions and explanations.
// Whatever comes from a record goes through recorder::Printable here, the
// rule the reports and `witness show` use.
#ifndef WITNESS_MATCHERS_INTERNAL_RECORD_TEXT_H_
#define WITNESS_MATCHERS_INTERNAL_RECORD_TEXT_H_

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "witness/recorder/excerpt.h"
#include "witness/recorder/reader.h"
#include "witness/recorder/record.h"

namespace witness::matchers::internal {

// Longer JSON than this is cut (with a note of the full size), so one huge
// record cannot bury the rest of a failure message.
inline constexpr std::size_t kMaxShownJsonBytes = recorder::kExcerptBytes;

// `value` as compact JSON: strings quoted, invalid UTF-8 replaced, shortened
// past kMaxShownJsonBytes.
std::string ValueText(const nlohmann::json& value);

// The record as one JSON line, `op` and `name` first, shortened past
// kMaxShownJsonBytes.
std::string RecordJson(const recorder::Record& record);

// A report (or any text of several lines), each line on a new line indented
// by four spaces: how an explanation sits under gtest's "Actual:" line.
std::string IndentedLines(const std::string& text);

// "rec.jsonl:3 {"op":"create",...}": where the record is, then the record.
std::string RecordText(const recorder::Record& record);

// "rec.jsonl:1, rec.jsonl:3 and 4 more": the locations of up to `max`
// records, in the order given.
std::string Locations(const std::vector<const recorder::Record*>& records,
                      std::size_t max = 5);

// Up to `max` records, each on a new line indented by `indent` spaces, then
// "... and N more" for the rest.
void ListRecords(const std::vector<const recorder::Record*>& records, int indent,
                 std::ostream& os, std::size_t max = 5);

// "\"web-1\"", or "(no name)" for the records of no member.
std::string MemberText(const std::string& name);

// The reader's diagnostic, "rec.jsonl:3:1: ...: `excerpt`".
std::string DiagnosticText(const recorder::Diagnostic& diagnostic);

}  // namespace witness::matchers::internal

#endif  // WITNESS_MATCHERS_INTERNAL_RECORD_TEXT_H_
