// `witness run` and the fake's fault rules: a scenario's `faults:` reach the
// command as FLEETBOX_FAKE_FAULTS, and a malformed rule, wherever it comes
// from, stops the run before the command starts. What green proves: the
// variable holds exactly the scenario's rules (variables expanded), and no
// command runs with a rule the fake would refuse. What it does not prove:
// that the fake obeys the rules (tests/fake/fake_faults_test.cc does).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_test_support.h"

namespace witness::cli::testing {
namespace {

using ::testing::HasSubstr;

class RunFaultsTest : public ::testing::Test {
 protected:
  // The cluster scenario (which TestRecorder satisfies) with `faults` added.
  std::string ScenarioWithFaults(const std::string& faults) {
    const std::string path = tmp_.File("faults.yaml");
    WriteTextFile(path, ReadTextFile(CliTestData("cluster.yaml")) + faults);
    return path;
  }

  RunResult Run(std::vector<std::string> args, Environment env = {}) {
    env.emplace_back("TMPDIR", tmp_.path());
    return RunWitness(args, env);
  }

  // A command that would show it ran.
  std::vector<std::string> Touch() { return {"/bin/sh", "-c", "touch " + marker()}; }
  std::string marker() const { return tmp_.File("ran"); }

  ScratchDir tmp_;
};

TEST_F(RunFaultsTest, TheScenariosFaultsReachTheCommandJoinedWithSemicolons) {
  const std::string scenario =
      ScenarioWithFaults("faults:\n  - \"start:${victim}@1=fail\"\n  - ' close=hang '\n");
  RunResult result = Run({"run", scenario, "--var", "victim=web-2", "--expect-output",
                          "faults [start:web-2@1=fail;close=hang]", "--", "/bin/sh", "-c",
                          "echo \"faults [$FLEETBOX_FAKE_FAULTS]\"; exec \"$0\"", TestRecorder()});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

TEST_F(RunFaultsTest, WithoutFaultsTheVariableIsNotSet) {
  RunResult result =
      Run({"run", CliTestData("cluster.yaml"), "--expect-output", "faults [unset]", "--", "/bin/sh",
           "-c", "echo \"faults [${FLEETBOX_FAKE_FAULTS-unset}]\"; exec \"$0\"", TestRecorder()});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

TEST_F(RunFaultsTest, EnvCannotSetTheFaultsTheScenarioSets) {
  const std::string scenario = ScenarioWithFaults("faults: [start]\n");
  std::vector<std::string> args = {"run", scenario, "--env", "FLEETBOX_FAKE_FAULTS=stop", "--"};
  for (const std::string& arg : Touch()) args.push_back(arg);
  RunResult result = Run(args);
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_EQ(result.err,
            "witness: --env cannot set FLEETBOX_FAKE_FAULTS: the scenario's 'faults' sets it\n");
  EXPECT_FALSE(FileExists(marker()));
}

TEST_F(RunFaultsTest, EnvMaySetFaultsForAScenarioWithout) {
  RunResult result =
      Run({"run", CliTestData("cluster.yaml"), "--env", "FLEETBOX_FAKE_FAULTS=stop:web-1=delay:1ms",
           "--expect-output", "faults [stop:web-1=delay:1ms]", "--", "/bin/sh", "-c",
           "echo \"faults [$FLEETBOX_FAKE_FAULTS]\"; exec \"$0\"", TestRecorder()});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

TEST_F(RunFaultsTest, AMalformedRuleInTheScenarioStopsTheRunNamingItsPosition) {
  const std::string scenario = ScenarioWithFaults("faults:\n  - start\n  - start:web-1@x\n");
  std::vector<std::string> args = {"run", scenario, "--"};
  for (const std::string& arg : Touch()) args.push_back(arg);
  RunResult result = Run(args);
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_THAT(result.err, HasSubstr(scenario + ":36:5: fault rule 'start:web-1@x', column 13: "
                                               "expected a call number (1 or more) after '@', "
                                               "found 'x'"));
  EXPECT_FALSE(FileExists(marker()));
}

TEST_F(RunFaultsTest, AMalformedRuleFromEnvStopsTheRunBeforeTheCommand) {
  std::vector<std::string> args = {"run", CliTestData("cluster.yaml"), "--env",
                                   "FLEETBOX_FAKE_FAULTS=start;start@0", "--"};
  for (const std::string& arg : Touch()) args.push_back(arg);
  RunResult result = Run(args);
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_EQ(result.err,
            "witness: FLEETBOX_FAKE_FAULTS (from --env): fault rule 2 'start@0', column 7: "
            "expected a call number (1 or more) after '@', found '0'\n");
  EXPECT_FALSE(FileExists(marker()));
}

TEST_F(RunFaultsTest, AMalformedRuleInWitnessOwnEnvironmentStopsTheRunToo) {
  std::vector<std::string> args = {"run", CliTestData("cluster.yaml"), "--"};
  for (const std::string& arg : Touch()) args.push_back(arg);
  RunResult result = Run(args, {{"FLEETBOX_FAKE_FAULTS", "strat"}});
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_EQ(result.err,
            "witness: FLEETBOX_FAKE_FAULTS (from witness's environment): fault rule 1 'strat', "
            "column 1: expected an op (reserve, create, start, stop, wait, wait_for_ip or close), "
            "found 'strat'\n");
  EXPECT_FALSE(FileExists(marker()));
}

}  // namespace
}  // namespace witness::cli::testing
