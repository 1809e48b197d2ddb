// `witness review`: pending scenario updates (*.yaml.new) shown as a change
// of meaning and a text diff, accepted byte for byte or rejected, from the
// checkout or from a CI artifact; `--check` lists pending updates and
// scenarios no CTest test names; at a terminal it asks for each update.
//
// The terminal tests run the binary under a pseudo-terminal: they prove it
// reads its answers from the terminal and acts on each, not how a person's
// terminal renders the prompt.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include "cli_test_support.h"
#include "witness/recorder/printable.h"

namespace witness::cli::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kScenario[] = R"(scenario: fleet
members: [web-1]
per_member:
  expect:
    - {id: reserve, op: reserve, name: "${member}", mac: {glob: "02:*"}}
    - {id: stop, op: stop, name: "${member}"}
  order: [reserve, stop]
expect:
  - {op: create, name: web-1, disk_path: /a/web-1/disk.raw}
  - {id: start, op: start}
strict: false
)";

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

class ReviewCommandTest : public ::testing::Test {
 protected:
  // fleet.yaml and its pending version in the scratch folder.
  void WritePair(const std::string& pending) {
    WriteTextFile(Scenario(), kScenario);
    WriteTextFile(Pending(), pending);
  }
  std::string Scenario() const { return dir_.File("fleet.yaml"); }
  std::string Pending() const { return dir_.File("fleet.yaml.new"); }

  ScratchDir dir_;
};

TEST_F(ReviewCommandTest, DiffOnlyShowsAChangedValueInMeaningAndTextAndChangesNothing) {
  const std::string pending = Replace(kScenario, "/a/web-1/", "/b/web-1/");
  WritePair(pending);
  RunResult result = RunWitness({"review", "--diff-only", dir_.path()});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_THAT(result.out, HasSubstr("== " + Scenario() + " (pending: " + Pending() + ")\n"));
  EXPECT_THAT(result.out,
              HasSubstr("meaning:\n  create [web-1]: disk_path '/a/web-1/disk.raw' -> "
                        "'/b/web-1/disk.raw'\ntext:\n"));
  EXPECT_THAT(result.out, HasSubstr("--- " + Scenario() + "\n+++ " + Pending() + "\n@@ -6,6 +6,6 @@\n"));
  EXPECT_THAT(result.out,
              HasSubstr("-  - {op: create, name: web-1, disk_path: /a/web-1/disk.raw}\n"
                        "+  - {op: create, name: web-1, disk_path: /b/web-1/disk.raw}\n"));
  EXPECT_THAT(result.err, HasSubstr("witness: 1 pending scenario update left"));
  EXPECT_EQ(ReadTextFile(Scenario()), kScenario);
  EXPECT_EQ(ReadTextFile(Pending()), pending);
}

TEST_F(ReviewCommandTest, DiffOnlyShowsCountsExpectationsAndMatchersByName) {
  std::string pending = Replace(kScenario, "{id: start, op: start}", "{id: start, op: start, count: 2}");
  pending = Replace(pending, "mac: {glob: \"02:*\"}", "mac: '02:5a:00:00:00:01'");
  pending = Replace(pending, "    - {id: stop, op: stop, name: \"${member}\"}\n",
                    "    - {id: pause, op: pause, name: \"${member}\", count: 3}\n");
  pending = Replace(pending, "order: [reserve, stop]", "order: [reserve, pause]");
  WritePair(pending);
  RunResult result = RunWitness({"review", "--diff-only", Scenario()});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_THAT(result.out,
              HasSubstr("meaning:\n"
                        "  per_member reserve: mac {glob: '02:*'} -> '02:5a:00:00:00:01'\n"
                        "  per_member new expectation 'pause' count 3: {op: 'pause', name: "
                        "'${member}'}\n"
                        "  per_member expectation 'stop' removed\n"
                        "  per_member order reserve -> stop changed to reserve -> pause\n"
                        "  start: count 1 -> 2\n"
                        "text:\n"));
}

TEST_F(ReviewCommandTest, AcceptReplacesTheScenarioByteForByte) {
  // Comments, odd spacing and no final newline: kept exactly.
  const std::string pending =
      Replace(kScenario, "strict: false\n", "# reviewed\nstrict:   true   # now strict");
  WritePair(pending);
  RunResult result = RunWitness({"review", "--accept", dir_.path()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("  strict false -> true\n"));
  EXPECT_THAT(result.out, HasSubstr("accepted: " + Scenario() + " replaced by " + Pending()));
  EXPECT_EQ(ReadTextFile(Scenario()), pending);
  EXPECT_FALSE(FileExists(Pending()));
  EXPECT_EQ(result.err, "");
}

TEST_F(ReviewCommandTest, RejectDeletesThePendingFileOnly) {
  WritePair(Replace(kScenario, "strict: false", "strict: true"));
  RunResult result = RunWitness({"review", "--reject", dir_.path()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("rejected: " + Pending() + " removed"));
  EXPECT_EQ(ReadTextFile(Scenario()), kScenario);
  EXPECT_FALSE(FileExists(Pending()));
}

TEST_F(ReviewCommandTest, NothingPendingIsExitZero) {
  WriteTextFile(Scenario(), kScenario);
  RunResult result = RunWitness({"review", "--accept", dir_.path()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "no pending scenario updates\n");
}

TEST_F(ReviewCommandTest, SearchesFoldersRecursivelyAndANewScenarioIsOffered) {
  ASSERT_EQ(mkdir(dir_.File("nested").c_str(), 0700), 0);
  const std::string fresh = "scenario: fresh\nexpect: [{op: close}]\n";
  WriteTextFile(dir_.File("nested/fresh.yaml.new"), fresh);
  RunResult result = RunWitness({"review", "--accept", dir_.path()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("(new scenario; pending: "));
  EXPECT_THAT(result.out, HasSubstr("  new expectation 'close' count 1: {op: 'close'}\n"));
  EXPECT_EQ(ReadTextFile(dir_.File("nested/fresh.yaml")), fresh);
}

TEST_F(ReviewCommandTest, InvalidPendingFileIsRefusedWithItsPosition) {
  const std::string pending = Replace(kScenario, "strict: false", "strictly: false");
  WritePair(pending);
  RunResult result = RunWitness({"review", "--accept", dir_.path()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("witness: " + Pending() + ":11:1: "));
  EXPECT_THAT(result.err, HasSubstr("strictly"));
  EXPECT_THAT(result.out, HasSubstr("refused: not a valid scenario: " + Pending() + ":11:1: "));
  EXPECT_THAT(result.out, Not(HasSubstr("accepted")));
  EXPECT_EQ(ReadTextFile(Scenario()), kScenario);
  EXPECT_EQ(ReadTextFile(Pending()), pending);
}

TEST_F(ReviewCommandTest, UnsetEnvironmentVariablesDoNotMakeAPendingFileInvalid) {
  // Written on another machine: its ${env:...} is not set here.
  const std::string pending =
      Replace(kScenario, "/a/web-1/disk.raw", "\"${env:WITNESS_REVIEW_TEST_UNSET}/web-1/disk.raw\"");
  WritePair(pending);
  RunResult result = RunWitness({"review", "--accept", dir_.path()});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(ReadTextFile(Scenario()), pending);
}

TEST_F(ReviewCommandTest, ValuesFromTheFilesReachTheTerminalEscaped) {
  // The loader refuses control characters in a pending file, so they come
  // from the current scenario (an escape in a value, raw bytes in a comment:
  // a terminal title sequence) and from the file names.
  const std::string hostile =
      Replace(kScenario, "disk_path: /a/web-1/disk.raw", "disk_path: \"/a/\\e[2J\\x9b\"") +
      "# \x1b]0;owned\x07\n";
  const std::string name = dir_.File("evil\x1b[2J");
  WriteTextFile(name + ".yaml", hostile);
  WriteTextFile(name + ".yaml.new", kScenario);
  RunResult result = RunWitness({"review", "--diff-only", dir_.path()});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_EQ(recorder::FindTerminalControl(result.out), std::string::npos)
      << recorder::Printable(result.out);
  EXPECT_EQ(recorder::FindTerminalControl(result.err), std::string::npos)
      << recorder::Printable(result.err);
  EXPECT_THAT(result.out, HasSubstr("== " + dir_.File("evil\\x1b[2J.yaml") + " (pending: "));
  // The meaning is not compared: the value is refused by the YAML guard.
  EXPECT_THAT(result.out, HasSubstr(":9:42: control character U+001B in scenario text\n"));
  EXPECT_THAT(result.out, HasSubstr("\n-# \\x1b]0;owned\\x07\n"));
}

TEST_F(ReviewCommandTest, FromAppliesAMirroredArtifactToTheCheckout) {
  const std::string checkout = dir_.File("checkout");
  const std::string artifact = dir_.File("artifact");
  ASSERT_EQ(mkdir(checkout.c_str(), 0700), 0);
  ASSERT_EQ(mkdir((checkout + "/scenarios").c_str(), 0700), 0);
  ASSERT_EQ(mkdir(artifact.c_str(), 0700), 0);
  ASSERT_EQ(mkdir((artifact + "/scenarios").c_str(), 0700), 0);
  const std::string pending = Replace(kScenario, "strict: false", "strict: true");
  WriteTextFile(checkout + "/scenarios/fleet.yaml", kScenario);
  WriteTextFile(artifact + "/scenarios/fleet.yaml.new", pending);

  RunResult shown = RunWitness({"review", "--from", artifact, "--root", checkout, "--diff-only"});
  EXPECT_EQ(shown.exit_code, 1) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr("== " + checkout + "/scenarios/fleet.yaml (pending: " +
                                   artifact + "/scenarios/fleet.yaml.new)\n"));
  EXPECT_THAT(shown.out, HasSubstr("  strict false -> true\n"));

  RunResult accepted = RunWitness({"review", "--from", artifact, "--root", checkout, "--accept"});
  EXPECT_EQ(accepted.exit_code, 0) << accepted.err;
  EXPECT_EQ(ReadTextFile(checkout + "/scenarios/fleet.yaml"), pending);
  EXPECT_FALSE(FileExists(artifact + "/scenarios/fleet.yaml.new"));
}

TEST_F(ReviewCommandTest, ModesExcludeEachOtherAndMissingPathsAreInputErrors) {
  RunResult both = RunWitness({"review", "--accept", "--reject", dir_.path()});
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_THAT(both.err, HasSubstr("one of --accept, --reject, --diff-only, --check"));
  RunResult missing = RunWitness({"review", "--diff-only", dir_.File("nowhere")});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("no such file or folder"));
}

TEST_F(ReviewCommandTest, WithoutATerminalOrAModeItOnlyShows) {
  const std::string pending = Replace(kScenario, "strict: false", "strict: true");
  WritePair(pending);
  RunResult result = RunWitness({"review", dir_.path()});  // stdin is /dev/null
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_THAT(result.out, Not(HasSubstr("accept / reject")));
  EXPECT_EQ(ReadTextFile(Pending()), pending);
}

// --check, against a build folder whose CTestTestfile.cmake is written here
// as CMake writes one: what `ctest --show-only=json-v1` lists is what counts.
class ReviewCheckTest : public ReviewCommandTest {
 protected:
  void SetUp() override {
    if (std::system("ctest --version > /dev/null 2>&1") != 0) {
      GTEST_SKIP() << "no ctest on PATH to list a build folder's tests";
    }
    ASSERT_EQ(mkdir(dir_.File("scenarios").c_str(), 0700), 0);
    ASSERT_EQ(mkdir(dir_.File("scenarios/sub").c_str(), 0700), 0);
    ASSERT_EQ(mkdir(dir_.File("build").c_str(), 0700), 0);
    WriteTextFile(dir_.File("scenarios/used.yaml"), kScenario);
    WriteTextFile(dir_.File("scenarios/sub/relative.yaml"), kScenario);
    WriteTextFile(dir_.File("scenarios/ci.yaml"), "jobs: {}\n");  // YAML, not a scenario
  }
  void WriteTests(const std::string& extra) {
    WriteTextFile(dir_.File("build/CTestTestfile.cmake"),
                  "add_test(used \"/bin/true\" \"run\" \"" + dir_.File("scenarios/used.yaml") +
                      "\")\n"
                      "add_test(relative \"/bin/true\" \"--scenario=sub/relative.yaml\")\n"
                      "set_tests_properties(relative PROPERTIES WORKING_DIRECTORY \"" +
                      dir_.File("scenarios") + "\")\n" + extra);
  }
};

TEST_F(ReviewCheckTest, FindsAStaleScenarioAndAPendingFile) {
  WriteTests("");
  WriteTextFile(dir_.File("scenarios/stale.yaml"), kScenario);
  WriteTextFile(dir_.File("scenarios/used.yaml.new"), kScenario);
  RunResult result = RunWitness(
      {"review", "--check", dir_.File("scenarios"), "--ctest-dir", dir_.File("build")});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_EQ(result.out, "pending: " + dir_.File("scenarios/used.yaml.new") + " (update of " +
                            dir_.File("scenarios/used.yaml") + ")\nstale: " +
                            dir_.File("scenarios/stale.yaml") + " (no test of '" +
                            dir_.File("build") + "' names it)\n");
  EXPECT_THAT(result.err, HasSubstr("witness: 1 pending scenario update, 1 stale scenario"));
}

TEST_F(ReviewCheckTest, EveryScenarioUsedAndNothingPendingIsExitZero) {
  WriteTests("");
  RunResult result = RunWitness(
      {"review", "--check", dir_.File("scenarios"), "--ctest-dir", dir_.File("build")});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(result.out, "");
}

TEST_F(ReviewCheckTest, AFolderWithoutTestsIsAnInputError) {
  RunResult result = RunWitness(
      {"review", "--check", dir_.File("scenarios"), "--ctest-dir", dir_.File("scenarios")});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("it is not a build folder with CTest tests"));
}

TEST_F(ReviewCheckTest, BrokenTestListIsAnInputErrorWithCtestsReason) {
  WriteTextFile(dir_.File("build/CTestTestfile.cmake"), "add_test(\n");
  RunResult result = RunWitness(
      {"review", "--check", dir_.File("scenarios"), "--ctest-dir", dir_.File("build")});
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_THAT(result.err, HasSubstr("cannot list the tests of '" + dir_.File("build") + "'"));
}

// Runs `witness review DIR` under a pseudo-terminal, answering each prompt
// with the next of `answers`; returns everything the terminal showed and
// the exit code.
struct TerminalSession {
  std::string screen;
  int exit_code = -1;
};

TerminalSession ReviewAtATerminal(const std::string& dir, const std::vector<std::string>& answers) {
  TerminalSession session;
  int master = -1;
  const pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
  if (pid < 0) return session;
  if (pid == 0) {
    setenv("NO_COLOR", "1", 1);
    const std::string binary = WitnessBinary();
    execl(binary.c_str(), binary.c_str(), "review", dir.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  std::size_t answered = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  for (;;) {
    pollfd fd{master, POLLIN, 0};
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      break;
    }
    if (poll(&fd, 1, 200) <= 0) continue;
    char buffer[4096];
    const ssize_t n = read(master, buffer, sizeof(buffer));
    if (n <= 0) break;  // EIO: the child closed the terminal
    session.screen.append(buffer, static_cast<std::size_t>(n));
    // Each prompt is answered once it is on the screen.
    const std::string prompt = "accept / reject / skip / quit? ";
    if (answered < answers.size() && CountOccurrences(session.screen, prompt) > answered) {
      const std::string line = answers[answered++] + "\n";
      if (write(master, line.data(), line.size()) < 0) break;
    }
  }
  close(master);
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status)) session.exit_code = WEXITSTATUS(status);
  return session;
}

TEST_F(ReviewCommandTest, AtATerminalItAsksAndActsOnEachAnswer) {
  int probe = -1;
  int probe_slave = -1;
  if (openpty(&probe, &probe_slave, nullptr, nullptr, nullptr) != 0) {
    GTEST_SKIP() << "no pseudo-terminal available to run the interactive review in";
  }
  close(probe);
  close(probe_slave);
  const std::string a_new = Replace(kScenario, "strict: false", "strict: true");
  const std::string b_new = Replace(kScenario, "{id: start, op: start}", "{id: start, op: start, count: 2}");
  WriteTextFile(dir_.File("a.yaml"), kScenario);
  WriteTextFile(dir_.File("a.yaml.new"), a_new);
  WriteTextFile(dir_.File("b.yaml"), kScenario);
  WriteTextFile(dir_.File("b.yaml.new"), b_new);
  WriteTextFile(dir_.File("c.yaml"), kScenario);
  WriteTextFile(dir_.File("c.yaml.new"), a_new);

  // An answer it does not know is asked again; then a, r, and s for c.
  const TerminalSession session = ReviewAtATerminal(dir_.path(), {"maybe", "a", "r", "s"});
  EXPECT_EQ(session.exit_code, 1) << recorder::Printable(session.screen);
  EXPECT_THAT(session.screen, HasSubstr("answer a(ccept), r(eject), s(kip) or q(uit)"));
  EXPECT_THAT(session.screen, HasSubstr("strict false -> true"));
  EXPECT_EQ(ReadTextFile(dir_.File("a.yaml")), a_new);
  EXPECT_FALSE(FileExists(dir_.File("a.yaml.new")));
  EXPECT_EQ(ReadTextFile(dir_.File("b.yaml")), kScenario);
  EXPECT_FALSE(FileExists(dir_.File("b.yaml.new")));
  EXPECT_EQ(ReadTextFile(dir_.File("c.yaml")), kScenario);  // skipped: still pending
  EXPECT_TRUE(FileExists(dir_.File("c.yaml.new")));

  // quit leaves the rest pending.
  const TerminalSession quit = ReviewAtATerminal(dir_.path(), {"q"});
  EXPECT_EQ(quit.exit_code, 1) << recorder::Printable(quit.screen);
  EXPECT_TRUE(FileExists(dir_.File("c.yaml.new")));
}

}  // namespace
}  // namespace witness::cli::testing
