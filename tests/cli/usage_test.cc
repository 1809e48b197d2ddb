// The binary's command-line contract: --version, --help with an example on
// every subcommand, and exit code 2 with one line on stderr for bad usage.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "cli_test_support.h"

namespace witness::cli::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

int LineCount(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

TEST(UsageTest, VersionPrintsTheProjectVersion) {
  RunResult result = RunWitness({"--version"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, StartsWith("witness 0."));
  EXPECT_EQ(result.err, "");
}

TEST(UsageTest, VersionPrintsTheFormatVersionsItReadsAndWrites) {
  RunResult result = RunWitness({"--version"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, HasSubstr("\nrecord format 1 (reads and writes; "));
  EXPECT_THAT(result.out, HasSubstr("\nscenario language 1 (reads; "));
  EXPECT_THAT(result.out, HasSubstr("\nreport schema 1 (writes: --format json, show --format json; "
                                    "docs/report.schema.json)\n"));
  EXPECT_THAT(result.out, HasSubstr("\ndiff schema 1 (writes: diff --format json; "
                                    "docs/diff.schema.json)"));
}

TEST(UsageTest, EverySubcommandHasHelpWithAnExample) {
  for (const std::string command :
       {"check", "run", "show", "snapshot", "diff", "review", "completion"}) {
    RunResult result = RunWitness({command, "--help"});
    EXPECT_EQ(result.exit_code, 0) << command;
    EXPECT_THAT(result.out, HasSubstr("Example:\n  ")) << command;
    EXPECT_THAT(result.out, HasSubstr("witness " + command + " ")) << command;
    EXPECT_THAT(result.out, HasSubstr("Exit codes: 0")) << command;
  }
  RunResult top = RunWitness({"--help"});
  EXPECT_EQ(top.exit_code, 0);
  for (const std::string command : {"check", "run", "show", "snapshot", "diff", "review"}) {
    EXPECT_THAT(top.out, HasSubstr(command));
  }
}

TEST(UsageTest, NoSubcommandIsAUsageError) {
  RunResult result = RunWitness({});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, StartsWith("witness: "));
  EXPECT_EQ(LineCount(result.err), 1) << result.err;
}

TEST(UsageTest, UnknownOptionIsOneLineNamingTheSubcommandsHelp) {
  RunResult result = RunWitness({"check", "--frobnicate", "a.yaml", "b.jsonl"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, StartsWith("witness: "));
  EXPECT_THAT(result.err, HasSubstr("--frobnicate"));
  EXPECT_THAT(result.err, HasSubstr("see 'witness check --help'"));
  EXPECT_EQ(LineCount(result.err), 1) << result.err;
  EXPECT_EQ(result.out, "");
}

TEST(UsageTest, MissingRecordFileArgumentIsAUsageError) {
  RunResult result = RunWitness({"check", CliTestData("cluster.yaml")});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(LineCount(result.err), 1) << result.err;
}

TEST(UsageTest, BadOptionValuesAreUsageErrorsWithTheReason) {
  std::string scenario = CliTestData("cluster.yaml");
  std::string record = CliTestData("cluster.jsonl");
  struct Case {
    std::vector<std::string> args;
    std::string reason;
  };
  std::vector<Case> cases = {
      {{"check", scenario, record, "--wait", "5"}, "a number needs a unit"},
      {{"check", scenario, record, "--format", "xml"}, "--format"},
      {{"check", scenario, record, "--var", "novalue"}, "--var needs NAME=VALUE, got 'novalue'"},
      {{"show", record, "--format", "junit"}, "--format"},
      {{"run", scenario, "--timeout", "soon", "--", "true"}, "invalid duration 'soon'"},
      {{"run", scenario}, "command"},
  };
  for (const Case& c : cases) {
    RunResult result = RunWitness(c.args);
    EXPECT_EQ(result.exit_code, 2) << c.reason;
    EXPECT_THAT(result.err, StartsWith("witness: ")) << c.reason;
    EXPECT_THAT(result.err, HasSubstr(c.reason));
    EXPECT_EQ(LineCount(result.err), 1) << result.err;
  }
}

}  // namespace
}  // namespace witness::cli::testing
