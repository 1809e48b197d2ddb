// Snapshots: the scenario written from a recording loads, holds for that
// recording, generalises what changes between runs, and still catches the
// breakages a hand-written scenario would.

#include <cstdlib>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_support.h"
#include "witness/assertions.h"

namespace witness::assertions {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Recordings() { return std::string(WITNESS_TESTDATA_DIR) + "/recordings/cluster-of-three/"; }

SnapshotOptions ClusterOptions() {
  SnapshotOptions options;
  options.name = "cluster";
  options.path_variables = {{"FLEETBOX_HOME", "/tmp/fleetbox-home"}};
  return options;
}

class SnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override { ::setenv("FLEETBOX_HOME", "/tmp/fleetbox-home", 1); }
};

TEST_F(SnapshotTest, ClusterSnapshotGeneralisesAndHolds) {
  const recorder::Recording recording = recorder::ReadRecordFile(Recordings() + "good.jsonl");
  const std::string yaml = SnapshotScenario(recording, ClusterOptions());
  EXPECT_THAT(yaml, HasSubstr("scenario: \"cluster\""));
  EXPECT_THAT(yaml, HasSubstr("members: [\"web-1\", \"web-2\", \"web-3\"]"));
  EXPECT_THAT(yaml, HasSubstr("per_member:"));
  EXPECT_THAT(yaml, HasSubstr("mac: {capture: mac}"));
  EXPECT_THAT(yaml, HasSubstr("mac: \"${mac}\""));
  EXPECT_THAT(yaml, HasSubstr("disk_path: \"${env:FLEETBOX_HOME}/vms/${member}/disk.raw\""));
  EXPECT_THAT(yaml, HasSubstr("order: [reserve, create, stop]"));
  EXPECT_THAT(yaml, HasSubstr("- [stop, close]"));
  EXPECT_THAT(yaml, HasSubstr("- {id: reserve, field: mac}"));
  EXPECT_THAT(yaml, HasSubstr("strict: true"));
  EXPECT_THAT(yaml, Not(HasSubstr("pid")));
  EXPECT_THAT(yaml, Not(HasSubstr("/tmp/fleetbox-home")));

  const Scenario scenario = ParseScenario(yaml, "snap.yaml");
  EXPECT_TRUE(Check(scenario, recording).passed()) << yaml;
}

TEST_F(SnapshotTest, SnapshotCatchesTheBrokenRecordings) {
  const Scenario scenario = ParseScenario(
      SnapshotScenario(recorder::ReadRecordFile(Recordings() + "good.jsonl"), ClusterOptions()),
      "snap.yaml");
  for (const char* broken : {"wrong-mac", "missing-fixture", "stop-before-create",
                             "duplicate-mac", "extra-record", "missing-close"}) {
    const Report report =
        Check(scenario, recorder::ReadRecordFile(Recordings() + broken + ".jsonl"));
    EXPECT_EQ(report.outcome, Outcome::kFail) << broken;
  }
}

TEST_F(SnapshotTest, InventedAddressesAreCheckedByFormat) {
  const recorder::Recording recording = recorder::ParseRecords(
      R"({"op":"start","name":"a","assigned_ip":"203.0.113.7"})" "\n"
      R"({"op":"start","name":"b","assigned_ip":"203.0.113.8"})" "\n",
      "r.jsonl");
  const std::string yaml = SnapshotScenario(recording);
  EXPECT_THAT(yaml, HasSubstr("assigned_ip: {format: ipv4}"));
  EXPECT_THAT(yaml, HasSubstr("per_member:"));
  EXPECT_TRUE(Check(ParseScenario(yaml), recording).passed()) << yaml;
}

TEST_F(SnapshotTest, MembersThatDifferGetTheirOwnExpectations) {
  const std::string data = std::string(WITNESS_TESTDATA_DIR) + "/records/";
  const recorder::Recording recording =
      recorder::ReadRecordFile(data + "go-reference-cluster-failcreate.jsonl");
  SnapshotOptions options;
  options.path_variables = {{"HOME_DIR", "/tmp/fbhome7"}};
  const std::string yaml = SnapshotScenario(recording, options);
  EXPECT_THAT(yaml, Not(HasSubstr("per_member:")));  // db-2 was never stopped
  EXPECT_THAT(yaml, HasSubstr("\"stop@db-1\""));
  EXPECT_THAT(yaml, HasSubstr("mac: {capture: mac_db_2}"));
  EXPECT_THAT(yaml, HasSubstr("name: \"x<y>&z\""));
  ::setenv("HOME_DIR", "/tmp/fbhome7", 1);
  EXPECT_TRUE(Check(ParseScenario(yaml), recording).passed()) << yaml;
}

TEST_F(SnapshotTest, ValuesThatLookLikeReferencesStayLiteral) {
  const recorder::Recording recording = recorder::ParseRecords(
      R"({"op":"create","name":"m","note":"${member} $${x} ${env:HOME} $","id":"ignored"})" "\n",
      "r.jsonl");
  const std::string yaml = SnapshotScenario(recording);
  EXPECT_TRUE(Check(ParseScenario(yaml), recording).passed()) << yaml;
}

TEST_F(SnapshotTest, OnlySessionRecordsStillMakeAScenario) {
  const recorder::Recording recording =
      recorder::ParseRecords(R"({"op":"session","pid":3})" "\n", "r.jsonl");
  const std::string yaml = SnapshotScenario(recording);
  EXPECT_THAT(yaml, HasSubstr("op: session"));
  EXPECT_TRUE(Check(ParseScenario(yaml), recording).passed()) << yaml;
}

TEST_F(SnapshotTest, EmptyRecordingIsRefused) {
  EXPECT_THROW(SnapshotScenario(recorder::ParseRecords("", "r.jsonl")), std::invalid_argument);
}

}  // namespace
}  // namespace witness::assertions
