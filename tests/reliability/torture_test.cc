// The torture test, scaled to run in the test suite: 4 processes x 4
// threads x 2,000 records of random sizes (up to 256 KiB, each with a
// checksum of its own payload) appended to one file at once, then read back.
//
// What green proves: on the filesystem of the temporary directory, Writer's
// one-write-per-record appends from many threads of many processes did not
// interleave, tear or lose a record in this run, and the reader returned
// each of them exactly once, intact, with no diagnostic. What it does not
// prove: the same for interleavings this run did not produce, for
// filesystems without atomic O_APPEND (NFS), or at full scale (16 x 8 x
// 20,000: `make stress`).
#include "harness/torture.h"

#include <gtest/gtest.h>

#include "harness/temp_dir.h"

namespace witness::reliability {
namespace {

TEST(TortureTest, EveryRecordFromManyProcessesAndThreadsIsReadBackIntactExactlyOnce) {
  TempDir dir;
  TortureOptions options;
  options.tool = WITNESS_RELIABILITY_TOOL;
  options.path = dir.File("torture.jsonl");
  options.processes = 4;
  options.threads = 4;
  options.records = 2000;
  // Mostly small records with one in 64 between 4 KiB and 256 KiB: about
  // 60 MB in all, so the test stays fast under the sanitizers while large
  // appends still race with small ones.
  options.sizes.large_fraction = 1.0 / 64;
  options.seed = 20240601;

  TortureResult result = RunTorture(options);

  EXPECT_TRUE(result.ok()) << result.Summary();
  EXPECT_EQ(result.recovered, 32000u) << result.Summary();
  EXPECT_EQ(result.diagnostics, 0u) << result.Summary();
  EXPECT_EQ(result.sessions, 4u);
  EXPECT_EQ(result.session_ends, 4u);
  std::cout << result.Summary();
}

TEST(TortureTest, LargeRecordsFromManyWritersOnTmpfsNeverInterleave) {
  // tmpfs copies a write page by page, so this is where a writer that split
  // records, or a filesystem without atomic appends, would show torn lines.
  TempDir dir(TempDir::MemoryBase());
  TortureOptions options;
  options.tool = WITNESS_RELIABILITY_TOOL;
  options.path = dir.File("torture-large.jsonl");
  options.processes = 4;
  options.threads = 2;
  options.records = 40;
  options.sizes = SizeModel{64u << 10, 64u << 10, 256u << 10, 1.0};
  options.seed = 7;

  TortureResult result = RunTorture(options);

  EXPECT_TRUE(result.ok()) << result.Summary();
  EXPECT_EQ(result.recovered, 320u) << result.Summary();
}

}  // namespace
}  // namespace witness::reliability
