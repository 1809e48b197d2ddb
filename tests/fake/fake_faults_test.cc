// Fault injection in the fake: each action on each op, observed through the
// record file as a coordination test observes it, and the counting of @N
// per member across threads.
//
// What green proves: every op can be failed, delayed, hung and crashed; the
// touched call is recorded with its fault; a hung VM call is released by a
// stop; a hung network call holds its process until the process is killed;
// a crash kills the process with SIGKILL before any session_end, and no
// child process of these tests outlives its test. What it does not prove:
// how long a delay takes beyond "at least the delay", or anything about a
// real hypervisor's failures.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "fake_test_support.h"
#include "witness/fake/fake_backend.h"
#include "witness/recorder/reader.h"

namespace witness::fake {
namespace {

using fake_test::CallFields;
using fake_test::MemberConfig;
using fake_test::TempDir;
using nlohmann::json;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

// Recording to dir/record.jsonl, with `faults`.
FakeOptions Armed(const TempDir& dir, const std::string& faults) {
  FakeOptions options;
  options.record_path = dir.File("record.jsonl");
  options.faults = faults;
  return options;
}

// A backend recording to a fresh file, armed with `faults`, and what each
// op needs to exist before it can be called: a network, and for the VM
// ops a VM of member "m" (started for stop and wait).
class Rig {
 public:
  Rig(const std::string& faults, const std::string& op) {
    backend_ = std::make_unique<FakeBackend>(Armed(dir_, faults));
    network_ = backend_->CreateNetwork();
    if (op == "start" || op == "stop" || op == "wait" || op == "wait_for_ip") {
      vm_ = backend_->Create(MemberConfig("/h", "m", ""), *network_);
    }
    if (op == "stop" || op == "wait") vm_->Start();
  }

  // Makes the one call of `op` the test is about.
  void Call(const std::string& op) {
    if (op == "reserve") network_->Reserve("m", "");
    if (op == "create") created_ = backend_->Create(MemberConfig("/h", "m", ""), *network_);
    if (op == "start") vm_->Start();
    if (op == "stop") vm_->Stop();
    if (op == "wait") vm_->Wait(0ms);
    if (op == "wait_for_ip") vm_->WaitForIP(0ms);
    if (op == "close") network_->Close();
  }

  std::string record_path() const { return dir_.File("record.jsonl"); }
  VM& vm() { return *vm_; }

 private:
  TempDir dir_;
  std::unique_ptr<FakeBackend> backend_;
  std::unique_ptr<Network> network_;
  std::unique_ptr<VM> vm_;
  std::unique_ptr<VM> created_;
};

// The rule for `op` of member "m" (close has no member).
std::string RuleFor(const std::string& op, const std::string& action) {
  return op == "close" ? "close=" + action : op + ":m=" + action;
}

// How the fake names the call in messages.
std::string CallNameOf(const std::string& op) {
  return op == "close" ? "close network" : op + " 'm'";
}

// The last call record of `path`.
json LastCall(const std::string& path) {
  std::vector<json> calls = CallFields(path);
  return calls.empty() ? json() : calls.back();
}

// Polls `path` until a call record satisfies `wanted`, for at most 30
// seconds: a bound for a broken build, not a measure of speed.
bool WaitForCall(const std::string& path, const std::function<bool(const json&)>& wanted) {
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (std::chrono::steady_clock::now() < deadline) {
    recorder::Recording recording = recorder::ReadRecordFile(path);
    for (const recorder::Record* record : recording.CallRecords()) {
      if (wanted(record->fields())) return true;
    }
    std::this_thread::sleep_for(5ms);
  }
  return false;
}

// True when no process with `pid` exists any more (not even a zombie).
bool ProcessIsGone(pid_t pid) { return ::kill(pid, 0) == -1 && errno == ESRCH; }

const std::vector<std::string> kAllOps = {"reserve", "create",      "start", "stop",
                                          "wait",    "wait_for_ip", "close"};
const std::vector<std::string> kVmOps = {"start", "stop", "wait", "wait_for_ip"};
const std::vector<std::string> kOpsWithoutVm = {"reserve", "create", "close"};

class FaultOnEveryOpTest : public ::testing::TestWithParam<std::string> {};

TEST_P(FaultOnEveryOpTest, FailThrowsNamingTheRuleAndRecordsTheFault) {
  const std::string op = GetParam();
  const std::string rule = RuleFor(op, "fail");
  Rig rig(rule, op);
  const std::string message =
      CallNameOf(op) + ": failure injected by rule '" + rule + "' (FLEETBOX_FAKE_FAULTS)";
  try {
    rig.Call(op);
    FAIL() << op << " succeeded";
  } catch (const BackendError& e) {
    EXPECT_EQ(e.what(), message);
  }
  const json call = LastCall(rig.record_path());
  EXPECT_EQ(call["op"], op);
  EXPECT_EQ(call.value("name", ""), op == "close" ? "" : "m");
  EXPECT_EQ(call["fault"], "fail");
  EXPECT_EQ(call["fault_rule"], rule);
  EXPECT_EQ(call["error"], message);
  // A failed call has no effect.
  if (op == "start") {
    EXPECT_EQ(rig.vm().CurrentState(), State::kStopped);
  }
  if (op == "stop") {
    EXPECT_EQ(rig.vm().CurrentState(), State::kRunning);
  }
}

TEST_P(FaultOnEveryOpTest, DelaySleepsThenTheCallSucceedsAndIsRecordedAsDelayed) {
  const std::string op = GetParam();
  const std::string rule = RuleFor(op, "delay:30ms");
  Rig rig(rule, op);
  const auto began = std::chrono::steady_clock::now();
  EXPECT_NO_THROW(rig.Call(op));
  EXPECT_GE(std::chrono::steady_clock::now() - began, 30ms);
  const json call = LastCall(rig.record_path());
  EXPECT_EQ(call["op"], op);
  EXPECT_EQ(call["fault"], "delay");
  EXPECT_EQ(call["fault_rule"], rule);
  EXPECT_FALSE(call.contains("error"));
  if (op == "start") {
    EXPECT_EQ(rig.vm().CurrentState(), State::kRunning);
  }
  if (op == "stop") {
    EXPECT_EQ(rig.vm().CurrentState(), State::kStopped);
  }
}

// GoogleTest's "fast" death tests fork, so the child writes to the same
// record file as this process, under its own pid.
TEST_P(FaultOnEveryOpTest, CrashKillsTheProcessWithSigkillAfterRecordingTheCall) {
  GTEST_FLAG_SET(death_test_style, "fast");
  const std::string op = GetParam();
  const std::string rule = RuleFor(op, "crash");
  Rig rig(rule, op);
  EXPECT_EXIT(rig.Call(op), ::testing::KilledBySignal(SIGKILL),
              "witness fake: .*crash injected by rule '" + rule + "'");

  recorder::Recording recording = recorder::ReadRecordFile(rig.record_path());
  const recorder::Record* crashed = nullptr;
  for (const recorder::Record* record : recording.CallRecords()) {
    if (record->fields().value("fault", "") == "crash") crashed = record;
  }
  ASSERT_NE(crashed, nullptr) << "no crash record";
  const json fields = crashed->fields();
  EXPECT_EQ(fields["op"], op);
  EXPECT_EQ(fields["fault_rule"], rule);
  EXPECT_EQ(fields["error"], CallNameOf(op) + ": crash injected by rule '" + rule +
                                 "' (FLEETBOX_FAKE_FAULTS): the process is killed with SIGKILL");
  const std::int64_t child = *crashed->Pid();
  EXPECT_NE(child, ::getpid());
  for (const recorder::Record& record : recording.records) {
    EXPECT_FALSE(record.Op() == recorder::ops::kSessionEnd && record.Pid() == child)
        << "a crashed process wrote its session_end";
  }
  EXPECT_TRUE(ProcessIsGone(static_cast<pid_t>(child))) << "the crashed child is still there";
}

INSTANTIATE_TEST_SUITE_P(AllOps, FaultOnEveryOpTest, ::testing::ValuesIn(kAllOps),
                         [](const auto& info) { return info.param; });

class HangOnVmOpTest : public ::testing::TestWithParam<std::string> {};

TEST_P(HangOnVmOpTest, HangHoldsTheCallUntilTheVmIsStoppedThenFails) {
  const std::string op = GetParam();
  // @1: the stop that releases a hung stop is the second one.
  const std::string rule = op + ":m@1=hang";
  Rig rig(rule, op);
  std::future<void> hung = std::async(std::launch::async, [&] { rig.Call(op); });
  const bool recorded = WaitForCall(
      rig.record_path(), [](const json& call) { return call.value("fault", "") == "hang"; });
  const std::future_status before_stop = hung.wait_for(50ms);
  // Stopped whatever was seen: the future's destructor would wait forever
  // for a call that is still held.
  rig.vm().Stop();
  EXPECT_TRUE(recorded) << "no hang record";
  EXPECT_EQ(before_stop, std::future_status::timeout) << op << " returned while hung";
  const std::string message = CallNameOf(op) + ": hang injected by rule '" + rule +
                              "' (FLEETBOX_FAKE_FAULTS): held until the VM was stopped";
  try {
    hung.get();
    FAIL() << "a released hang succeeded";
  } catch (const BackendError& e) {
    EXPECT_EQ(e.what(), message);
  }
  std::vector<json> calls = CallFields(rig.record_path());
  json hang_record;
  for (const json& call : calls) {
    if (call.value("fault", "") == "hang") hang_record = call;
  }
  EXPECT_EQ(hang_record["op"], op);
  EXPECT_EQ(hang_record["fault_rule"], rule);
  EXPECT_EQ(hang_record["error"], message);
  EXPECT_EQ(calls.back()["op"], "stop") << "the releasing stop is recorded after the hang";
}

INSTANTIATE_TEST_SUITE_P(VmOps, HangOnVmOpTest, ::testing::ValuesIn(kVmOps),
                         [](const auto& info) { return info.param; });

class HangWithoutVmTest : public ::testing::TestWithParam<std::string> {};

// The hung call runs in a forked child, which only SIGKILL ends: the test
// proves it is still held after its record is written, and that it is gone
// once killed.
TEST_P(HangWithoutVmTest, HangHoldsTheProcessUntilItIsKilled) {
  const std::string op = GetParam();
  const std::string rule = RuleFor(op, "hang");
  Rig rig(rule, op);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    try {
      rig.Call(op);
    } catch (...) {
    }
    ::_exit(3);  // only reached if the hang let go
  }
  const bool recorded = WaitForCall(
      rig.record_path(), [](const json& call) { return call.value("fault", "") == "hang"; });
  int status = 0;
  const pid_t running = ::waitpid(child, &status, WNOHANG);
  ::kill(child, SIGKILL);
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(recorded);
  EXPECT_EQ(running, 0) << "the hung child ended by itself, status " << status;
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  EXPECT_TRUE(ProcessIsGone(child));
  const json call = LastCall(rig.record_path());
  EXPECT_EQ(call["fault"], "hang");
  EXPECT_EQ(call["error"], CallNameOf(op) + ": hang injected by rule '" + rule +
                               "' (FLEETBOX_FAKE_FAULTS): held until the process ends");
}

INSTANTIATE_TEST_SUITE_P(OpsWithoutVm, HangWithoutVmTest, ::testing::ValuesIn(kOpsWithoutVm),
                         [](const auto& info) { return info.param; });

TEST(FakeFaultsTest, UntouchedCallsCarryNoFaultAndUntouchedWaitsAreNotRecorded) {
  TempDir dir;
  FakeOptions options = Armed(dir, "start:other=fail");
  FakeBackend backend(options);
  auto network = backend.CreateNetwork();
  network->Reserve("m", "");
  auto vm = backend.Create(MemberConfig("/h", "m", ""), *network);
  vm->Start();
  EXPECT_EQ(vm->WaitForIP(0ms).rfind("203.0.113.", 0), 0u);
  EXPECT_FALSE(vm->Wait(0ms));
  vm->Stop();
  network->Close();
  std::vector<std::string> ops;
  for (const json& call : CallFields(options.record_path)) {
    ops.push_back(call["op"]);
    EXPECT_FALSE(call.contains("fault")) << call.dump();
    EXPECT_FALSE(call.contains("fault_rule")) << call.dump();
  }
  EXPECT_THAT(ops, ::testing::ElementsAre("reserve", "create", "start", "stop", "close"));
}

TEST(FakeFaultsTest, TheFirstRuleThatMatchesACallDecidesIt) {
  TempDir dir;
  FakeOptions options = Armed(dir, "start:m@1=delay:1ms;start:m=fail");
  FakeBackend backend(options);
  auto network = backend.CreateNetwork();
  auto vm = backend.Create(MemberConfig("/h", "m", ""), *network);
  EXPECT_NO_THROW(vm->Start());
  EXPECT_THROW(vm->Start(), BackendError);
  std::vector<json> calls = CallFields(options.record_path);
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[1]["fault"], "delay");
  EXPECT_EQ(calls[2]["fault"], "fail");
  EXPECT_EQ(calls[2]["fault_rule"], "start:m=fail");
}

TEST(FakeFaultsTest, AFailedStartCanBeRetried) {
  TempDir dir;
  FakeOptions options = Armed(dir, "start:web-2@1=fail");
  FakeBackend backend(options);
  auto network = backend.CreateNetwork();
  auto vm = backend.Create(MemberConfig("/h", "web-2", ""), *network);
  EXPECT_THROW(vm->Start(), BackendError);
  EXPECT_EQ(vm->CurrentState(), State::kStopped);
  vm->Start();
  EXPECT_EQ(vm->CurrentState(), State::kRunning);
}

TEST(FakeFaultsTest, FailCreateIsRecordedAsACreateFailRule) {
  TempDir dir;
  FakeOptions options;
  options.record_path = dir.File("record.jsonl");
  options.fail_create = {"db-2"};
  FakeBackend backend(options);
  auto network = backend.CreateNetwork();
  try {
    backend.Create(MemberConfig("/h", "db-2", ""), *network);
    FAIL() << "create succeeded";
  } catch (const BackendError& e) {
    EXPECT_STREQ(e.what(),
                 "create 'db-2': failure injected by rule 'create:db-2=fail' "
                 "(FLEETBOX_FAKE_FAIL_CREATE)");
  }
  const json call = LastCall(options.record_path);
  EXPECT_EQ(call["fault"], "fail");
  EXPECT_EQ(call["fault_rule"], "create:db-2=fail");
}

TEST(FakeFaultsTest, FaultsRulesComeBeforeFailCreateRules) {
  TempDir dir;
  FakeOptions options;
  options.record_path = dir.File("record.jsonl");
  options.fail_create = {"db-2"};
  options.faults = "create:db-2=delay:1ms";
  FakeBackend backend(options);
  auto network = backend.CreateNetwork();
  EXPECT_NE(backend.Create(MemberConfig("/h", "db-2", ""), *network), nullptr);
  EXPECT_FALSE(backend.FailsCreate("db-2"));
  EXPECT_EQ(LastCall(options.record_path)["fault"], "delay");
}

TEST(FakeFaultsTest, FromEnvironmentReadsTheFaultsVariable) {
  ASSERT_EQ(::setenv(kFaultsVariable, "stop:db-1=delay:2s", 1), 0);
  const FakeOptions options = FakeOptions::FromEnvironment();
  ::unsetenv(kFaultsVariable);
  EXPECT_EQ(options.faults, "stop:db-1=delay:2s");
}

TEST(FakeFaultsTest, AMalformedRuleFailsTheFirstCallsNamingTheRule) {
  TempDir dir;
  FakeOptions options = Armed(dir, "start:web-1;start@0=fail");
  FakeBackend backend(options);  // constructing never throws: a helper could not say why
  const std::string message =
      "FLEETBOX_FAKE_FAULTS: fault rule 2 'start@0=fail', column 7: expected a call number (1 "
      "or more) after '@', found '0'";
  try {
    backend.CreateNetwork();
    FAIL() << "CreateNetwork succeeded";
  } catch (const BackendError& e) {
    EXPECT_EQ(e.what(), message);
  }
  class NoNetwork final : public Network {
    void Close() override {}
    std::string Subnet() const override { return ""; }
    Reservation Reserve(const std::string&, const std::string&) override { return {}; }
  } network;
  EXPECT_THROW(backend.Create(MemberConfig("/h", "m", ""), network), BackendError);
  EXPECT_THROW(backend.Reconcile(), BackendError);
  EXPECT_TRUE(CallFields(options.record_path).empty()) << "nothing ran, nothing is recorded";
}

// ---- @N counting across threads ----

// Each member is driven by its own thread, so its calls come in order; the
// members' threads run at once, so the counts of different members
// interleave. A named member's N-th call is its own N-th.
TEST(FaultCountingTest, AMembersNthCallIsCountedAloneWhateverTheOtherThreadsDo) {
  TempDir dir;
  FakeOptions options = Armed(dir, "start:m-3@2=fail;start:m-5@3+=fail");
  FakeBackend backend(options);
  auto network = backend.CreateNetwork();
  constexpr int kMembers = 8;
  constexpr int kStarts = 5;
  std::vector<std::unique_ptr<VM>> vms;
  for (int m = 0; m < kMembers; ++m) {
    vms.push_back(backend.Create(MemberConfig("/h", "m-" + std::to_string(m), ""), *network));
  }
  std::vector<std::vector<bool>> failed(kMembers, std::vector<bool>(kStarts));
  std::vector<std::thread> threads;
  for (int m = 0; m < kMembers; ++m) {
    threads.emplace_back([&, m] {
      for (int i = 0; i < kStarts; ++i) {
        try {
          vms[m]->Start();
        } catch (const BackendError&) {
          failed[m][i] = true;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int m = 0; m < kMembers; ++m) {
    std::vector<bool> expected(kStarts, false);
    if (m == 3) expected[1] = true;
    if (m == 5) expected = {false, false, true, true, true};
    EXPECT_EQ(failed[m], expected) << "m-" << m;
  }
}

// Many threads call the same members at once: whichever thread makes it,
// exactly the N-th call of each count fails. * counts every member's calls.
TEST(FaultCountingTest, CountsAreExactWhenManyThreadsCallTheSameMembers) {
  TempDir dir;
  FakeOptions options = Armed(dir, "stop:a@7=fail;start:*@20=fail;stop:b@30+=fail");
  FakeBackend backend(options);
  auto network = backend.CreateNetwork();
  auto a = backend.Create(MemberConfig("/h", "a", ""), *network);
  auto b = backend.Create(MemberConfig("/h", "b", ""), *network);
  constexpr int kThreads = 8;
  constexpr int kRoundsPerThread = 10;  // per member: 80 starts and 80 stops
  std::atomic<int> failed_starts{0};
  std::atomic<int> failed_stops_of_a{0};
  std::atomic<int> failed_stops_of_b{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kRoundsPerThread; ++i) {
        for (VM* vm : {a.get(), b.get()}) {
          try {
            vm->Start();
          } catch (const BackendError&) {
            ++failed_starts;
          }
          try {
            vm->Stop();
          } catch (const BackendError&) {
            ++(vm == a.get() ? failed_stops_of_a : failed_stops_of_b);
          }
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failed_stops_of_a, 1) << "a's 7th stop";
  EXPECT_EQ(failed_starts, 1) << "the 20th start of either member";
  EXPECT_EQ(failed_stops_of_b, kThreads * kRoundsPerThread - 29) << "b's 30th stop and later";
  std::map<std::string, int> by_rule;
  for (const json& call : CallFields(options.record_path)) {
    if (call.contains("fault")) ++by_rule[call["fault_rule"].get<std::string>()];
  }
  EXPECT_EQ(by_rule["stop:a@7=fail"], 1);
  EXPECT_EQ(by_rule["start:*@20=fail"], 1);
  EXPECT_EQ(by_rule["stop:b@30+=fail"], kThreads * kRoundsPerThread - 29);
}

}  // namespace
}  // namespace witness::fake
