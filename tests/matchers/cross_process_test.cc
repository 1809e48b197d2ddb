// The matchers used the way a project's own tests use them: spawn a real
// helper process (fork + exec of fake_helper_child, built against the fake
// backend), let it record into FLEETBOX_FAKE_RECORD, then assert on the file.
//
// What green proves: records written by another process, through the fake
// and the recorder's writer, read back with ReadRecords, satisfy the same
// checks a scenario states (fields, threading of the MAC, uniqueness, per-
// member order, "never"), and a recorder that never started fails the
// "never" instead of passing it. What it does not prove: anything about a
// real hypervisor, or about concurrent writers from several processes (the
// recorder's own tests cover those).
#include <fcntl.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "temp_dir.h"
#include "witness/matchers.h"

extern char** environ;

namespace witness {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;
using ::testing::StartsWith;
using testing_support::TempDir;
using namespace std::chrono_literals;

// Starts the helper with this process's environment, minus the fake's
// variables, plus `env`. Returns its pid.
pid_t Spawn(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
  std::vector<std::string> environment;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    if (entry.rfind("FLEETBOX_FAKE_", 0) == 0) continue;
    environment.push_back(entry);
  }
  for (const auto& [name, value] : env) environment.push_back(name + "=" + value);
  std::vector<char*> argv;
  std::vector<char*> envp;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const std::string& e : environment) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(std::string("cannot fork: ") + std::strerror(errno));
  if (pid == 0) {
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  return pid;
}

// The helper's exit status, or -1 when a signal ended it.
int Reap(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class CrossProcessTest : public ::testing::Test {
 protected:
  int RunHelper(const std::vector<std::string>& members, std::map<std::string, std::string> env) {
    std::vector<std::string> args = {kHelper, home_};
    args.insert(args.end(), members.begin(), members.end());
    helper_pid_ = Spawn(args, env);
    return Reap(helper_pid_);
  }

  static constexpr const char* kHelper = WITNESS_FAKE_HELPER_CHILD;
  TempDir dir_;
  const std::string home_ = dir_.File("home");
  const std::string record_ = dir_.File("record.jsonl");
  pid_t helper_pid_ = -1;
};

TEST_F(CrossProcessTest, ClusterOfThreeRecordsWhatTheHelperDid) {
  ASSERT_EQ(RunHelper({"web-1", "web-2", "web-3"}, {{"FLEETBOX_FAKE_RECORD", record_}}), 0);

  const recorder::Recording rec = ReadRecords(record_);
  EXPECT_THAT(rec, RecorderWasAlive());
  EXPECT_THAT(rec.records, Contains(AllOf(Op("session"), Field("pid", std::int64_t{helper_pid_}))));

  for (const std::string member : {"web-1", "web-2", "web-3"}) {
    SCOPED_TRACE(member);
    EXPECT_THAT(rec, HasRecord(Op("create"), Name(member),
                               DiskPath(home_ + "/vms/" + member + "/disk.raw"),
                               SeedPath(StartsWith(home_)),
                               FixturePaths(ElementsAre(MatchesRegex(".*/fixture-[0-9]+\\.img"))),
                               Mac(MatchesRegex("([0-9a-f]{2}:){5}[0-9a-f]{2}"))));
    EXPECT_THAT(rec, InOrder(RecordWith(Op("reserve"), Name(member)), RecordWith(Op("create"), Name(member)),
                             RecordWith(Op("start"), Name(member)), RecordWith(Op("stop"), Name(member))));
  }
  EXPECT_THAT(rec, Threads("mac", Op("reserve"), Op("create")));
  EXPECT_THAT(rec, UniqueBy("mac", Op("create")));
  EXPECT_THAT(rec, HappensBefore(Op("stop"), Op("close")));
  EXPECT_THAT(rec, HasRecord(Op("close")).Times(1));
  EXPECT_THAT(rec, HasRecord(Op("stop"), Name("boom")).Times(0));
  EXPECT_THAT(CallRecords(rec), Contains(Op("create")).Times(3));
  EXPECT_THAT(CallRecords(rec), Each(Field("pid", std::int64_t{helper_pid_})));

  // The same, stated once as a scenario (with strict, writers and clean_exit).
  EXPECT_THAT(rec, SatisfiesScenario(WITNESS_SOURCE_DIR "/tests/matchers/cluster-of-three.yaml",
                                     {{"home", home_}}));
}

TEST_F(CrossProcessTest, ScenarioNamesWhatAHelperGotWrong) {
  // Only two of the scenario's three members: web-3's expectations fail.
  ASSERT_EQ(RunHelper({"web-1", "web-2"}, {{"FLEETBOX_FAKE_RECORD", record_}}), 0);
  const auto scenario =
      SatisfiesScenario(WITNESS_SOURCE_DIR "/tests/matchers/cluster-of-three.yaml", {{"home", home_}});
  const recorder::Recording rec = ReadRecords(record_);
  EXPECT_THAT(rec, Not(scenario));
  ::testing::StringMatchResultListener listener;
  EXPECT_FALSE(::testing::ExplainMatchResult(scenario, rec, &listener));
  EXPECT_THAT(listener.str(), StartsWith("which fails it:"));
  EXPECT_THAT(listener.str(), HasSubstr("web-3"));
}

TEST_F(CrossProcessTest, FailedCreateIsRecordedAndRolledBack) {
  ASSERT_EQ(RunHelper({"db-1", "db-2"}, {{"FLEETBOX_FAKE_RECORD", record_}, {"FLEETBOX_FAKE_FAIL_CREATE", "db-2"}}),
            0);

  const recorder::Recording rec = ReadRecords(record_);
  EXPECT_THAT(rec, HasRecord(Op("create"), Name("db-2"), Error(HasSubstr("db-2"))));
  EXPECT_THAT(rec, HasRecord(Op("start"), Name("db-2")).Times(0));
  EXPECT_THAT(rec, HasRecord(Op("stop"), Name("db-2")).Times(0));
  EXPECT_THAT(rec, HappensBefore(RecordWith(Op("create"), Name("db-1")), RecordWith(Op("stop"), Name("db-1"))));
  // The "never" above is only trustworthy because this holds.
  EXPECT_THAT(rec, RecorderWasAlive());
}

TEST_F(CrossProcessTest, ScrubbedEnvironmentMakesANeverFailInsteadOfPass) {
  // The test prepared the file, but the helper never learns its name.
  dir_.Write("record.jsonl", "");
  ASSERT_EQ(RunHelper({"web-1"}, {}), 0);

  const recorder::Recording rec = ReadRecords(record_);
  const auto never = HasRecord(Op("stop"), Name("boom")).Times(0);
  EXPECT_THAT(rec, Not(never));
  EXPECT_THAT(rec, Not(RecorderWasAlive()));
  ::testing::StringMatchResultListener listener;
  EXPECT_FALSE(::testing::ExplainMatchResult(never, rec, &listener));
  EXPECT_THAT(listener.str(), HasSubstr("the recorder never started"));
}

TEST_F(CrossProcessTest, WaitForRecordSeesTheHelperWhileItRuns) {
  std::vector<std::string> args = {kHelper, home_, "web-1", "web-2"};
  const pid_t pid = Spawn(args, {{"FLEETBOX_FAKE_RECORD", record_}});
  const ::testing::AssertionResult stopped = WaitForRecord(record_, RecordWith(Op("close")), 60s);
  const int status = Reap(pid);
  ASSERT_TRUE(stopped);
  ASSERT_EQ(status, 0);
  EXPECT_THAT(ReadRecords(record_), HasRecord(Op("stop")).Times(2));
}

}  // namespace
}  // namespace witness
