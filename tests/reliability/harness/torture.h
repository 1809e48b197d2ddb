// The torture run: many processes, each with many threads, append
// checksummed records of random sizes to one file at once; then every record
// is read back and checked to be intact and present exactly once.
//
//   TortureOptions options;
//   options.tool = kToolPath;  options.path = dir + "/torture.jsonl";
//   TortureResult result = RunTorture(options);
//   EXPECT_TRUE(result.ok()) << result.Summary();
//
// Green proves that on this machine's filesystem, for this run, concurrent
// appends through Writer neither interleaved nor lost a record and that the
// reader returned each exactly once. It cannot prove the same on NFS (where
// O_APPEND is not atomic) or for interleavings this run did not produce.
#ifndef WITNESS_TESTS_RELIABILITY_HARNESS_TORTURE_H_
#define WITNESS_TESTS_RELIABILITY_HARNESS_TORTURE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "harness/payload.h"

namespace witness::reliability {

struct TortureOptions {
  std::string tool;  // the witness_reliability_tool executable
  std::string path;  // the record file; appended to, usually new
  int processes = 4;
  int threads = 4;     // per process
  int records = 2000;  // per thread
  SizeModel sizes;
  std::uint64_t seed = 1;
  // Files larger than this are verified piece by piece (see ReadInPieces)
  // instead of through one ReadRecordFile call.
  std::uint64_t whole_file_limit = 1ull << 30;
};

struct TortureResult {
  std::uint64_t expected = 0;      // records the writers were asked to append
  std::uint64_t recovered = 0;     // checksummed records read back
  std::uint64_t corrupt = 0;       // recovered, but failing their checksum
  std::uint64_t duplicates = 0;    // read back more than once
  std::uint64_t missing = 0;       // never read back
  std::uint64_t unexpected = 0;    // records nobody was asked to write
  std::uint64_t sessions = 0;      // session records (one per process)
  std::uint64_t session_ends = 0;  // session_end records (one per process)
  std::uint64_t diagnostics = 0;   // reader diagnostics: bad or torn lines
  std::uint64_t file_bytes = 0;
  double write_seconds = 0;
  double read_seconds = 0;
  int processes = 0;
  std::vector<std::string> problems;  // the first few, each naming a record or process

  bool ok() const;
  // Multi-line figures, ending with a newline.
  std::string Summary() const;
};

TortureResult RunTorture(const TortureOptions& options);

}  // namespace witness::reliability

#endif  // WITNESS_TESTS_RELIABILITY_HARNESS_TORTURE_H_
