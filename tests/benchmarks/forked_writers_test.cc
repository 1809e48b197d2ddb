// The multi-process harness of the append benchmarks: every child runs once,
// released together, and any failure of a child fails the round with its
// reason. Also the property the process benchmarks depend on: Witness
// writers in several processes appending to one file lose and tear nothing.
//
// What green proves: the harness forwards work and failures faithfully and
// the check sees every record of a concurrent round. What it does not: any
// timing (no figure is asserted), nor behaviour on file systems other than
// the one the build directory is on.
#include "support/forked_writers.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <memory>
#include <stdexcept>
#include <string>

#include "support/append_check.h"
#include "support/bench_dir.h"
#include "support/sample_record.h"
#include "witness/recorder/writer.h"

namespace witness::bench {
namespace {

TEST(ForkedWritersTest, EveryChildAppendsOnceAndTheRoundIsTimed) {
  BenchDir dir;
  const std::string path = dir.NewPath("raw");
  const SampleRecord sample(RecordSize::kTypical);
  const ForkedRound round = RunForkedWriters(4, [&](std::uint32_t index) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) throw std::runtime_error("cannot open");
    auto stamper = std::make_shared<RecordStamper>(sample, index);
    return std::function<void()>([fd, stamper] {
      for (std::uint64_t i = 0; i < 50; ++i) {
        const std::string& line = stamper->Line(i);
        if (::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
          throw std::runtime_error("short write");
        }
      }
      ::close(fd);
    });
  });
  ASSERT_EQ(round.error, "");
  EXPECT_GT(round.wall_ns, 0);
  const AppendCheck check = CheckAppendedFile(path, sample, LineTail::kExact, {50, 50, 50, 50});
  EXPECT_TRUE(check.ok()) << check.Summary();
}

TEST(ForkedWritersTest, WitnessWritersInSeveralProcessesLoseNothing) {
  BenchDir dir;
  const std::string path = dir.NewPath("witness");
  const SampleRecord sample(RecordSize::kSmall);
  const ForkedRound round = RunForkedWriters(4, [&](std::uint32_t index) {
    std::shared_ptr<recorder::Writer> writer = recorder::Writer::Open(path);
    auto stamper = std::make_shared<RecordStamper>(sample, index);
    return std::function<void()>([writer, stamper] {
      for (std::uint64_t i = 0; i < 200; ++i) writer->Append(stamper->EventFor(i));
    });
  });
  ASSERT_EQ(round.error, "");
  const AppendCheck check =
      CheckAppendedFile(path, sample, LineTail::kProvenance, {200, 200, 200, 200});
  EXPECT_TRUE(check.ok()) << check.Summary();
  EXPECT_GE(check.session_records, 4u);  // one per process at least
}

TEST(ForkedWritersTest, ChildThatCannotPrepareFailsTheRoundWithItsReason) {
  const ForkedRound round = RunForkedWriters(3, [](std::uint32_t index) {
    if (index == 2) throw std::runtime_error("cannot open record file: no space left on device");
    return std::function<void()>([] {});
  });
  EXPECT_EQ(round.error, "process 2: cannot open record file: no space left on device");
}

TEST(ForkedWritersTest, WorkThatThrowsFailsTheRound) {
  const ForkedRound round = RunForkedWriters(2, [](std::uint32_t index) {
    return std::function<void()>([index] {
      if (index == 1) throw std::runtime_error("short write");
    });
  });
  EXPECT_EQ(round.error, "process 1: short write");
}

TEST(ForkedWritersTest, ChildKilledMidRoundFailsTheRound) {
  const ForkedRound round = RunForkedWriters(2, [](std::uint32_t index) {
    return std::function<void()>([index] {
      if (index == 0) std::raise(SIGKILL);
    });
  });
  EXPECT_EQ(round.error, "a writer process was killed by signal 9");
}

TEST(ForkedWritersTest, ProcessCountOutsideOneToSixtyFourIsRefused) {
  const PrepareChild nothing = [](std::uint32_t) { return std::function<void()>([] {}); };
  EXPECT_EQ(RunForkedWriters(0, nothing).error, "process count must be 1 to 64");
  EXPECT_EQ(RunForkedWriters(65, nothing).error, "process count must be 1 to 64");
}

}  // namespace
}  // namespace witness::bench
