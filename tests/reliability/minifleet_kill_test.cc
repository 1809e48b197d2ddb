// The minifleet helper killed with SIGKILL mid-cluster, round after round:
// the real orchestrator (client -> helper process -> fake backend) under a
// crash, observed through its record file and `witness check`.
//
// What green proves: whenever the helper dies (while members are being
// reserved, created or started, or while the cluster is held), the client
// does not hang and exits non-zero; every record the helper wrote is intact
// and comes from the helper; nothing records a teardown that never
// happened; and `witness check` with `clean_exit: true` fails, naming the
// helper that did not exit cleanly, so a crashed helper cannot pass a
// scenario. What it does not prove: which moments the kills landed on
// (printed as figures) or anything about a real hypervisor backend.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <optional>
#include <random>
#include <string>
#include <thread>

#include "harness/child_process.h"
#include "harness/temp_dir.h"
#include "witness/recorder/format.h"
#include "witness/recorder/reader.h"

namespace witness::reliability {
namespace {

using Clock = std::chrono::steady_clock;
using ::testing::HasSubstr;

constexpr int kMembers = 8;
constexpr int kRounds = 6;

std::string MemberList() {
  std::string list;
  for (int i = 1; i <= kMembers; ++i) list += (i > 1 ? ",m-" : "m-") + std::to_string(i);
  return list;
}

// The helper's pid, from its session record, once it has written one.
std::optional<std::int64_t> HelperPid(const std::string& record) {
  recorder::ReadOptions live;
  live.live = true;
  try {
    for (const recorder::Record& r : recorder::ReadRecordFile(record, live).records) {
      if (r.Op() == recorder::ops::kSession && r.Pid()) return r.Pid();
    }
  } catch (const recorder::RecordFileError&) {
    // not created yet
  }
  return std::nullopt;
}

TEST(MinifleetKillTest, HelperKilledMidClusterLeavesAnIntactRecordingThatFailsCleanExit) {
  TempDir dir;
  const std::string scenario = dir.File("clean-exit.yaml");
  std::ofstream(scenario) << "scenario: helper-exits-cleanly\n"
                             "expect:\n  - op: reserve\n    count: {min: 1}\n"
                             "writers: 1\nclean_exit: true\n";
  std::mt19937_64 rng(20240607);
  int before_cluster_up = 0;

  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const std::string record = dir.File("record-" + std::to_string(round) + ".jsonl");
    ChildOptions options;
    options.set_env = {{"FLEETBOX_FAKE_RECORD", record},
                       {"MINIFLEET_HELPER", MINIFLEET_HELPER_FAKE}};
    options.unset_env = {"FLEETBOX_FAKE_FAIL_CREATE"};
    ChildProcess client = ChildProcess::Start(
        {MINIFLEET_CLIENT, "cluster", "--root", dir.File("root-" + std::to_string(round)),
         "--members", MemberList(), "--concurrent", "--hold"},
        options);

    // Kill the helper at a random moment after it has started recording.
    std::optional<std::int64_t> helper;
    const auto deadline = Clock::now() + std::chrono::seconds(60);
    while (!(helper = HelperPid(record)) && Clock::now() < deadline && client.Running()) {
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    ASSERT_TRUE(helper) << "the helper never wrote its session record";
    std::string out;
    std::string err;
    if (round % 2 == 0) {
      // While members are being reserved, created and started.
      std::this_thread::sleep_for(
          std::chrono::microseconds(std::uniform_int_distribution<int>(0, 4000)(rng)));
    } else {
      // While the whole cluster is up and held.
      while (out.find("minifleet: holding") == std::string::npos && client.Running() &&
             Clock::now() < deadline) {
        client.WaitForOutput(std::chrono::milliseconds(10));
        client.Drain(out, &err);
      }
      ASSERT_THAT(out, HasSubstr("minifleet: holding")) << err;
    }
    ASSERT_EQ(kill(static_cast<pid_t>(*helper), SIGKILL), 0);

    // A held cluster waits for SIGTERM to tear down; the teardown must fail.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    client.Kill(SIGTERM);
    const auto wait_deadline = Clock::now() + std::chrono::seconds(60);
    while (client.Running() && Clock::now() < wait_deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_FALSE(client.Running()) << "the client hung after its helper died";
    const int status = client.Wait(&out, &err);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) != 0) << DescribeStatus(status) << "\n"
                                                               << out << err;

    const recorder::Recording recording = recorder::ReadRecordFile(record);
    // Records are small: a kill mid-write is rare, but may leave one
    // incomplete last line, never anything else.
    ASSERT_LE(recording.diagnostics.size(), 1u) << recording.diagnostics[0].ToString();
    if (!recording.diagnostics.empty()) {
      EXPECT_EQ(recording.diagnostics[0].kind, recorder::DiagnosticKind::kIncompleteTail);
    }
    int starts = 0;
    for (const recorder::Record& r : recording.records) {
      EXPECT_EQ(r.Pid(), helper) << r.Dump();
      EXPECT_NE(r.Op(), "stop") << "a teardown recorded that never happened: " << r.Dump();
      EXPECT_NE(r.Op(), "close") << "a teardown recorded that never happened: " << r.Dump();
      EXPECT_NE(r.Op(), recorder::ops::kSessionEnd) << "a killed helper closed its session";
      starts += r.Op() == "start" ? 1 : 0;
    }
    before_cluster_up += starts < kMembers ? 1 : 0;

    ChildResult check = RunChild({WITNESS_CLI, "check", scenario, record});
    EXPECT_TRUE(check.Exited(1)) << DescribeStatus(check.status) << "\n" << check.out;
    EXPECT_THAT(check.out, HasSubstr("did not exit cleanly"));
  }
  std::cout << "helper killed in " << kRounds << " rounds, " << before_cluster_up
            << " of them before all " << kMembers << " members had started\n";
  EXPECT_LT(before_cluster_up, kRounds) << "no kill landed on a held cluster";
}

}  // namespace
}  // namespace witness::reliability
