// Proof that an append benchmark lost, duplicated and tore nothing: after a
// run, the file must hold every stamped record exactly once, byte for byte.
//
//   AppendCheck check = CheckAppendedFile(path, sample, LineTail::kExact, {1000, 1000});
//   if (!check.ok()) state.SkipWithError(check.Summary().c_str());
//
// A fast benchmark that loses records measures nothing, so every variant
// (baselines included) is checked after every run, outside the timing.
#ifndef WITNESS_BENCHMARKS_SUPPORT_APPEND_CHECK_H_
#define WITNESS_BENCHMARKS_SUPPORT_APPEND_CHECK_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "support/sample_record.h"

namespace witness::bench {

// How a record line may differ from the sample besides its id.
enum class LineTail {
  // Byte-identical to the sample line (baselines write the line as is).
  kExact,
  // Identical up to the provenance, which must be `,"pid":N,"seq":N,"ts_ns":N}`
  // with any digits (Witness writes its own); the writer's session records
  // are allowed and counted apart.
  kProvenance,
};

// What a record file held, compared with what was written.
struct AppendCheck {
  std::uint64_t expected = 0;         // records the writers reported writing
  std::uint64_t intact = 0;           // distinct records found intact
  std::uint64_t missing = 0;          // expected but not found intact
  std::uint64_t duplicates = 0;       // found intact more than once
  std::uint64_t bad_lines = 0;        // lines that are no intact record (torn, foreign)
  std::uint64_t session_records = 0;  // the writer's own records (kProvenance only)
  std::string first_problem;          // "line 7: ..." for the first bad line or duplicate

  bool ok() const noexcept { return missing == 0 && duplicates == 0 && bad_lines == 0; }
  // "40000 records intact" or "12 of 40000 records missing, 3 bad lines
  // (line 7: torn record: ...)".
  std::string Summary() const;
};

// Checks the record lines in `content`. records_per_writer[w] is how many
// records writer w stamped, with indexes 0..n-1.
AppendCheck CheckAppendedLines(std::string_view content, const SampleRecord& sample, LineTail tail,
                               const std::vector<std::uint64_t>& records_per_writer);

// CheckAppendedLines on the file at `path`. Throws std::runtime_error when
// the file cannot be read.
AppendCheck CheckAppendedFile(const std::string& path, const SampleRecord& sample, LineTail tail,
                              const std::vector<std::uint64_t>& records_per_writer);

}  // namespace witness::bench

#endif  // WITNESS_BENCHMARKS_SUPPORT_APPEND_CHECK_H_
