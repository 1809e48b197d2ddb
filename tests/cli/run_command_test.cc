// `witness run`: a fresh record file exported to the command, which is run
// and then checked. What green proves: the variable reaches a child process,
// a failing or silent command fails the run with the reason a user needs,
// and the record file is kept exactly when the run fails (or --keep).
#include <dirent.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_test_support.h"

namespace witness::cli::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The path after "witness: kept the record file: ", or "".
std::string KeptRecordFile(const std::string& err) {
  const std::string marker = "witness: kept the record file: ";
  std::size_t at = err.find(marker);
  if (at == std::string::npos) return "";
  std::size_t start = at + marker.size();
  return err.substr(start, err.find('\n', start) - start);
}

std::vector<std::string> Entries(const std::string& dir) {
  std::vector<std::string> names;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return names;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  closedir(d);
  return names;
}

class RunCommandTest : public ::testing::Test {
 protected:
  // The run's private directory is made under TMPDIR: a scratch one, so the
  // tests can see what is left behind.
  RunResult Run(std::vector<std::string> args) {
    return RunWitness(args, {{"TMPDIR", tmp_.path()}});
  }
  std::string scenario_ = CliTestData("cluster.yaml");
  ScratchDir tmp_;
};

TEST_F(RunCommandTest, CommandThatRecordsTheScenarioPassesAndLeavesNothingBehind) {
  RunResult result = Run({"run", scenario_, "--", TestRecorder()});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(result.err, "");
  EXPECT_THAT(Entries(tmp_.path()), ::testing::IsEmpty());
}

TEST_F(RunCommandTest, KeepPrintsThePathOfTheRecordFileAfterAPass) {
  RunResult result = Run({"run", scenario_, "--keep", "--", TestRecorder()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  std::string kept = KeptRecordFile(result.err);
  ASSERT_NE(kept, "") << result.err;
  EXPECT_EQ(kept.rfind(tmp_.path() + "/witness-run-", 0), 0u) << kept;
  EXPECT_THAT(ReadTextFile(kept), HasSubstr("\"op\":\"session\""));
}

TEST_F(RunCommandTest, FailingCommandShowsItsStatusAndOutputTailAndKeepsTheRecord) {
  RunResult result =
      Run({"run", scenario_, "--", TestRecorder(), "--print-lines", "30", "--exit", "3"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("witness: the command exited with status 3: "));
  // The last 20 of 30 lines, stdout and stderr interleaved.
  EXPECT_THAT(result.err, HasSubstr("  | helper output line 30\n"));
  EXPECT_THAT(result.err, HasSubstr("  | helper output line 11\n"));
  EXPECT_THAT(result.err, Not(HasSubstr("helper output line 10\n")));
  std::string kept = KeptRecordFile(result.err);
  ASSERT_NE(kept, "") << result.err;
  EXPECT_TRUE(FileExists(kept));
}

TEST_F(RunCommandTest, TailLengthIsConfigurable) {
  RunResult result = Run(
      {"run", scenario_, "--tail", "2", "--", TestRecorder(), "--print-lines", "5", "--exit", "1"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("  | helper output line 4\n  | helper output line 5\n"));
  EXPECT_THAT(result.err, Not(HasSubstr("line 3\n")));
}

TEST_F(RunCommandTest, CommandKilledByASignalFailsNamingTheSignal) {
  RunResult result = Run({"run", scenario_, "--", TestRecorder(), "--kill-self"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("killed by signal 9 (SIGKILL)"));
  EXPECT_NE(KeptRecordFile(result.err), "");
}

TEST_F(RunCommandTest, CommandStillRunningAtTheTimeoutIsStoppedAndFails) {
  RunResult result = Run({"run", scenario_, "--timeout", "200ms", "--", "sleep", "60"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("SIGTERM"));
  EXPECT_THAT(result.err, HasSubstr("timeout 200ms"));
}

TEST_F(RunCommandTest, CommandThatNeverRecordsIsReportedAsRecorderNeverStarted) {
  RunResult result = Run({"run", CliTestData("never-stop-boom.yaml"), "--", "true"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err,
              HasSubstr("the recorder never started: is FLEETBOX_FAKE_RECORD passed to the "
                        "helper? (no record file was created)"));
  // Nothing worth keeping: no empty directory is left behind.
  EXPECT_THAT(Entries(tmp_.path()), ::testing::IsEmpty());
}

TEST_F(RunCommandTest, ScrubbedEnvironmentIsReportedAsRecorderNeverStarted) {
  RunResult result = Run({"run", CliTestData("never-stop-boom.yaml"), "--", "env", "-u",
                          "FLEETBOX_FAKE_RECORD", TestRecorder()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("the recorder never started"));
}

TEST_F(RunCommandTest, EmptyRecordFileIsReportedAsRecorderNeverStarted) {
  RunResult result = Run({"run", CliTestData("never-stop-boom.yaml"), "--", "/bin/sh", "-c",
                          ": > \"$FLEETBOX_FAKE_RECORD\""});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("the recorder never started: is FLEETBOX_FAKE_RECORD "
                                    "passed to the helper? (the record file holds no record)"));
}

TEST_F(RunCommandTest, WriterWithoutSessionRecordsCountsAsStartedWithANote) {
  // The Go reference fake writes no session records; its records alone
  // show it was alive.
  RunResult copied =
      Run({"run", CliTestData("go-reference-solo.yaml"), "--", "/bin/sh", "-c",
           "cp \"$0\" \"$FLEETBOX_FAKE_RECORD\"", CliTestData("go-reference-solo.jsonl")});
  EXPECT_EQ(copied.exit_code, 0) << copied.out << copied.err;
  EXPECT_THAT(copied.err, HasSubstr("witness: note: no session record among 4 records"));
}

TEST_F(RunCommandTest, ScenarioRecordVariableNamesTheExportedVariable) {
  RunResult result = Run({"run", CliTestData("custom-variable.yaml"), "--", TestRecorder(),
                          "--variable", "MY_HELPER_RECORD"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  RunResult wrong = Run({"run", CliTestData("custom-variable.yaml"), "--", TestRecorder()});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_THAT(wrong.err, HasSubstr("is MY_HELPER_RECORD passed to the helper?"));
}

TEST_F(RunCommandTest, RecordingThatBreaksTheScenarioFailsAndKeepsTheRecord) {
  RunResult result = Run({"run", scenario_, "--", TestRecorder(), "--swap-mac"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("witness: scenario 'cluster-of-three' failed: "));
  EXPECT_NE(KeptRecordFile(result.err), "");
}

TEST_F(RunCommandTest, JunitReportIsWrittenEvenWhenNothingWasRecorded) {
  std::string xml = tmp_.File("junit/run.xml");
  RunResult result = Run({"run", scenario_, "--junit", xml, "--", "true"});
  EXPECT_EQ(result.exit_code, 1);
  JunitStructure junit = ReadJunitStructure(xml);
  ASSERT_TRUE(junit.parsed) << junit.error;
  EXPECT_GT(junit.suites.at(0).failure_elements, 0);
}

TEST_F(RunCommandTest, CommandThatCannotBeStartedIsAnInputError) {
  RunResult result = Run({"run", scenario_, "--", "witness-no-such-helper"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err,
            "witness: cannot run 'witness-no-such-helper': no such file or directory\n");
}

TEST_F(RunCommandTest, BadScenarioStopsTheRunBeforeTheCommandStarts) {
  std::string marker = tmp_.File("ran");
  RunResult result =
      Run({"run", CliTestData("bad-key.yaml"), "--", "/bin/sh", "-c", "touch " + marker});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_FALSE(FileExists(marker));
}

TEST_F(RunCommandTest, StreamPassesTheOutputThroughAsItRuns) {
  RunResult result =
      Run({"run", scenario_, "--stream", "--", TestRecorder(), "--print-lines", "3"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("helper output line 2\n"));
}

}  // namespace
}  // namespace witness::cli::testing
