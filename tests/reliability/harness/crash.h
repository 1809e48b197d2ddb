// Crash rounds: writer processes appending large checksummed records are
// killed with SIGKILL at random moments, round after round, onto the same
// file; then the file is compared with an independent scan of its bytes
// (ScanSegments).
//
//   CrashOptions options;
//   options.tool = kToolPath;  options.directory = "/dev/shm/x";
//   CrashResult result = RunCrashRounds(options);
//   EXPECT_TRUE(result.ok()) << result.Summary();
//
// Green proves, for the kills this run produced: every complete record in
// the file was recovered and is intact, every record a writer acknowledged
// (Append returned) before it died was recovered, and every torn record was
// reported with the right file, line and byte offset while the records after
// it on the same line were still read. It cannot prove that a kill never
// lands somewhere these rounds did not reach.
#ifndef WITNESS_TESTS_RELIABILITY_HARNESS_CRASH_H_
#define WITNESS_TESTS_RELIABILITY_HARNESS_CRASH_H_

#include <cstdint>
#include <string>
#include <vector>

#include "harness/payload.h"

namespace witness::reliability {

struct CrashOptions {
  std::string tool;       // the witness_reliability_tool executable
  std::string directory;  // record files crash-N.jsonl are created here
  int rounds = 8;
  int rounds_per_file = 8;  // then a new file, so no file grows without bound
  int processes = 3;
  int threads = 2;  // per process
  // Large records make it likely that a kill lands inside a write.
  SizeModel sizes{32u << 10, 32u << 10, 256u << 10, 1.0};
  int max_delay_ms = 20;  // after the first acknowledged record
  std::uint64_t seed = 1;
};

struct CrashResult {
  int rounds = 0;
  std::uint64_t kills = 0;                  // writers that died of SIGKILL
  std::uint64_t acknowledged = 0;           // records whose Append returned before the kill
  std::uint64_t recovered = 0;              // checksummed records read back
  std::uint64_t complete_segments = 0;      // whole records in the files, by the scan
  std::uint64_t torn_segments = 0;          // torn records in the files, by the scan
  std::uint64_t torn_reported = 0;          // torn records the reader reported where they are
  std::uint64_t tails_reported = 0;         // of which reported as an incomplete last line
  std::uint64_t whole_without_newline = 0;  // of which complete but for the newline
  std::uint64_t corrupt = 0;
  std::uint64_t lost = 0;  // complete or acknowledged records not read back
  std::uint64_t duplicates = 0;
  std::uint64_t unexplained_diagnostics = 0;  // diagnostics at no torn record
  std::uint64_t file_bytes = 0;
  double seconds = 0;
  std::vector<std::string> files;
  std::vector<std::string> problems;  // the first few

  bool ok() const;
  // Multi-line figures, ending with a newline.
  std::string Summary() const;
};

CrashResult RunCrashRounds(const CrashOptions& options);

}  // namespace witness::reliability

#endif  // WITNESS_TESTS_RELIABILITY_HARNESS_CRASH_H_
