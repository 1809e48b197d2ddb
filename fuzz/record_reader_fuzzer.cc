// Fuzzes the record reader (ParseRecords, the core of ReadRecordFile) with
// arbitrary bytes, and checks what it promises beyond not crashing:
// locations inside the input and in file order, records that are objects
// and survive a dump-and-reparse unchanged, printable excerpts, and a live
// read that never returns more than a settled one.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "witness/recorder/reader.h"

namespace {

using witness::fuzz::Require;
using witness::recorder::Diagnostic;
using witness::recorder::DiagnosticKind;
using witness::recorder::ParseRecords;
using witness::recorder::ReadOptions;
using witness::recorder::Record;
using witness::recorder::Recording;
using witness::recorder::SourceLocation;

constexpr char kName[] = "fuzz.jsonl";

void CheckLocation(const SourceLocation& where, std::string_view input, std::size_t lines) {
  Require(where.file == kName, "location names another file: " + where.file);
  Require(where.line >= 1 && where.line <= lines,
          "line " + std::to_string(where.line) + " outside 1.." + std::to_string(lines));
  Require(where.offset < input.size(), "offset " + std::to_string(where.offset) +
                                           " beyond the input's " + std::to_string(input.size()) +
                                           " bytes");
}

void CheckRecording(const Recording& recording, std::string_view input) {
  std::size_t lines = 1;
  for (char c : input) lines += c == '\n' ? 1 : 0;

  std::uint64_t previous = 0;
  for (const Record& record : recording.records) {
    CheckLocation(record.where(), input, lines);
    Require(record.where().offset >= previous, "records out of file order");
    previous = record.where().offset;
    Require(record.fields().is_object(), "a record is not a JSON object");
    // The JSON parser skips a byte order mark and whitespace before a value.
    std::size_t first = record.where().offset;
    if (input.compare(first, 3, "\xEF\xBB\xBF") == 0) first += 3;
    first = input.find_first_not_of(" \t\r", first);
    Require(first != std::string_view::npos && input[first] == '{',
            "a record's offset does not point at its '{'");

    // The record, dumped, reads back as the same record.
    const Recording again = ParseRecords(record.Dump() + "\n", kName);
    Require(again.records.size() == 1, "a dumped record does not read back as one record");
    Require(again.records[0].fields() == record.fields(), "a dumped record reads back changed");
    for (const Diagnostic& d : again.diagnostics) {
      Require(d.kind == DiagnosticKind::kBadField,
              "a dumped record reads back with a diagnostic: " + d.ToString());
    }
  }
  for (const Diagnostic& d : recording.diagnostics) {
    CheckLocation(d.where, input, lines);
    Require(!d.message.empty(), "a diagnostic without a message");
    Require(d.column >= 1, "a diagnostic without a column");
    for (char c : d.excerpt) {
      const auto byte = static_cast<unsigned char>(c);
      Require(byte >= 0x20 && byte != 0x7f, "an excerpt holds a control byte");
    }
    Require(!d.ToString().empty(), "an empty rendering of a diagnostic");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  const Recording settled = ParseRecords(input, kName);
  CheckRecording(settled, input);

  ReadOptions live_options;
  live_options.live = true;
  const Recording live = ParseRecords(input, kName, live_options);
  CheckRecording(live, input);
  Require(live.records.size() <= settled.records.size(), "a live read found more records");
  Require(live.diagnostics.size() <= settled.diagnostics.size(), "a live read found more problems");

  // A tiny line limit sends most lines down the skip-without-buffering path.
  ReadOptions small;
  small.max_line_bytes = 64;
  CheckRecording(ParseRecords(input, kName, small), input);
  return 0;
}
