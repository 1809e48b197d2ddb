// =============================================================================
// Multi-process tests: a real minifleet-helper process on the other end of a
// socket pair, its fake backend recording to a file this test reads back.
//
// What green proves: the helper refuses a client of another protocol version
// with a message naming both versions; the normal build refuses with "no
// hypervisor"; many concurrent requests for many members are each answered,
// each member driven once; and the death watch works for every way a
// session ends - the client closing, the helper receiving SIGTERM, the
// client breaking the protocol - by stopping every running member and
// closing the network once before the helper exits, with no helper left;
// under the fake's fault rules, a hung wait for an address does not hold up
// the stop that releases it, and a helper that crashes mid-call is reported
// gone with how it ended.
// What it does not prove: anything about a real hypervisor, nor the SIGKILL
// of a whole client process (the kill-client scenario covers that, through
// `witness run`).
// =============================================================================
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "minifleet/helper_client.h"
#include "minifleet/line_channel.h"
#include "minifleet/protocol.h"
#include "minifleet_test_support.h"

extern char** environ;

namespace minifleet {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

bool ProcessExists(pid_t pid) { return ::kill(pid, 0) == 0 || errno != ESRCH; }

class HelperProcessTest : public ::testing::Test {
 protected:
  HelperProcessTest()
      : record_file_(dir_.path() + "/record.jsonl"),
        record_env_("FLEETBOX_FAKE_RECORD", record_file_) {}

  static HelperClient::Options FakeHelper() {
    HelperClient::Options options;
    options.helper_path = MINIFLEET_HELPER_FAKE_PATH;
    return options;
  }

  static witness::Config ConfigFor(const std::string& name, const std::string& mac) {
    witness::Config config;
    config.name = name;
    config.disk_path = "/fleet/vms/" + name + "/disk.raw";
    config.mac = mac;
    return config;
  }

  // Reserves, creates and starts `name`.
  static void Launch(HelperClient& helper, const std::string& name) {
    witness::Reservation reservation = helper.Reserve(name, "");
    helper.Create(ConfigFor(name, reservation.mac));
    helper.Start(name);
  }

  testing::TempDir dir_;
  std::string record_file_;
  testing::ScopedEnv record_env_;
};

TEST_F(HelperProcessTest, AClientOfAnotherVersionIsRefusedNamingBothVersions) {
  HelperClient::Options options = FakeHelper();
  options.protocol_version = kProtocolVersion + 1;
  try {
    HelperClient helper(options);
    FAIL() << "the helper accepted a client of another protocol version";
  } catch (const HelperError& e) {
    EXPECT_THAT(e.what(),
                HasSubstr("protocol version mismatch: client speaks minifleet/" +
                          std::to_string(kProtocolVersion + 1) + ", this helper speaks minifleet/" +
                          std::to_string(kProtocolVersion)));
  }
}

TEST_F(HelperProcessTest, TheNormalBuildRefusesWithNoHypervisor) {
  HelperClient::Options options;
  options.helper_path = MINIFLEET_HELPER_PATH;
  HelperClient helper(options);
  EXPECT_EQ(helper.backend(), "none");
  try {
    helper.Reserve("web-1", "");
    FAIL() << "the normal build reserved without a hypervisor";
  } catch (const HelperError& e) {
    EXPECT_THAT(e.what(), HasSubstr("reserve 'web-1': no hypervisor"));
  }
}

TEST_F(HelperProcessTest, AHelperThatCannotBeStartedIsAClearError) {
  HelperClient::Options options;
  options.helper_path = dir_.path() + "/no-such-helper";
  try {
    HelperClient helper(options);
    FAIL() << "a missing helper started";
  } catch (const HelperError& e) {
    EXPECT_THAT(e.what(), HasSubstr("cannot start helper '" + options.helper_path + "'"));
  }
}

TEST_F(HelperProcessTest, ConcurrentRequestsForManyMembersAreEachAnsweredOnce) {
  constexpr int kMembers = 16;
  std::vector<MemberStatus> statuses(kMembers);
  std::vector<std::string> errors(kMembers);
  {
    HelperClient helper(FakeHelper());
    std::vector<std::thread> threads;
    for (int i = 0; i < kMembers; ++i) {
      threads.emplace_back([&, i] {
        std::string name = "m" + std::to_string(i);
        try {
          Launch(helper, name);
          statuses[i] = helper.Status(name);
        } catch (const std::exception& e) {
          errors[i] = e.what();
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    helper.Close();
  }
  std::set<std::string> addresses;
  for (int i = 0; i < kMembers; ++i) {
    EXPECT_EQ(errors[i], "") << "member m" << i;
    EXPECT_EQ(statuses[i].state, "running") << "member m" << i;
    addresses.insert(statuses[i].ip);
  }
  EXPECT_THAT(addresses, SizeIs(kMembers)) << "two members were given the same address";
  for (const char* op : {"reserve", "create", "start", "stop"}) {
    for (int i = 0; i < kMembers; ++i) {
      EXPECT_THAT(testing::RecordsOf(record_file_, op, "m" + std::to_string(i)), SizeIs(1))
          << op << " of m" << i;
    }
  }
  EXPECT_THAT(testing::RecordsOf(record_file_, "close"), SizeIs(1));
}

TEST_F(HelperProcessTest, EndingTheSessionReapsWhatStillRuns) {
  pid_t helper_pid;
  {
    HelperClient helper(FakeHelper());
    helper_pid = helper.helper_pid();
    Launch(helper, "a");
    Launch(helper, "b");
    witness::Reservation c = helper.Reserve("c", "");
    helper.Create(ConfigFor("c", c.mac));  // created, never started: nothing to stop
    // No stop, no close: the destructor just ends the session.
  }
  EXPECT_THAT(testing::RecordsOf(record_file_, "stop", "a"), SizeIs(1));
  EXPECT_THAT(testing::RecordsOf(record_file_, "stop", "b"), SizeIs(1));
  EXPECT_THAT(testing::RecordsOf(record_file_, "stop", "c"), SizeIs(0));
  EXPECT_THAT(testing::RecordsOf(record_file_, "close"), SizeIs(1));
  EXPECT_FALSE(ProcessExists(helper_pid)) << "the helper outlived its session";
}

TEST_F(HelperProcessTest, SigtermMakesTheHelperReapAndExit) {
  HelperClient helper(FakeHelper());
  Launch(helper, "a");
  ASSERT_EQ(::kill(helper.helper_pid(), SIGTERM), 0);
  // The next call finds the helper gone, and says how it went.
  try {
    for (int i = 0; i < 1000; ++i) {
      helper.Status("a");
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    FAIL() << "the helper kept serving after SIGTERM";
  } catch (const HelperError& e) {
    EXPECT_THAT(e.what(), HasSubstr("exited with status 0"));
  }
  EXPECT_THAT(testing::RecordsOf(record_file_, "stop", "a"), SizeIs(1));
  EXPECT_THAT(testing::RecordsOf(record_file_, "close"), SizeIs(1));
}

TEST_F(HelperProcessTest, ShutdownAfterACleanSessionSucceeds) {
  HelperClient helper(FakeHelper());
  Launch(helper, "a");
  helper.Close();
  EXPECT_NO_THROW(helper.Shutdown());
  EXPECT_FALSE(ProcessExists(helper.helper_pid()));
  EXPECT_THROW(helper.Status("a"), HelperError);
}

TEST_F(HelperProcessTest, ShutdownReportsAHelperThatDied) {
  HelperClient helper(FakeHelper());
  ASSERT_EQ(::kill(helper.helper_pid(), SIGKILL), 0);
  try {
    helper.Shutdown();
    FAIL() << "a killed helper was reported as a clean exit";
  } catch (const HelperError& e) {
    EXPECT_THAT(e.what(), HasSubstr("was killed by signal 9 (SIGKILL)"));
  }
}

TEST_F(HelperProcessTest, AReservationFromAnotherMemberIsNeverAnsweredToTheWrongCaller) {
  HelperClient helper(FakeHelper());
  // The fake derives each MAC from the name: if responses were routed to the
  // wrong waiting caller, some thread would see another member's MAC.
  std::vector<std::string> first(8), second(8);
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      first[i] = helper.Reserve("r" + std::to_string(i), "").mac;
      second[i] = helper.Reserve("r" + std::to_string(i), "").mac;
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::set<std::string> distinct(first.begin(), first.end());
  EXPECT_THAT(distinct, SizeIs(8));
  EXPECT_EQ(first, second);
}

// A raw session with the helper, for what HelperClient never sends.
class RawSession {
 public:
  RawSession() {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) std::abort();
    channel_ = std::make_unique<LineChannel>(fds[0]);
    int helper_end = ::fcntl(fds[1], F_DUPFD_CLOEXEC, 10);
    ::close(fds[1]);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, helper_end, 3);
    std::string pid = std::to_string(::getpid());
    std::vector<char*> argv = {const_cast<char*>(MINIFLEET_HELPER_FAKE_PATH),
                               const_cast<char*>("--fd"),
                               const_cast<char*>("3"),
                               const_cast<char*>("--client-pid"),
                               pid.data(),
                               nullptr};
    if (::posix_spawn(&pid_, MINIFLEET_HELPER_FAKE_PATH, &actions, nullptr, argv.data(), environ) !=
        0) {
      std::abort();
    }
    posix_spawn_file_actions_destroy(&actions);
    ::close(helper_end);
  }
  ~RawSession() {
    channel_->ShutdownBoth();
    if (pid_ > 0) Wait();
  }
  LineChannel& channel() { return *channel_; }
  // The helper's exit status.
  int Wait() {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return status;
  }

 private:
  std::unique_ptr<LineChannel> channel_;
  pid_t pid_ = -1;
};

TEST_F(HelperProcessTest, AMalformedRequestIsAnsweredThenTheSessionEndsAndReaps) {
  RawSession session;
  ASSERT_TRUE(session.channel().Send(MakeHello(1).dump()));
  ASSERT_TRUE(session.channel().Send(R"({"id":2,"op":"reserve","name":"a","ip_hint":""})"));
  ASSERT_TRUE(session.channel().Send(R"({"id":3,"op":"create","config":{"name":"a"}})"));
  ASSERT_TRUE(session.channel().Send(R"({"id":4,"op":"start","name":"a"})"));
  ASSERT_TRUE(session.channel().Send("this is not json"));
  std::vector<nlohmann::json> answers;
  while (std::optional<std::string> line = session.channel().ReadLine()) {
    answers.push_back(nlohmann::json::parse(*line));
  }
  // Answers come in any order: the member's come from its own thread.
  ASSERT_THAT(answers, SizeIs(5));
  int refusals = 0;
  for (const nlohmann::json& answer : answers) {
    if (!answer["id"].is_null()) {
      EXPECT_TRUE(answer["ok"].get<bool>()) << answer;
      continue;
    }
    ++refusals;
    EXPECT_THAT(answer["error"].get<std::string>(), HasSubstr("malformed message"));
  }
  EXPECT_EQ(refusals, 1);
  int status = session.Wait();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "wait status " << status;
  EXPECT_THAT(testing::RecordsOf(record_file_, "stop", "a"), SizeIs(1));
  EXPECT_THAT(testing::RecordsOf(record_file_, "close"), SizeIs(1));
}

TEST_F(HelperProcessTest, ARequestBeforeHelloIsRefusedAndTheHelperExits) {
  RawSession session;
  ASSERT_TRUE(session.channel().Send(R"({"id":1,"op":"reserve","name":"a"})"));
  std::optional<std::string> answer = session.channel().ReadLine();
  ASSERT_TRUE(answer.has_value());
  EXPECT_THAT(*answer, HasSubstr("expected hello as the first request"));
  EXPECT_EQ(session.channel().ReadLine(), std::nullopt);
  int status = session.Wait();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 2) << "wait status " << status;
  EXPECT_THAT(testing::RecordsOf(record_file_, "reserve"), SizeIs(0));
}

TEST_F(HelperProcessTest, RequestsForOneMemberRunInTheOrderSent) {
  RawSession session;
  LineChannel& channel = session.channel();
  ASSERT_TRUE(channel.Send(MakeHello(1).dump()));
  // Sent back to back without waiting: only per-member ordering in the
  // helper makes create see the reservation and start see the VM.
  ASSERT_TRUE(channel.Send(R"({"id":2,"op":"reserve","name":"a","ip_hint":""})"));
  ASSERT_TRUE(channel.Send(R"({"id":3,"op":"create","config":{"name":"a"}})"));
  ASSERT_TRUE(channel.Send(R"({"id":4,"op":"start","name":"a"})"));
  ASSERT_TRUE(channel.Send(R"({"id":5,"op":"status","name":"a"})"));
  channel.ShutdownWrite();
  std::map<int, nlohmann::json> answers;
  while (std::optional<std::string> line = channel.ReadLine()) {
    nlohmann::json answer = nlohmann::json::parse(*line);
    answers[answer["id"].get<int>()] = answer;
  }
  ASSERT_THAT(answers, SizeIs(5));
  for (int id = 2; id <= 5; ++id) EXPECT_TRUE(answers[id]["ok"].get<bool>()) << answers[id];
  EXPECT_EQ(answers[5]["result"]["state"], "running");
  EXPECT_THAT(answers[5]["result"]["ip"].get<std::string>(), HasSubstr("203.0.113."));
}

// ---- under the fake's fault rules ----

TEST_F(HelperProcessTest, AHungWaitForAnAddressDoesNotHoldUpTheStopThatReleasesIt) {
  testing::ScopedEnv faults("FLEETBOX_FAKE_FAULTS", "wait_for_ip:a=hang");
  HelperClient helper(FakeHelper());
  Launch(helper, "a");
  try {
    helper.Status("a", std::chrono::milliseconds(200));
    FAIL() << "a hung status answered";
  } catch (const HelperTimeoutError& e) {
    EXPECT_THAT(e.what(), HasSubstr("status 'a': no answer from the helper within 200 ms"));
  }
  // Served while the wait still hangs; the stop releases it.
  helper.Stop("a");
  helper.Close();
  EXPECT_NO_THROW(helper.Shutdown());
  EXPECT_FALSE(ProcessExists(helper.helper_pid()));
  const auto hung = testing::RecordsOf(record_file_, "wait_for_ip", "a");
  ASSERT_THAT(hung, SizeIs(1));
  EXPECT_EQ(hung[0].fields()["fault"], "hang");
  EXPECT_THAT(testing::RecordsOf(record_file_, "stop", "a"), SizeIs(1));
  EXPECT_THAT(testing::RecordsOf(record_file_, "close"), SizeIs(1));
}

TEST_F(HelperProcessTest, AHelperThatCrashesMidCallIsGoneAndSaysHow) {
  testing::ScopedEnv faults("FLEETBOX_FAKE_FAULTS", "create:a=crash");
  HelperClient helper(FakeHelper());
  witness::Reservation reservation = helper.Reserve("a", "");
  try {
    helper.Create(ConfigFor("a", reservation.mac));
    FAIL() << "a crashing create answered";
  } catch (const HelperGoneError& e) {
    EXPECT_THAT(e.what(),
                HasSubstr("create 'a': helper (pid " + std::to_string(helper.helper_pid()) +
                          ") was killed by signal 9 (SIGKILL)"));
  }
  EXPECT_THAT(helper.DeathReason(), HasSubstr("was killed by signal 9 (SIGKILL)"));
  EXPECT_FALSE(ProcessExists(helper.helper_pid()));
  EXPECT_THROW(helper.Reserve("b", ""), HelperGoneError);
  const auto crashed = testing::RecordsOf(record_file_, "create", "a");
  ASSERT_THAT(crashed, SizeIs(1));
  EXPECT_EQ(crashed[0].fields()["fault"], "crash");
}

TEST_F(HelperProcessTest, AHelperThatExitsWhenTheClientEndsTheSessionDidNotDie) {
  HelperClient helper(FakeHelper());
  EXPECT_EQ(helper.DeathReason(), "");
  helper.Shutdown();
  EXPECT_EQ(helper.DeathReason(), "");
}

TEST_F(HelperProcessTest, AMalformedFaultRuleIsReportedAtTheFirstCall) {
  testing::ScopedEnv faults("FLEETBOX_FAKE_FAULTS", "start@0");
  HelperClient helper(FakeHelper());
  try {
    helper.Reserve("a", "");
    FAIL() << "a malformed rule went unnoticed";
  } catch (const HelperError& e) {
    EXPECT_THAT(e.what(), HasSubstr("reserve 'a': FLEETBOX_FAKE_FAULTS: fault rule 1 'start@0', "
                                    "column 7: expected a call number (1 or more) after '@', "
                                    "found '0'"));
  }
}

}  // namespace
}  // namespace minifleet
