// `witness check --wait`: a helper still writing when the check starts.
// What green proves: records appended (through the real Writer, by another
// thread of another process than witness) after the check began are seen,
// the check passes as soon as they make the scenario hold, a file created
// late is waited for, and a scenario that never comes to hold ends with exit
// 1 when the time is up. It proves nothing about latency: the deadlines are
// generous and no test measures time.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "cli_test_support.h"
#include "fleet_records.h"
#include "witness/recorder/writer.h"

namespace witness::cli::testing {
namespace {

using ::testing::HasSubstr;

class WaitTest : public ::testing::TestWithParam<bool> {
 protected:
  std::vector<std::string> Args(const std::string& record, const std::string& wait) {
    std::vector<std::string> args = {"check", CliTestData("cluster.yaml"), record, "--wait", wait};
    if (GetParam()) args.push_back("--poll");
    return args;
  }
  // Writes the whole fleet into `path` after ~300 ms, from another thread.
  std::thread LateWriter(const std::string& path, bool skip_close = false) {
    return std::thread([path, skip_close] {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      FleetOptions options;
      options.skip_close = skip_close;
      auto writer = recorder::Writer::Open(path);
      RecordFleet(*writer, options);
    });
  }
  ScratchDir dir_;
};

TEST_P(WaitTest, PassesOnceALateWriterCompletesTheRecording) {
  std::string record = dir_.File("record.jsonl");
  WriteTextFile(record, "");  // the helper has opened it, nothing written yet
  RunningWitness witness(Args(record, "60s"), {}, dir_.path());
  std::thread writer = LateWriter(record);
  RunResult result = witness.Wait();
  writer.join();
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(result.err, "");
}

TEST_P(WaitTest, WaitsForARecordFileThatDoesNotExistYet) {
  std::string record = dir_.File("late.jsonl");
  RunningWitness witness(Args(record, "60s"), {}, dir_.path());
  std::thread writer = LateWriter(record);
  RunResult result = witness.Wait();
  writer.join();
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

TEST_P(WaitTest, TimesOutWithExitOneWhenTheMissingRecordNeverComes) {
  std::string record = dir_.File("record.jsonl");
  WriteTextFile(record, "");
  RunningWitness witness(Args(record, "1s"), {}, dir_.path());
  std::thread writer = LateWriter(record, /*skip_close=*/true);
  RunResult result = witness.Wait();
  writer.join();
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_THAT(result.err, HasSubstr("witness: waited 1s for the scenario to hold"));
  EXPECT_THAT(result.err, HasSubstr("scenario 'cluster-of-three' failed"));
}

TEST_P(WaitTest, RecordFileThatNeverAppearsIsAnInputErrorWhenTimeIsUp) {
  std::string record = dir_.File("never.jsonl");
  RunResult result = RunWitness(Args(record, "300ms"));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("cannot open record file '" + record + "'"));
}

// A scenario that can stop being able to pass: a crash record is forbidden.
constexpr char kNoCrash[] =
    "scenario: no-crash\nexpect:\n  - {op: create}\n  - {id: crash, op: crash, count: 0}\n";

// A writer that appends `first`, then after `delay` a crash record, then
// keeps the file open (its session unclosed) until released or 30 s pass.
class CrashingWriter {
 public:
  CrashingWriter(const std::string& path, std::chrono::milliseconds delay)
      : thread_([this, path, delay] {
          auto writer = recorder::Writer::Open(path);
          recorder::Event create;
          create.op = "create";
          create.name = "web-1";
          writer->Append(create);
          std::this_thread::sleep_for(delay);
          recorder::Event crash;
          crash.op = "crash";
          crash.name = "web-1";
          writer->Append(crash);
          crashed_at_ = std::chrono::steady_clock::now();
          const auto until = crashed_at_ + std::chrono::seconds(30);
          while (!released_ && std::chrono::steady_clock::now() < until) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
          }
        }) {}
  ~CrashingWriter() { Release(); }
  void Release() {
    released_ = true;
    if (thread_.joinable()) thread_.join();
  }
  std::chrono::steady_clock::time_point crashed_at() const { return crashed_at_; }

 private:
  std::atomic<bool> released_{false};
  std::chrono::steady_clock::time_point crashed_at_;
  std::thread thread_;
};

TEST_P(WaitTest, StopsWaitingAsSoonAsAForbiddenRecordMakesAPassImpossible) {
  // Still waiting for a close when the crash lands.
  const std::string scenario = dir_.File("no-crash.yaml");
  WriteTextFile(scenario, std::string(kNoCrash) + "  - {op: close}\n");
  const std::string record = dir_.File("record.jsonl");
  std::vector<std::string> args = {"check", scenario, record, "--wait", "60s"};
  if (GetParam()) args.push_back("--poll");
  RunningWitness witness(args, {}, dir_.path());
  CrashingWriter writer(record, std::chrono::milliseconds(300));
  RunResult result = witness.Wait();
  const auto stopped = std::chrono::steady_clock::now();
  writer.Release();
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_THAT(result.err, HasSubstr("witness: stopped waiting after "));
  EXPECT_THAT(result.err, HasSubstr("'crash' matched 1 records (never)"));
  // Far less than the 60 s wait or the 30 s the writer keeps the file open;
  // the bound is generous so a loaded machine does not make it flaky.
  EXPECT_LT(stopped - writer.crashed_at(), std::chrono::seconds(20));
}

TEST_P(WaitTest, HoldFailsWhenAForbiddenRecordArrivesAfterTheFirstPass) {
  const std::string scenario = dir_.File("no-crash.yaml");
  WriteTextFile(scenario, kNoCrash);
  const std::string record = dir_.File("record.jsonl");
  std::vector<std::string> args = {"check", scenario, record, "--wait", "20s", "--hold", "3s"};
  if (GetParam()) args.push_back("--poll");
  RunningWitness witness(args, {}, dir_.path());
  CrashingWriter writer(record, std::chrono::seconds(1));
  RunResult result = witness.Wait();
  writer.Release();
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_THAT(result.err, HasSubstr(", then stopped holding"));
  EXPECT_THAT(result.out, HasSubstr("FAIL no-crash"));
}

TEST_P(WaitTest, HoldPassesWhenTheScenarioKeepsHolding) {
  const std::string scenario = dir_.File("no-crash.yaml");
  WriteTextFile(scenario, kNoCrash);
  const std::string record = dir_.File("record.jsonl");
  WriteTextFile(record, "{\"op\":\"create\",\"name\":\"web-1\"}\n");
  std::vector<std::string> args = {"check", scenario, record, "--hold", "500ms"};
  if (GetParam()) args.push_back("--poll");
  RunResult result = RunWitness(args);
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(result.err, "");
}

INSTANTIATE_TEST_SUITE_P(InotifyAndPolling, WaitTest, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "Polling" : "Inotify";
                         });

}  // namespace
}  // namespace witness::cli::testing
