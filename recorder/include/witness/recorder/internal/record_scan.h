// The record scanner: the reader's fast path, and field lookup in a record's
// text.
//
// ScanRecordLine certifies a line only when the full parser (line_parser.cc)
// would read it as a record with no diagnostic at all: one flat object,
// valid UTF-8, no control byte, no duplicate key (nor a key spelled with an
// escape, which could hide one), every known key with a value of its type.
// Any other line goes to the full parser, so a diagnostic is always the full
// parser's, and the fast path can change no verdict (fuzz/record_scan_fuzzer.cc
// holds the two to that).
//
//   ScannedLine scanned;
//   if (ScanRecordLine(line, scanned)) UseOpAndName(scanned.op, scanned.name);
#ifndef WITNESS_RECORDER_INTERNAL_RECORD_SCAN_H_
#define WITNESS_RECORDER_INTERNAL_RECORD_SCAN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace witness::recorder::internal {

// A JSON string as it stands in the text: its body between the quotes, and
// whether that body holds an escape (and so differs from the value).
struct JsonStringText {
  std::string_view body;
  bool escaped = false;
  bool present = false;
};

struct ScannedLine {
  JsonStringText op;
  JsonStringText name;
};

// True when `line` is certified (see above); `out` then holds its op and
// name. False says nothing about the line but "ask the full parser".
bool ScanRecordLine(std::string_view line, ScannedLine& out) noexcept;

// The text of the value of `key` in `object`, the text of one valid JSON
// object (a certified line, or one the full parser wrote back), or nullopt
// when the key is absent. Keys are compared by value, escapes decoded.
std::optional<std::string_view> FindValueText(std::string_view object,
                                              std::string_view key);

// The value of a string's body as it stands in valid JSON text.
std::string DecodeJsonString(std::string_view body);

// The value of an integer's text: nullopt when it is not an integer that
// fits int64 (a fraction, an exponent, too large), as Record::Pid() says.
std::optional<std::int64_t> ParseInteger(std::string_view text) noexcept;

}  // namespace witness::recorder::internal

#endif  // WITNESS_RECORDER_INTERNAL_RECORD_SCAN_H_
