// The `witness` command against damaged recordings and hostile scenarios,
// driven as a separate process the way CI scripts drive it.
//
// What green proves: `witness check` reports every torn record of a
// recording (made deterministically: a helper's write cut short at a file
// size limit, then another helper appending after it) with its location,
// passes without `strict` and fails with exit status 1 under `strict: true`;
// and checking or running a scenario whose values point elsewhere creates
// no file but the requested report. What it does not prove: anything about
// the command the user gives to `witness run`, which runs with the user's
// rights by design.
#include <dirent.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <set>
#include <string>

#include "harness/child_process.h"
#include "harness/temp_dir.h"
#include "witness/recorder/reader.h"

namespace witness::reliability {
namespace {

using ::testing::HasSubstr;

void WriteFile(const std::string& path, const std::string& contents) {
  std::ofstream(path, std::ios::binary) << contents;
}

std::set<std::string> Listing(const std::string& directory) {
  std::set<std::string> names;
  DIR* dir = opendir(directory.c_str());
  if (dir == nullptr) return names;
  while (dirent* entry = readdir(dir)) {
    const std::string name = entry->d_name;
    if (name != "." && name != "..") names.insert(name);
  }
  closedir(dir);
  return names;
}

ChildResult Witness(const std::vector<std::string>& args, const std::string& cwd = "") {
  std::vector<std::string> argv{WITNESS_CLI};
  argv.insert(argv.end(), args.begin(), args.end());
  ChildOptions options;
  options.cwd = cwd;
  options.set_env = {{"NO_COLOR", "1"}};
  return RunChild(argv, options);
}

// A recording with exactly one torn record in the middle of a line: a
// helper whose last write is cut short by a file size limit, then a second
// helper whose first record follows the torn bytes on the same line.
std::string MakeTornRecording(const TempDir& dir) {
  const std::string path = dir.File("torn.jsonl");
  ChildOptions options;
  options.set_env = {{"FLEETBOX_FAKE_RECORD", path}};
  ChildResult first = RunChild(
      {WITNESS_RELIABILITY_TOOL, "backend", "--members", "50", "--file-size-limit", "3000"},
      options);
  EXPECT_TRUE(first.Exited(1)) << DescribeStatus(first.status) << first.err;
  ChildResult second = RunChild({WITNESS_RELIABILITY_TOOL, "backend", "--members", "1"}, options);
  EXPECT_TRUE(second.Exited(0)) << DescribeStatus(second.status) << second.err;
  return path;
}

constexpr char kScenario[] = R"(scenario: torn
expect:
  - op: reserve
    count: {min: 1}
  - op: close
    count: 1
strict: STRICT
)";

std::string Scenario(const TempDir& dir, bool strict) {
  std::string text = kScenario;
  text.replace(text.find("STRICT"), 6, strict ? "true" : "false");
  const std::string path = dir.File(strict ? "strict.yaml" : "lax.yaml");
  WriteFile(path, text);
  return path;
}

TEST(WitnessCommandTest, CheckReportsEachTornRecordAndFailsOnlyUnderStrict) {
  TempDir dir;
  const std::string recording = MakeTornRecording(dir);
  recorder::Recording read = recorder::ReadRecordFile(recording);
  ASSERT_EQ(read.diagnostics.size(), 1u);
  ASSERT_EQ(read.diagnostics[0].kind, recorder::DiagnosticKind::kTornRecord);
  const std::string where = recording + ":" + std::to_string(read.diagnostics[0].where.line) + ":";

  ChildResult lax = Witness({"check", Scenario(dir, false), recording});
  EXPECT_TRUE(lax.Exited(0)) << DescribeStatus(lax.status) << "\n" << lax.out << lax.err;
  EXPECT_THAT(lax.out, HasSubstr("1 bad line"));
  EXPECT_THAT(lax.out, HasSubstr(where));
  EXPECT_THAT(lax.out, HasSubstr("torn record"));

  ChildResult strict = Witness({"check", Scenario(dir, true), recording});
  EXPECT_TRUE(strict.Exited(1)) << DescribeStatus(strict.status) << "\n" << strict.out;
  EXPECT_THAT(strict.out, HasSubstr("1 bad line"));
  EXPECT_THAT(strict.out, HasSubstr(where));
  EXPECT_THAT(strict.out, HasSubstr("torn record"));
}

TEST(WitnessCommandTest, CheckWritesNothingButTheRequestedReport) {
  TempDir dir;
  TempDir elsewhere;
  ASSERT_EQ(chmod(dir.path().c_str(), 0755), 0);
  const std::string recording = MakeTornRecording(dir);
  // Values that would name files if anything treated them as paths.
  const std::string scenario = dir.File("paths.yaml");
  WriteFile(scenario, "scenario: ../../" + elsewhere.path() +
                          "/escape\n"
                          "description: " +
                          elsewhere.path() +
                          "/description\n"
                          "expect:\n"
                          "  - op: create\n"
                          "    disk_path: {file: exists}\n"
                          "    name: " +
                          elsewhere.path() +
                          "/name\n"
                          "    count: 0\n");
  const std::set<std::string> before = Listing(dir.path());

  ChildResult result = Witness({"check", scenario, recording, "--format", "junit", "--output",
                                dir.File("report.xml"), "--annotate"},
                               dir.path());

  EXPECT_TRUE(result.Exited(0) || result.Exited(1)) << DescribeStatus(result.status) << result.err;
  std::set<std::string> expected = before;
  expected.insert("report.xml");
  EXPECT_EQ(Listing(dir.path()), expected);
  EXPECT_TRUE(Listing(elsewhere.path()).empty());
}

// Found by review (docs/reliability.md): were `record_variable` to accept
// any name, a scenario could have `witness run` hand the record file to the
// command as BASH_ENV (or LD_PRELOAD, ENV, ...): every bash the command
// starts would run the record file as shell, and a record value holding
// $(...) would run as a command.
TEST(WitnessCommandTest, ScenarioCannotHandTheRecordFileToAShellAsItsStartupFile) {
  TempDir dir;
  const std::string marker = dir.File("ran");
  const std::string scenario = dir.File("bash-env.yaml");
  WriteFile(scenario,
            "scenario: bash-env\nrecord_variable: BASH_ENV\n"
            "expect:\n  - op: create\n    count: {min: 0}\n");
  const std::string helper = dir.File("helper.sh");
  WriteFile(helper,
            "#!/bin/bash\n"
            "printf '%s\\n' '{\"op\":\"create\",\"name\":\"$(touch " +
                marker +
                ")\"}' >> \"$BASH_ENV\"\n"
                "bash -c true\n");
  ASSERT_EQ(chmod(helper.c_str(), 0755), 0);

  ChildResult result = Witness({"run", scenario, "--", helper});

  EXPECT_TRUE(result.Exited(2)) << "a scenario may not choose BASH_ENV: "
                                << DescribeStatus(result.status) << result.out;
  struct stat st {};
  EXPECT_NE(stat(marker.c_str(), &st), 0) << "a record value ran as a shell command";
}

}  // namespace
}  // namespace witness::reliability
