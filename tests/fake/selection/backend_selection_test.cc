// Compile-time isolation: one helper source built twice by
// witness_select_backend(), once normally (linking a "real" backend that
// finds no hypervisor) and once with FAKE ON. The test inspects both
// binaries' symbols and strings, and runs both as separate processes.
//
// Green proves: the normal build's binary contains no code from
// witness::fake (no witness::fake symbol, not even the MAC salt string), the
// fake build's does, and the same source behaves as the selected backend
// dictates when run as its own process with the FLEETBOX_FAKE_* variables.
// It does not prove that every other target of a build is free of the fake:
// each helper built with the switch needs its own check (the fake's header
// refuses to compile in a normal build, which covers accidental includes).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../fake_test_support.h"

extern char** environ;

namespace witness {
namespace {

using fake_test::CallFields;
using fake_test::TempDir;
using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `argv` with this process's environment minus FLEETBOX_* plus
// `extra_env`, capturing stdout and stderr through files in `dir`.
ProcessResult RunProcess(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env,
               const TempDir& dir) {
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::string(*e).rfind("FLEETBOX_", 0) != 0) env_strings.emplace_back(*e);
  }
  env_strings.insert(env_strings.end(), extra_env.begin(), extra_env.end());
  std::vector<char*> envp;
  for (std::string& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = argv;
  std::vector<char*> argp;
  for (std::string& s : args) argp.push_back(s.data());
  argp.push_back(nullptr);

  const std::string out_path = dir.File("stdout");
  const std::string err_path = dir.File("stderr");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  pid_t pid = 0;
  ProcessResult run;
  const int spawn_error =
      posix_spawn(&pid, argp[0], &actions, nullptr, argp.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (spawn_error != 0) {
    ADD_FAILURE() << "cannot run " << argv[0] << ": error " << spawn_error;
    return run;
  }
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) {
    ADD_FAILURE() << "waitpid failed for " << argv[0];
    return run;
  }
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  run.out = ReadFile(out_path);
  run.err = ReadFile(err_path);
  return run;
}

// The demangled symbol table of `binary`, one symbol a line.
std::string Symbols(const std::string& binary) {
  TempDir dir;
  ProcessResult run = RunProcess({WITNESS_NM, "-C", binary}, {}, dir);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_FALSE(run.out.empty()) << "nm listed no symbols for " << binary;
  return run.out;
}

// Whether the bytes of `binary` hold `text`. Said as a bool so a failure
// names the binary and the text instead of printing the binary.
bool BinaryHolds(const std::string& binary, const std::string& text) {
  return ReadFile(binary).find(text) != std::string::npos;
}

// A string only the fake reads. (The MAC salt is not one to look for: an
// optimising build stores a short constant as immediates, not as bytes.)
constexpr const char* kFakeOnlyText = "FLEETBOX_FAKE_FAIL_CREATE";

TEST(BackendSelectionTest, NormalBuildContainsNoFakeCode) {
  const std::string symbols = Symbols(WITNESS_NORMAL_HELPER);
  // The real backend is there, which shows the listing is meaningful.
  EXPECT_THAT(symbols, HasSubstr("witness::selection_test::NoHypervisorBackend"));
  EXPECT_THAT(symbols, Not(HasSubstr("witness::fake")));
  EXPECT_THAT(symbols, Not(HasSubstr("FakeBackend")));
  EXPECT_FALSE(BinaryHolds(WITNESS_NORMAL_HELPER, kFakeOnlyText))
      << WITNESS_NORMAL_HELPER << " holds the fake's text " << kFakeOnlyText;
}

TEST(BackendSelectionTest, FakeBuildContainsTheFake) {
  const std::string symbols = Symbols(WITNESS_FAKE_HELPER);
  EXPECT_THAT(symbols, HasSubstr("witness::fake::FakeBackend::Create"));
  EXPECT_THAT(symbols, HasSubstr("witness::fake::MacForMember"));
  EXPECT_THAT(symbols, Not(HasSubstr("NoHypervisorBackend")));
  EXPECT_TRUE(BinaryHolds(WITNESS_FAKE_HELPER, kFakeOnlyText))
      << WITNESS_FAKE_HELPER << " does not hold the fake's text " << kFakeOnlyText;
}

TEST(BackendSelectionTest, NormalHelperUsesItsRealBackend) {
  TempDir dir;
  ProcessResult run = RunProcess({WITNESS_NORMAL_HELPER, "solo"},
                       {"FLEETBOX_FAKE_RECORD=" + dir.File("record.jsonl")}, dir);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("no hypervisor"));
  // The variable means nothing to a normal build: no record file appears.
  EXPECT_NE(access(dir.File("record.jsonl").c_str(), F_OK), 0);
}

TEST(BackendSelectionTest, FakeHelperRecordsThroughTheFake) {
  TempDir dir;
  ProcessResult run = RunProcess({WITNESS_FAKE_HELPER, "db-1"},
                       {"FLEETBOX_FAKE_RECORD=" + dir.File("record.jsonl")}, dir);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "db-1 4e:d4:2f:98:bb:9e 203.0.113.1\n");
  EXPECT_EQ(CallFields(dir.File("record.jsonl")),
            (std::vector<json>{
                {{"op", "reserve"}, {"name", "db-1"}, {"mac", "4e:d4:2f:98:bb:9e"}},
                {{"op", "create"},
                 {"name", "db-1"},
                 {"disk_path", "/var/lib/helper/db-1/disk.raw"},
                 {"mac", "4e:d4:2f:98:bb:9e"}},
                {{"op", "start"}, {"name", "db-1"}},
                {{"op", "stop"}, {"name", "db-1"}},
                {{"op", "close"}},
            }));
}

TEST(BackendSelectionTest, FakeHelperFailsTheArmedMember) {
  TempDir dir;
  ProcessResult run = RunProcess({WITNESS_FAKE_HELPER, "db-2"},
                       {"FLEETBOX_FAKE_RECORD=" + dir.File("record.jsonl"),
                        "FLEETBOX_FAKE_FAIL_CREATE=db-1,db-2"},
                       dir);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("create 'db-2'"));
  std::vector<json> calls = CallFields(dir.File("record.jsonl"));
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[1]["op"], "create");
  EXPECT_TRUE(calls[1].contains("error"));
}

TEST(BackendSelectionTest, FakeHelperFailsWhenItsRecordCannotBeWritten) {
  TempDir dir;
  const std::string path = dir.File("no-such-dir/record.jsonl");
  ProcessResult run = RunProcess({WITNESS_FAKE_HELPER, "solo"}, {"FLEETBOX_FAKE_RECORD=" + path}, dir);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr(path));
}

}  // namespace
}  // namespace witness
