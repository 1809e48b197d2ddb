// `witness run`: a fresh record file exported to the command, which is run
// and then checked. What green proves: the variable reaches a child process,
// a failing or silent command fails the run with the reason a user needs,
// and the record file is kept exactly when the run fails (or --keep).
#include <dirent.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "cli_test_support.h"

namespace witness::cli::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

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

TEST_F(RunCommandTest, RecorderThatNeverStartedIsTheOnlyThingSaid) {
  // The command ran, but its recorder was never told where to write.
  RunResult result = Run({"run", scenario_, "--", "/bin/true"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_THAT(result.out, Not(HasSubstr("  FAIL ")));
  EXPECT_THAT(result.out, HasSubstr("failures follow from it; -v lists them"));
  EXPECT_LE(std::count(result.out.begin(), result.out.end(), '\n'), 7) << result.out;
  // One line on stderr says it, not a verdict and then the cause again.
  EXPECT_EQ(result.err, "witness: the recorder never started: is FLEETBOX_FAKE_RECORD passed to "
                        "the helper? (no record file was created)\n")
      << result.err;
}

TEST_F(RunCommandTest, HoldSeesARecordWrittenAfterTheCommandExited) {
  // The command exits at once; what it started in the background (as a
  // helper may outlive its client) writes a forbidden record half a second
  // later.
  ScratchDir dir;
  const std::string scenario = dir.File("no-crash.yaml");
  WriteTextFile(scenario,
                "scenario: no-crash\nexpect:\n  - {op: create}\n  - {op: crash, count: 0}\n");
  const std::string script =
      "printf '{\"op\":\"create\"}\\n' >> \"$FLEETBOX_FAKE_RECORD\"; "
      "(sleep 0.5; printf '{\"op\":\"crash\"}\\n' >> \"$FLEETBOX_FAKE_RECORD\") "
      ">/dev/null 2>&1 &";
  RunResult held = Run({"run", scenario, "--hold", "5s", "--", "/bin/sh", "-c", script});
  EXPECT_EQ(held.exit_code, 1) << held.out << held.err;
  EXPECT_THAT(held.err, HasSubstr("after the command exited, then stopped holding"));
  EXPECT_THAT(held.out, HasSubstr("FAIL no-crash"));
  // Without --hold, the run ends before the crash: a pass.
  RunResult once = Run({"run", scenario, "--", "/bin/sh", "-c", script});
  EXPECT_EQ(once.exit_code, 0) << once.out << once.err;
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

// A command that records the cluster scenario, then fails the way a client
// whose rollback worked fails: saying so, with status 1.
std::vector<std::string> RollbackCommand(const std::string& say = "rolling back", int status = 1) {
  return {"/bin/sh", "-c", "\"$0\" && echo '" + say + "' >&2; exit " + std::to_string(status),
          TestRecorder()};
}

std::vector<std::string> Join(std::vector<std::string> head, const std::vector<std::string>& tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

TEST_F(RunCommandTest, ExpectedFailurePassesWhenTheExitAndTheOutputMatch) {
  RunResult result =
      Run(Join({"run", scenario_, "--expect-exit", "1", "--expect-output", "rolling back", "--"},
               RollbackCommand()));
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_THAT(result.out, StartsWith("PASS "));
  EXPECT_THAT(result.out, HasSubstr("ok   the command exited with status 1, as expected\n"));
  EXPECT_THAT(result.out, HasSubstr("ok   the command's output contains \"rolling back\"\n"));
  EXPECT_EQ(result.err, "witness: the command exited with status 1, as expected\n");
  EXPECT_THAT(Entries(tmp_.path()), ::testing::IsEmpty());
}

TEST_F(RunCommandTest, ExpectExitNonzeroAcceptsAnyFailingStatus) {
  for (int status : {1, 3, 255}) {
    RunResult result = Run(Join({"run", scenario_, "--expect-exit", "nonzero", "--"},
                                RollbackCommand("rolling back", status)));
    EXPECT_EQ(result.exit_code, 0) << status << result.out << result.err;
    EXPECT_THAT(result.err, HasSubstr("the command exited with status " + std::to_string(status) +
                                      ", as expected"));
  }
}

TEST_F(RunCommandTest, ExpectedFailureThatSucceedsFailsTheRun) {
  RunResult result = Run({"run", scenario_, "--expect-exit", "nonzero", "--", TestRecorder()});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_THAT(result.err, HasSubstr("witness: the command exited with status 0, expected "
                                    "non-zero: "));
  // The scenario held: the verdict blames the command, not the scenario.
  EXPECT_THAT(result.err, Not(HasSubstr("scenario 'cluster-of-three' failed")));
  EXPECT_THAT(result.out, StartsWith("FAIL "));
  EXPECT_THAT(result.out, HasSubstr("FAIL command exits non-zero\n"));
  EXPECT_NE(KeptRecordFile(result.err), "");
}

std::size_t Occurrences(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
    ++count;
  }
  return count;
}

TEST_F(RunCommandTest, ExitOtherThanTheExpectedOneFailsTheRun) {
  RunResult result =
      Run(Join({"run", scenario_, "--expect-exit", "2", "--expect-output", "rolled back", "--"},
               RollbackCommand()));
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_THAT(result.err, HasSubstr("witness: the command exited with status 1, expected "
                                    "status 2: "));
  EXPECT_THAT(result.out, HasSubstr("the command exited with status 1, expected status 2"));
  // Two failures, one output: its tail is shown once on stderr and once in
  // the report, after every verdict line.
  EXPECT_EQ(Occurrences(result.err, "  | rolling back\n"), 1u) << result.err;
  EXPECT_EQ(Occurrences(result.out, "  | rolling back\n"), 1u) << result.out;
  EXPECT_LT(result.err.find("does not contain \"rolled back\""),
            result.err.find("  | rolling back\n"));
}

TEST_F(RunCommandTest, DeathBySignalNeverMatchesAnExpectedExit) {
  RunResult result =
      Run({"run", scenario_, "--expect-exit", "nonzero", "--", TestRecorder(), "--kill-self"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_THAT(result.err, HasSubstr("witness: the command was killed by signal 9 (SIGKILL), "
                                    "expected non-zero: "));
}

TEST_F(RunCommandTest, TimeoutNeverMatchesAnExpectedExit) {
  RunResult result = Run({"run", scenario_, "--expect-exit", "nonzero", "--timeout", "200ms", "--",
                          "/bin/sh", "-c", "trap 'kill $!; exit 1' TERM; sleep 60 & wait"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_THAT(result.err, HasSubstr("when its time was up (timeout 200ms), expected non-zero"));
}

TEST_F(RunCommandTest, MissingOutputFailsTheRunNamingThePatternAndShowingTheTail) {
  RunResult result = Run(Join({"run", scenario_, "--expect-exit", "1", "--expect-output",
                               "rolled back", "--expect-output", "rolling back", "--"},
                              RollbackCommand()));
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_THAT(result.err, HasSubstr("witness: the command exited with status 1, as expected\n"));
  EXPECT_THAT(result.err,
              HasSubstr("witness: the command's output does not contain \"rolled back\"\n"));
  EXPECT_THAT(result.err, Not(HasSubstr("does not contain \"rolling back\"")));
  EXPECT_THAT(result.err, HasSubstr("  | rolling back\n"));
  EXPECT_THAT(result.out, HasSubstr("FAIL command output contains \"rolled back\"\n"));
  EXPECT_THAT(result.out, HasSubstr("ok   the command's output contains \"rolling back\"\n"));
  EXPECT_NE(KeptRecordFile(result.err), "");
}

TEST_F(RunCommandTest, OutputTextIsFoundAcrossLinesAndInStdoutOrStderr) {
  RunResult result =
      Run({"run", scenario_, "--expect-output", "line 2\nhelper output line 3", "--expect-output",
           "helper output line 1\n", "--", TestRecorder(), "--print-lines", "3"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

TEST_F(RunCommandTest, OutputRegexMatchesWithinALine) {
  RunResult found = Run({"run", scenario_, "--expect-output-regex", "^helper output line [0-9]+$",
                         "--", TestRecorder(), "--print-lines", "2"});
  EXPECT_EQ(found.exit_code, 0) << found.out << found.err;
  EXPECT_THAT(found.out, HasSubstr("ok   the command's output matches /^helper output line "
                                   "[0-9]+$/\n"));
  RunResult missed = Run({"run", scenario_, "--expect-output-regex", "line 1.helper", "--",
                          TestRecorder(), "--print-lines", "2"});
  EXPECT_EQ(missed.exit_code, 1) << missed.out << missed.err;
  EXPECT_THAT(missed.err,
              HasSubstr("witness: the command's output does not match /line 1.helper/\n"));
}

TEST_F(RunCommandTest, OutputShownOnAMissIsEscaped) {
  RunResult result = Run({"run", scenario_, "--expect-output", "rolled back", "--", "/bin/sh", "-c",
                          "\"$0\" && printf 'clear\\033[2J\\n'", TestRecorder()});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_THAT(result.err, HasSubstr("  | clear\\x1b[2J\n"));
  EXPECT_THAT(result.err, Not(HasSubstr("\033")));
  EXPECT_THAT(result.out, Not(HasSubstr("\033")));
}

TEST_F(RunCommandTest, EnvReachesTheCommandBesideTheRecordVariable) {
  RunResult result =
      Run({"run", scenario_, "--env", "WITNESS_TEST_GREETING=hello=world", "--env",
           "WITNESS_TEST_EMPTY=", "--expect-output", "greeting hello=world, empty [], record set",
           "--", "/bin/sh", "-c",
           "echo \"greeting $WITNESS_TEST_GREETING, empty [${WITNESS_TEST_EMPTY-unset}], record "
           "${FLEETBOX_FAKE_RECORD:+set}\"; exec \"$0\"",
           TestRecorder()});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

TEST_F(RunCommandTest, EnvCannotReplaceTheRecordVariable) {
  std::string marker = tmp_.File("ran");
  RunResult result = Run({"run", scenario_, "--env", "FLEETBOX_FAKE_RECORD=/tmp/elsewhere", "--",
                          "/bin/sh", "-c", "touch " + marker});
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_THAT(result.err, StartsWith("witness: --env cannot set FLEETBOX_FAKE_RECORD"));
  EXPECT_FALSE(FileExists(marker));
}

TEST_F(RunCommandTest, BadExpectationsAreUsageErrorsBeforeTheCommandRuns) {
  std::string marker = tmp_.File("ran");
  struct Case {
    std::vector<std::string> options;
    std::string reason;
  };
  std::vector<Case> cases = {
      {{"--expect-exit", "256"}, "invalid --expect-exit value '256'"},
      {{"--expect-exit", "-1"}, "invalid --expect-exit value '-1'"},
      {{"--expect-exit", "failure"}, "invalid --expect-exit value 'failure'"},
      {{"--expect-exit", ""}, "invalid --expect-exit value ''"},
      {{"--expect-output-regex", "rolled (back"}, "invalid --expect-output-regex 'rolled (back'"},
      {{"--expect-output", ""}, "--expect-output needs a non-empty TEXT"},
      {{"--env", "NOVALUE"}, "--env needs NAME=VALUE, got 'NOVALUE'"},
      {{"--env", "=value"}, "--env needs a name before '=', got '=value'"},
  };
  for (const Case& c : cases) {
    RunResult result =
        Run(Join(Join({"run", scenario_}, c.options), {"--", "/bin/sh", "-c", "touch " + marker}));
    EXPECT_EQ(result.exit_code, 2) << c.reason << "\n" << result.err;
    EXPECT_THAT(result.err, StartsWith("witness: " + c.reason)) << c.reason;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_FALSE(FileExists(marker)) << c.reason;
  }
}

TEST_F(RunCommandTest, CommandOutcomeIsACheckInTheJsonAndJunitReports) {
  std::string xml = tmp_.File("run.xml");
  RunResult result = Run(Join({"run", scenario_, "--format", "json", "--junit", xml,
                               "--expect-exit", "2", "--expect-output", "rolling back", "--"},
                              RollbackCommand()));
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_THAT(result.out, HasSubstr("\"outcome\": \"fail\""));
  EXPECT_THAT(result.out, HasSubstr("\"kind\": \"command\""));
  EXPECT_THAT(result.out, HasSubstr("\"name\": \"command exits with status 2\""));
  EXPECT_THAT(result.out, HasSubstr("\"finding\": \"the command's output contains \\\"rolling "
                                    "back\\\"\""));
  JunitStructure junit = ReadJunitStructure(xml);
  ASSERT_TRUE(junit.parsed) << junit.error;
  EXPECT_THAT(junit.suites.at(0).failed_cases,
              ::testing::ElementsAre("command exits with status 2"));
}

TEST_F(RunCommandTest, FailingCommandMakesTheReportAFailureToo) {
  // The report must not say PASS for a run that exits 1.
  RunResult result = Run({"run", scenario_, "--", TestRecorder(), "--exit", "3"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.out, StartsWith("FAIL "));
  EXPECT_THAT(result.out, HasSubstr("the command exited with status 3, expected status 0"));
}

TEST_F(RunCommandTest, StreamPassesTheOutputThroughAsItRuns) {
  RunResult result =
      Run({"run", scenario_, "--stream", "--", TestRecorder(), "--print-lines", "3"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("helper output line 2\n"));
}

}  // namespace
}  // namespace witness::cli::testing
