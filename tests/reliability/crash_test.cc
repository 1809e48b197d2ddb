// Crash tests: writer processes killed with SIGKILL at random moments while
// they append large records, round after round onto one file on tmpfs.
//
// What green proves: for the kills these rounds produced, no record the
// reader returned is corrupt (each carries a checksum of its payload), every
// complete record in the file (found by an independent scan of the bytes)
// and every record a writer acknowledged before it died was read back, and
// every torn record was reported with its file, line and byte offset while
// the records after it on the same line were still read. What it does not
// prove: that no other kill point exists that would fool the reader; `make
// stress` runs many more rounds.
#include "harness/crash.h"

#include <gtest/gtest.h>

#include <iostream>

#include "harness/temp_dir.h"

namespace witness::reliability {
namespace {

TEST(CrashTest, SigkilledWritersLoseNoCompleteRecordAndEachTornOneIsReportedWhereItIs) {
  TempDir dir(TempDir::MemoryBase());
  CrashOptions options;
  options.tool = WITNESS_RELIABILITY_TOOL;
  options.directory = dir.path();
  options.rounds = 8;
  options.rounds_per_file = 4;
  options.processes = 3;
  options.threads = 2;
  options.max_delay_ms = 20;
  options.seed = 424242;

  CrashResult result = RunCrashRounds(options);

  EXPECT_TRUE(result.ok()) << result.Summary();
  EXPECT_EQ(result.kills, 24u) << result.Summary();
  EXPECT_GT(result.recovered, 0u) << result.Summary();
  EXPECT_EQ(result.torn_reported, result.torn_segments) << result.Summary();
  std::cout << result.Summary();
}

}  // namespace
}  // namespace witness::reliability
