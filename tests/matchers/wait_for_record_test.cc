// WaitForRecord: succeeds once a matching record is in the file, whether it
// was there already, is appended later or arrives in a file created later;
// fails after the timeout with what it saw. Run in both watch modes.
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "temp_dir.h"
#include "witness/matchers.h"
#include "witness/matchers/internal/wait_for_record.h"
#include "witness/matchers/internal/wait_for_scenario.h"

namespace witness {
namespace {

using matchers::internal::WaitForPattern;
using matchers::internal::WatchMode;
using testing_support::TempDir;
using namespace std::chrono_literals;

void Append(const std::string& path, const std::string& line) {
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out << line << "\n";
}

class WaitForRecordTest : public ::testing::TestWithParam<WatchMode> {
 protected:
  testing::AssertionResult Wait(const std::string& path, const matchers::internal::Pattern& pattern,
                                std::chrono::milliseconds timeout) {
    return WaitForPattern(path, pattern, timeout, GetParam());
  }
  TempDir dir_;
};

TEST_P(WaitForRecordTest, ReturnsAtOnceForARecordAlreadyThere) {
  const std::string path = dir_.Write("rec.jsonl", R"({"op":"stop","name":"web-1"})" "\n");
  EXPECT_TRUE(Wait(path, matchers::internal::Conjunction(Op("stop"), Name("web-1")), 10s));
}

TEST_P(WaitForRecordTest, WakesForARecordAppendedLater) {
  const std::string path = dir_.Write("rec.jsonl", R"({"op":"create","name":"web-1"})" "\n");
  std::thread writer([&] {
    std::this_thread::sleep_for(50ms);
    Append(path, R"({"op":"start","name":"web-1"})");
    std::this_thread::sleep_for(50ms);
    Append(path, R"({"op":"stop","name":"web-1"})");
  });
  const testing::AssertionResult result = Wait(path, matchers::internal::ToPattern(Op("stop")), 60s);
  writer.join();
  EXPECT_TRUE(result);
  EXPECT_THAT(result.message(), testing::HasSubstr(":3 {\"op\":\"stop\""));
}

TEST_P(WaitForRecordTest, WaitsForTheFileToBeCreated) {
  const std::string path = dir_.File("later.jsonl");
  std::thread writer([&] {
    std::this_thread::sleep_for(50ms);
    Append(path, R"({"op":"close"})");
  });
  const testing::AssertionResult result = Wait(path, matchers::internal::ToPattern(Op("close")), 60s);
  writer.join();
  EXPECT_TRUE(result);
}

TEST_P(WaitForRecordTest, SkipsALastLineStillBeingWritten) {
  const std::string path = dir_.Write("rec.jsonl", R"({"op":"stop","na)");
  std::thread writer([&] {
    std::this_thread::sleep_for(50ms);
    std::ofstream out(path, std::ios::binary | std::ios::app);
    out << R"(me":"web-1"})" "\n";
  });
  const testing::AssertionResult result = Wait(path, matchers::internal::ToPattern(Name("web-1")), 60s);
  writer.join();
  EXPECT_TRUE(result);
}

TEST_P(WaitForRecordTest, TimeoutSaysWhatWasSeen) {
  const std::string path = dir_.Write("rec.jsonl",
                                      R"({"op":"session","pid":3})" "\n"
                                      R"({"op":"stop","name":"web-2"})" "\n"
                                      R"({"op":"create","name":"web-1"})" "\n");
  const testing::AssertionResult result =
      Wait(path, matchers::internal::Conjunction(Op("stop"), Name("web-1")), 30ms);
  EXPECT_FALSE(result);
  EXPECT_EQ(std::string(result.message()),
            R"(no record that has field `op` that is equal to "stop", and has field `name` that is equal to )"
            R"("web-1" appeared in ')" + path + "' within 30 ms; it has 2 records\n"
            "  the closest records:\n"
            "    " + path + R"(:2  (1 of 2 fields match)  {"op":"stop","name":"web-2"})" "\n"
            R"(      ok  op = "stop")" "\n"
            R"(      !!  name: expected "web-1", actual "web-2")" "\n"
            "    " + path + R"(:3  (1 of 2 fields match)  {"op":"create","name":"web-1"})" "\n"
            R"(      !!  op: expected "stop", actual "create")" "\n"
            R"(      ok  name = "web-1")" "\n"
            "  the last records:\n"
            "    " + path + R"(:2 {"op":"stop","name":"web-2"})" "\n"
            "    " + path + R"(:3 {"op":"create","name":"web-1"})");
}

TEST_P(WaitForRecordTest, TimeoutOnAFileNeverCreated) {
  const std::string path = dir_.File("never.jsonl");
  const testing::AssertionResult result = Wait(path, matchers::internal::ToPattern(Op("stop")), 20ms);
  EXPECT_FALSE(result);
  EXPECT_EQ(std::string(result.message()),
            R"(no record that has field `op` that is equal to "stop" appeared in ')" + path +
                "' within 20 ms; the file was never there (No such file or directory)");
}

TEST_P(WaitForRecordTest, ADirectoryInsteadOfAFileThrows) {
  EXPECT_THROW(Wait(dir_.path(), matchers::internal::ToPattern(Op("stop")), 1s), recorder::RecordFileError);
}

INSTANTIATE_TEST_SUITE_P(BothWatchModes, WaitForRecordTest,
                         ::testing::Values(WatchMode::kInotify, WatchMode::kPolling),
                         [](const auto& info) {
                           return info.param == WatchMode::kInotify ? std::string("Inotify")
                                                                    : std::string("Polling");
                         });

TEST(WaitForRecordApiTest, ReadsAsAnAssertion) {
  TempDir dir;
  const std::string path = dir.Write("rec.jsonl", R"({"op":"stop","name":"web-1"})" "\n");
  ASSERT_TRUE(WaitForRecord(path, RecordWith(Op("stop"), Name("web-1")), 5s));
  EXPECT_FALSE(WaitForRecord(path, Op("close"), 10ms));
}

// WaitForScenario: the same watch, with a scenario as the condition.
class WaitForScenarioTest : public ::testing::TestWithParam<WatchMode> {
 protected:
  testing::AssertionResult Wait(const std::string& path, std::chrono::milliseconds timeout,
                                std::chrono::milliseconds hold = 0ms) {
    return matchers::internal::WaitForScenarioIn(path, scenario_, timeout, hold, GetParam());
  }
  const assertions::Scenario scenario_ = assertions::ParseScenario(
      "scenario: no-crash\nexpect:\n  - {op: create}\n  - {op: close}\n"
      "  - {id: crash, op: crash, count: 0}\n",
      "no-crash.yaml");
  TempDir dir_;
};

TEST_P(WaitForScenarioTest, SucceedsOnceTheRecordsArrive) {
  const std::string path = dir_.Write("rec.jsonl", R"({"op":"create"})" "\n");
  std::thread writer([&] {
    std::this_thread::sleep_for(50ms);
    Append(path, R"({"op":"close"})");
  });
  const testing::AssertionResult result = Wait(path, 60s);
  writer.join();
  EXPECT_TRUE(result) << result.message();
}

TEST_P(WaitForScenarioTest, FailsAsSoonAsTheScenarioCanNoLongerHold) {
  const std::string path = dir_.Write("rec.jsonl", R"({"op":"create"})" "\n");
  std::thread writer([&] {
    std::this_thread::sleep_for(50ms);
    Append(path, R"({"op":"crash"})");
  });
  const auto start = std::chrono::steady_clock::now();
  const testing::AssertionResult result = Wait(path, 60s);
  writer.join();
  EXPECT_FALSE(result);
  EXPECT_THAT(result.message(), testing::HasSubstr("can no longer hold"));
  EXPECT_THAT(result.message(), testing::HasSubstr("'crash' matched 1 records (never)"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 30s);  // not the whole minute
}

TEST_P(WaitForScenarioTest, HoldCatchesARecordThatLandsAfterThePass) {
  const std::string path =
      dir_.Write("rec.jsonl", R"({"op":"create"})" "\n" R"({"op":"close"})" "\n");
  std::thread writer([&] {
    std::this_thread::sleep_for(300ms);
    Append(path, R"({"op":"crash"})");
  });
  const testing::AssertionResult result = Wait(path, 10s, 5s);
  writer.join();
  EXPECT_FALSE(result);
  EXPECT_THAT(result.message(), testing::HasSubstr(", then stopped holding:"));
  EXPECT_TRUE(Wait(dir_.Write("ok.jsonl", R"({"op":"create"})" "\n" R"({"op":"close"})" "\n"),
                   10s, 200ms));
}

TEST_P(WaitForScenarioTest, TimesOutWithTheReport) {
  const std::string path = dir_.Write("rec.jsonl", R"({"op":"create"})" "\n");
  const testing::AssertionResult result = Wait(path, 100ms);
  EXPECT_FALSE(result);
  EXPECT_THAT(result.message(), testing::HasSubstr("scenario 'no-crash' did not hold within 100ms:"));
  EXPECT_THAT(result.message(), testing::HasSubstr("FAIL no-crash"));
}

INSTANTIATE_TEST_SUITE_P(BothWatchModes, WaitForScenarioTest,
                         ::testing::Values(WatchMode::kInotify, WatchMode::kPolling),
                         [](const auto& info) {
                           return info.param == WatchMode::kInotify ? std::string("Inotify")
                                                                    : std::string("Polling");
                         });

}  // namespace
}  // namespace witness
