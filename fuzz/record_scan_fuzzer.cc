// Fuzzes the reader's fast path against its full parser. The scanner
// certifies a line only when the full parser would read it as one record with
// no diagnostic; every other line goes to the full parser. So reading any
// input with the scanner must give exactly what reading it without the
// scanner gives: the same records (fields, op, name, provenance, location)
// and the same diagnostics (kind, line, column, message). A line the scanner
// certifies must be one record without a diagnostic in the full parser.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "witness/recorder/internal/line_parser.h"
#include "witness/recorder/internal/record_scan.h"
#include "witness/recorder/reader.h"

namespace {

using witness::fuzz::Require;
using witness::recorder::Diagnostic;
using witness::recorder::ParseRecords;
using witness::recorder::Record;
using witness::recorder::Recording;
namespace internal = witness::recorder::internal;

constexpr char kName[] = "scan.jsonl";

std::string Describe(const Record& record) {
  return record.where().ToString() + " " + record.Dump();
}

void RequireSameRecord(const Record& fast, const Record& full) {
  const std::string what = Describe(fast) + " vs " + Describe(full);
  Require(fast.where().line == full.where().line && fast.offset() == full.offset(),
          "records at different places: " + what);
  Require(fast.fields() == full.fields(), "records with different fields: " + what);
  Require(fast.HasOp() == full.HasOp() && fast.Op() == full.Op(), "different ops: " + what);
  Require(fast.HasName() == full.HasName() && fast.Name() == full.Name(),
          "different names: " + what);
  Require(fast.Pid() == full.Pid() && fast.Seq() == full.Seq() && fast.TsNs() == full.TsNs(),
          "different provenance: " + what);
  // Every key reads the same through the accessors as through the object.
  const nlohmann::json fields = full.fields();
  for (const auto& [key, value] : fields.items()) {
    const auto found = fast.Find(key);
    Require(found.has_value() && *found == value, "field '" + key + "' reads differently: " + what);
    Require(fast.OptionalString(key) ==
                (value.is_string() ? std::optional<std::string>(value.get<std::string>())
                                   : std::nullopt),
            "field '" + key + "' reads differently as a string: " + what);
  }
}

void RequireSameDiagnostic(const Diagnostic& fast, const Diagnostic& full) {
  Require(fast.ToString() == full.ToString() && fast.kind == full.kind &&
              fast.where.offset == full.where.offset,
          "different diagnostics: " + fast.ToString() + " vs " + full.ToString());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  const Recording fast = ParseRecords(input, kName);
  const Recording full = internal::ParseRecordsWithFullParser(input, kName);
  Require(fast.records.size() == full.records.size(),
          std::to_string(fast.records.size()) + " records with the scanner, " +
              std::to_string(full.records.size()) + " without");
  for (std::size_t i = 0; i < fast.records.size(); ++i) {
    RequireSameRecord(fast.records[i], full.records[i]);
  }
  Require(fast.diagnostics.size() == full.diagnostics.size(),
          std::to_string(fast.diagnostics.size()) + " diagnostics with the scanner, " +
              std::to_string(full.diagnostics.size()) + " without");
  for (std::size_t i = 0; i < fast.diagnostics.size(); ++i) {
    RequireSameDiagnostic(fast.diagnostics[i], full.diagnostics[i]);
  }

  // Each line on its own: certified means one clean record to the full parser.
  std::size_t begin = 0;
  while (begin <= input.size()) {
    std::size_t end = input.find('\n', begin);
    if (end == std::string_view::npos) end = input.size();
    const std::string_view line = input.substr(begin, end - begin);
    internal::ScannedLine scanned;
    if (internal::ScanRecordLine(line, scanned)) {
      const Recording alone =
          internal::ParseRecordsWithFullParser(std::string(line) + "\n", kName);
      Require(alone.records.size() == 1 && alone.diagnostics.empty(),
              "the scanner certified a line the full parser reads as " +
                  std::to_string(alone.records.size()) + " records and " +
                  std::to_string(alone.diagnostics.size()) + " diagnostics: " + std::string(line));
    }
    begin = end + 1;
  }
  return 0;
}
