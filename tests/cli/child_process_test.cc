#include "witness/cli/child_process.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

namespace witness::cli {
namespace {

using ::testing::HasSubstr;

ChildResult RunShell(const std::string& script, std::size_t tail_lines = 20) {
  ChildOptions options;
  options.argv = {"/bin/sh", "-c", script};
  options.tail_lines = tail_lines;
  return RunChildProcess(options);
}

TEST(ChildProcessTest, ReportsTheExitStatus) {
  ChildResult result = RunShell("exit 3");
  EXPECT_TRUE(result.exited);
  EXPECT_EQ(result.exit_status, 3);
  EXPECT_FALSE(result.Succeeded());
  EXPECT_EQ(result.Describe(), "exited with status 3");
  EXPECT_TRUE(RunShell("true").Succeeded());
}

TEST(ChildProcessTest, ReportsTheSignalThatEndedIt) {
  ChildResult result = RunShell("kill -KILL $$");
  EXPECT_FALSE(result.exited);
  EXPECT_EQ(result.signal, SIGKILL);
  EXPECT_EQ(result.Describe(), "killed by signal 9 (SIGKILL)");
}

TEST(ChildProcessTest, KeepsTheLastLinesOfStdoutAndStderrInterleaved) {
  ChildResult result = RunShell("for i in 1 2 3 4 5 6; do echo out $i; echo err $i >&2; done", 3);
  EXPECT_EQ(result.tail, "err 5\nout 6\nerr 6\n");
  EXPECT_EQ(result.output_bytes, 12u * 6u);
}

TEST(ChildProcessTest, KeepsAFinalLineWithoutNewline) {
  EXPECT_EQ(RunShell("printf 'a\\nb\\nno newline'", 2).tail, "b\nno newline");
}

TEST(ChildProcessTest, StreamsOutputToTheCallback) {
  ChildOptions options;
  options.argv = {"/bin/sh", "-c", "echo one; echo two"};
  std::string seen;
  options.on_output = [&seen](std::string_view chunk) { seen.append(chunk); };
  RunChildProcess(options);
  EXPECT_EQ(seen, "one\ntwo\n");
}

TEST(ChildProcessTest, ExportsTheGivenEnvironmentOverTheInheritedOne) {
  setenv("WITNESS_CHILD_TEST_VAR", "inherited", 1);
  ChildOptions options;
  options.argv = {"/bin/sh", "-c", "echo \"$WITNESS_CHILD_TEST_VAR $FLEETBOX_FAKE_RECORD\""};
  options.environment = {{"FLEETBOX_FAKE_RECORD", "/tmp/x/record.jsonl"},
                         {"WITNESS_CHILD_TEST_VAR", "replaced"}};
  EXPECT_EQ(RunChildProcess(options).tail, "replaced /tmp/x/record.jsonl\n");
  unsetenv("WITNESS_CHILD_TEST_VAR");
}

TEST(ChildProcessTest, ACommandThatCannotBeExecutedThrows) {
  ChildOptions options;
  options.argv = {"witness-no-such-command-anywhere"};
  try {
    RunChildProcess(options);
    FAIL() << "no error";
  } catch (const ChildProcessError& e) {
    EXPECT_STREQ(e.what(),
                 "cannot run 'witness-no-such-command-anywhere': no such file or directory");
  }
  options.argv = {};
  EXPECT_THROW(RunChildProcess(options), ChildProcessError);
}

TEST(ChildProcessTest, ACommandStillRunningWhenItsTimeIsUpIsTerminated) {
  ChildOptions options;
  options.argv = {"/bin/sh", "-c", "echo started; exec sleep 60"};
  options.timeout = std::chrono::milliseconds(200);
  ChildResult result = RunChildProcess(options);
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.signal, SIGTERM);
  EXPECT_FALSE(result.Succeeded());
  EXPECT_THAT(result.Describe(), HasSubstr("SIGTERM"));
  EXPECT_THAT(result.Describe(), HasSubstr("when its time was up"));
  EXPECT_EQ(result.tail, "started\n");
}

TEST(ChildProcessTest, ACommandThatIgnoresSigtermIsKilled) {
  ChildOptions options;
  options.argv = {"/bin/sh", "-c", "trap '' TERM; while :; do sleep 1; done"};
  options.timeout = std::chrono::milliseconds(100);
  options.kill_grace = std::chrono::milliseconds(100);
  ChildResult result = RunChildProcess(options);
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.signal, SIGKILL);
}

TEST(ChildProcessTest, DoesNotWaitForABackgroundProcessHoldingTheOutputOpen) {
  // The shell exits at once; its background sleep keeps the pipe open.
  ChildResult result = RunShell("sleep 30 & echo done");
  EXPECT_TRUE(result.Succeeded());
  EXPECT_EQ(result.tail, "done\n");
}

TEST(ChildProcessTest, NamesSignals) {
  EXPECT_EQ(SignalName(SIGTERM), "SIGTERM");
  EXPECT_EQ(SignalName(SIGSEGV), "SIGSEGV");
}

}  // namespace
}  // namespace witness::cli
