// The lock-step harness of the gate: every writer appends every block of
// every variant, each file ends up holding each record once, and a writer
// that fails or dies ends the run with the reason instead of leaving the
// others waiting.
//
// What green proves: the harness's bookkeeping (blocks, rounds, files) and
// its failure paths. What it does not: any timing (no figure is asserted).
#include "support/lockstep.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <csignal>
#include <string>
#include <vector>

#include "support/appenders.h"
#include "support/sample_record.h"

namespace witness::bench {
namespace {

void ExpectEveryBlockTimed(const LockstepRun& run, int rounds, std::size_t variants) {
  ASSERT_EQ(run.block_ns.size(), static_cast<std::size_t>(rounds));
  for (const std::vector<std::int64_t>& round : run.block_ns) {
    ASSERT_EQ(round.size(), variants);
    for (std::int64_t ns : round) EXPECT_GT(ns, 0);
  }
}

LockstepPlan Plan(WriterKind kind, std::uint32_t writers, std::uint64_t records_per_block,
                  int rounds) {
  LockstepPlan plan;
  plan.kind = kind;
  plan.writers = writers;
  plan.records_per_block = records_per_block;
  plan.rounds = rounds;
  return plan;
}

TEST(LockstepTest, ThreadsAppendEveryBlockOfEveryVariant) {
  const SampleRecord sample(RecordSize::kTypical);
  const LockstepPlan plan = Plan(WriterKind::kThreads, 3, 20, 4);
  const std::vector<Variant> variants = {Variant::kRawWrite, Variant::kWitness, Variant::kGoFake,
                                         Variant::kSpdlog, Variant::kStdio};
  const LockstepRun run = RunLockstep(plan, variants, sample);
  ASSERT_EQ(run.error, "");  // includes: every file holds every record once
  ExpectEveryBlockTimed(run, plan.rounds, variants.size());
}

TEST(LockstepTest, ProcessesAppendEveryBlockOfEveryVariant) {
  const SampleRecord sample(RecordSize::kSmall);
  const LockstepPlan plan = Plan(WriterKind::kProcesses, 4, 15, 3);
  const std::vector<Variant> variants = {Variant::kRawWrite, Variant::kWitness};
  const LockstepRun run = RunLockstep(plan, variants, sample);
  ASSERT_EQ(run.error, "");
  ExpectEveryBlockTimed(run, plan.rounds, variants.size());
}

// Limits the size of files this process (and its children) may write, so
// that appends fail partway; restored on destruction.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &saved_);
    rlimit limited = saved_;
    limited.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &limited);
  }
  ~FileSizeLimit() { setrlimit(RLIMIT_FSIZE, &saved_); }

 private:
  rlimit saved_{};
};

TEST(LockstepTest, AWriterThatCannotAppendEndsTheRunWithItsReason) {
  const SampleRecord sample(RecordSize::kTypical);
  const LockstepPlan plan = Plan(WriterKind::kThreads, 2, 50, 3);
  std::signal(SIGXFSZ, SIG_IGN);  // the write fails with EFBIG instead
  LockstepRun run;
  {
    const FileSizeLimit limit(16 * 1024);
    run = RunLockstep(plan, {Variant::kRawWrite}, sample);
  }
  std::signal(SIGXFSZ, SIG_DFL);
  EXPECT_NE(run.error.find("writer "), std::string::npos) << run.error;
}

TEST(LockstepTest, AWriterProcessThatDiesEndsTheRunInsteadOfHangingIt) {
  const SampleRecord sample(RecordSize::kTypical);
  const LockstepPlan plan = Plan(WriterKind::kProcesses, 3, 50, 3);
  LockstepRun run;
  {
    // SIGXFSZ left at its default: the first write past the limit kills
    // that writer process.
    const FileSizeLimit limit(16 * 1024);
    run = RunLockstep(plan, {Variant::kRawWrite}, sample);
  }
  EXPECT_EQ(run.error, "a writer process was killed by signal " + std::to_string(SIGXFSZ));
}

TEST(LockstepTest, APlanWithoutWritersOrRoundsIsRefused) {
  const SampleRecord sample(RecordSize::kSmall);
  LockstepPlan plan = Plan(WriterKind::kThreads, 0, 1, 1);
  EXPECT_NE(RunLockstep(plan, {Variant::kRawWrite}, sample).error, "");
  plan.writers = 65;
  EXPECT_NE(RunLockstep(plan, {Variant::kRawWrite}, sample).error, "");
  plan.writers = 1;
  plan.rounds = 0;
  EXPECT_NE(RunLockstep(plan, {Variant::kRawWrite}, sample).error, "");
}

}  // namespace
}  // namespace witness::bench
