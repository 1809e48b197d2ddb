// The language reference's example scenario, word for word, against a
// recording that satisfies it and against recordings each broken in exactly
// one way. Each broken one must fail with a message naming what is wrong.

#include <cstdlib>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_support.h"
#include "witness/assertions.h"

namespace witness::assertions {
namespace {

using ::testing::HasSubstr;
using testing::FailureText;

class ClusterOfThreeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The recordings were made with FLEETBOX_HOME=/tmp/fleetbox-home.
    ::setenv("FLEETBOX_HOME", "/tmp/fleetbox-home", 1);
    scenario_ = std::make_unique<Scenario>(
        LoadScenario(std::string(WITNESS_TESTDATA_DIR) + "/scenarios/cluster-of-three.yaml"));
  }

  Report CheckRecording(const std::string& name) {
    return Check(*scenario_,
                 recorder::ReadRecordFile(std::string(WITNESS_TESTDATA_DIR) +
                                          "/recordings/cluster-of-three/" + name + ".jsonl"));
  }

  std::unique_ptr<Scenario> scenario_;
};

TEST_F(ClusterOfThreeTest, SatisfyingRecordingPasses) {
  const Report report = CheckRecording("good");
  EXPECT_EQ(report.outcome, Outcome::kPass) << FailureText(report);
  EXPECT_EQ(report.expectations.size(), 11u);  // 3 per member x 3 + close + never
  EXPECT_EQ(report.records, 10u);
}

TEST_F(ClusterOfThreeTest, WrongMacNamesTheMemberAndBothValues) {
  const Report report = CheckRecording("wrong-mac");
  EXPECT_EQ(report.outcome, Outcome::kFail);
  EXPECT_THAT(FailureText(report),
              HasSubstr("create [web-2]: closest record " + std::string(WITNESS_TESTDATA_DIR) +
                        "/recordings/cluster-of-three/wrong-mac.jsonl:6 differs in mac: expected "
                        "${mac} (\"02:5a:11:00:00:02\"), actual \"02:5a:11:00:00:99\""));
}

TEST_F(ClusterOfThreeTest, MissingFixtureNamesTheField) {
  const Report report = CheckRecording("missing-fixture");
  EXPECT_EQ(report.outcome, Outcome::kFail);
  EXPECT_THAT(FailureText(report),
              HasSubstr("create [web-3]: closest record"));
  EXPECT_THAT(FailureText(report), HasSubstr("differs in fixture_paths: expected of length 1"));
  EXPECT_THAT(FailureText(report), HasSubstr("actual []"));
}

TEST_F(ClusterOfThreeTest, StopBeforeCreateNamesTheOrder) {
  const Report report = CheckRecording("stop-before-create");
  EXPECT_EQ(report.outcome, Outcome::kFail);
  const std::string text = FailureText(report);
  EXPECT_THAT(text, HasSubstr("order: 'create [web-2]' at"));
  EXPECT_THAT(text, HasSubstr("comes after 'stop [web-2]' at"));
  EXPECT_THAT(text, HasSubstr("but order requires create before stop"));
  EXPECT_EQ(report.Failures().size(), 1u) << text;  // broken in exactly one way
}

TEST_F(ClusterOfThreeTest, DuplicateMacNamesBothMembers) {
  const Report report = CheckRecording("duplicate-mac");
  EXPECT_EQ(report.outcome, Outcome::kFail);
  const std::string text = FailureText(report);
  EXPECT_THAT(text, HasSubstr("unique: mac \"02:5a:11:00:00:01\" is shared by 'create [web-1]'"));
  EXPECT_THAT(text, HasSubstr("and 'create [web-2]'"));
  EXPECT_EQ(report.Failures().size(), 1u) << text;
}

TEST_F(ClusterOfThreeTest, UnmatchedExtraRecordIsNamed) {
  const Report report = CheckRecording("extra-record");
  EXPECT_EQ(report.outcome, Outcome::kFail);
  const std::string text = FailureText(report);
  EXPECT_THAT(text, HasSubstr("extra-record.jsonl:8 matched no expectation: "));
  EXPECT_THAT(text, HasSubstr("\"op\":\"start\""));
  EXPECT_EQ(report.Failures().size(), 1u) << text;
}

TEST_F(ClusterOfThreeTest, MissingCloseIsNamed) {
  const Report report = CheckRecording("missing-close");
  EXPECT_EQ(report.outcome, Outcome::kFail);
  const std::string text = FailureText(report);
  EXPECT_THAT(text, HasSubstr("close: expected exactly 1 matching record, found 0"));
  EXPECT_THAT(text, HasSubstr("close: no record has op \"close\""));
}

TEST_F(ClusterOfThreeTest, EmptyRecordingIsUnverifiableNotPassed) {
  const Report report = Check(*scenario_, recorder::ParseRecords("", "empty.jsonl"));
  EXPECT_EQ(report.outcome, Outcome::kUnverifiable);
  EXPECT_THAT(report.unverifiable_reason, HasSubstr("no other record in 'empty.jsonl'"));
}

TEST_F(ClusterOfThreeTest, ScenarioFollowsTheEnvironment) {
  // Same recording, another FLEETBOX_HOME: every disk_path is wrong.
  ::setenv("FLEETBOX_HOME", "/elsewhere", 1);
  const Scenario moved =
      LoadScenario(std::string(WITNESS_TESTDATA_DIR) + "/scenarios/cluster-of-three.yaml");
  const Report report = Check(
      moved, recorder::ReadRecordFile(std::string(WITNESS_TESTDATA_DIR) +
                                      "/recordings/cluster-of-three/good.jsonl"));
  EXPECT_EQ(report.outcome, Outcome::kFail);
  EXPECT_THAT(FailureText(report),
              HasSubstr("disk_path: expected \"/elsewhere/vms/web-1/disk.raw\""));
}

TEST(GoReferenceTest, ClusterWithAFailedCreateShowsTheLeak) {
  const std::string data = std::string(WITNESS_TESTDATA_DIR) + "/records/";
  const Scenario scenario = ParseScenario(
      "scenario: go-cluster\nmembers: {from: reserve}\nper_member:\n"
      "  lifecycle: [reserve, create, stop]\nexpect:\n  - {op: close}\n",
      "go.yaml");
  const Report report =
      Check(scenario, recorder::ReadRecordFile(data + "go-reference-cluster-failcreate.jsonl"));
  EXPECT_EQ(report.outcome, Outcome::kFail);
  EXPECT_THAT(FailureText(report), HasSubstr("leak: 'db-2' reached create"));
  EXPECT_EQ(report.Failures().size(), 1u) << FailureText(report);
}

}  // namespace
}  // namespace witness::assertions
