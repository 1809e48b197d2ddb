// `witness snapshot`: the scenario it writes holds for its own recording and
// for a fresh run elsewhere, and catches a create that received another
// member's MAC.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_test_support.h"
#include "fleet_records.h"
#include "witness/recorder/writer.h"

namespace witness::cli::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

class SnapshotCommandTest : public ::testing::Test {
 protected:
  // Records a fleet whose paths live under `home` into dir_/name.
  std::string Record(const std::string& name, const std::string& home, bool swap_mac = false) {
    std::string path = dir_.File(name);
    FleetOptions options;
    options.home = home;
    options.swap_mac = swap_mac;
    {
      auto writer = recorder::Writer::Open(path);
      RecordFleet(*writer, options);
    }
    return path;
  }
  ScratchDir dir_;
};

TEST_F(SnapshotCommandTest, SnapshotPassesOnItsOwnRecordingAndCatchesASwappedMac) {
  std::string home = dir_.File("home-a");
  std::string record = Record("a.jsonl", home);
  std::string scenario = dir_.File("snap.yaml");
  RunResult snap =
      RunWitness({"snapshot", record, "--var-from-env", "FLEETBOX_HOME", "--output", scenario},
                 {{"FLEETBOX_HOME", home}});
  ASSERT_EQ(snap.exit_code, 0) << snap.err;
  EXPECT_EQ(snap.out, "");
  std::string yaml = ReadTextFile(scenario);
  EXPECT_THAT(yaml, HasSubstr("${env:FLEETBOX_HOME}"));
  EXPECT_THAT(yaml, Not(HasSubstr(home)));
  // Volatile values are not frozen into the scenario.
  EXPECT_THAT(yaml, Not(HasSubstr(FleetMac(0))));

  RunResult own = RunWitness({"check", scenario, record}, {{"FLEETBOX_HOME", home}});
  EXPECT_EQ(own.exit_code, 0) << own.out << own.err << yaml;

  // The next run, in another home directory, still holds.
  std::string other_home = dir_.File("home-b");
  std::string next = Record("b.jsonl", other_home);
  RunResult again = RunWitness({"check", scenario, next}, {{"FLEETBOX_HOME", other_home}});
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;

  // web-2's create received web-1's MAC.
  std::string swapped = Record("swapped.jsonl", home, /*swap_mac=*/true);
  RunResult bad = RunWitness({"check", scenario, swapped}, {{"FLEETBOX_HOME", home}});
  EXPECT_EQ(bad.exit_code, 1) << bad.out << yaml;
  EXPECT_THAT(bad.out, HasSubstr(FleetMac(0)));
  EXPECT_THAT(bad.out, HasSubstr("web-2"));
}

TEST_F(SnapshotCommandTest, WritesToStdoutWithoutOutputAndNamesTheScenario) {
  std::string record = Record("solo-run.jsonl", "/home/ci/.fleetbox");
  RunResult result = RunWitness({"snapshot", record});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("scenario: \"solo-run\""));
  RunResult named = RunWitness({"snapshot", record, "--name", "my-fleet"});
  EXPECT_THAT(named.out, HasSubstr("scenario: \"my-fleet\""));
}

TEST_F(SnapshotCommandTest, GoReferenceRecordingSnapshotsAndHolds) {
  std::string scenario = dir_.File("go.yaml");
  std::string record = CliTestData("go-reference-cluster-failcreate.jsonl");
  RunResult snap = RunWitness({"snapshot", record, "--output", scenario});
  ASSERT_EQ(snap.exit_code, 0) << snap.err;
  RunResult check = RunWitness({"check", scenario, record});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err << ReadTextFile(scenario);
}

TEST_F(SnapshotCommandTest, UnsetVariableIsAnInputError) {
  std::string record = Record("a.jsonl", "/home/ci/.fleetbox");
  RunResult result = RunWitness({"snapshot", record, "--var-from-env", "WITNESS_UNSET_VAR_X"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err,
            "witness: --var-from-env WITNESS_UNSET_VAR_X: the environment variable "
            "WITNESS_UNSET_VAR_X is not set\n");
}

TEST_F(SnapshotCommandTest, RecordingWithoutBackendCallsIsAnInputError) {
  std::string empty = dir_.File("empty.jsonl");
  WriteTextFile(empty, "");
  RunResult result = RunWitness({"snapshot", empty});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, StartsWith("witness: nothing to snapshot: no backend call recorded"));
  EXPECT_EQ(result.out, "");
}

TEST_F(SnapshotCommandTest, BadLinesAreLeftOutWithAWarning) {
  std::string scenario = dir_.File("torn.yaml");
  RunResult result =
      RunWitness({"snapshot", CliTestData("cluster-torn.jsonl"), "--output", scenario});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("witness: warning: left out of the snapshot: "));
  EXPECT_THAT(result.err, HasSubstr("cluster-torn.jsonl:7:1"));
}

}  // namespace
}  // namespace witness::cli::testing
