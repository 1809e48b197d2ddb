// `witness check --wait`: a helper still writing when the check starts.
// What green proves: records appended (through the real Writer, by another
// thread of another process than witness) after the check began are seen,
// the check passes as soon as they make the scenario hold, a file created
// late is waited for, and a scenario that never comes to hold ends with exit
// 1 when the time is up. It proves nothing about latency: the deadlines are
// generous and no test measures time.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

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

INSTANTIATE_TEST_SUITE_P(InotifyAndPolling, WaitTest, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "Polling" : "Inotify";
                         });

}  // namespace
}  // namespace witness::cli::testing
