// The fake backend's behaviours, each observed the way a coordination test
// observes them: through the record file, read back with the reader.
#include "witness/fake/fake_backend.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "fake_test_support.h"
#include "witness/fake/mac.h"
#include "witness/recorder/reader.h"

namespace witness::fake {
namespace {

using fake_test::CallFields;
using fake_test::MemberConfig;
using fake_test::TempDir;
using nlohmann::json;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

// Sets an environment variable for one test and restores it afterwards.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = getenv(name)) old_ = std::string(old);
    if (value != nullptr) {
      setenv(name, value, 1);
    } else {
      unsetenv(name);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

FakeOptions RecordTo(const std::string& path, std::vector<std::string> fail_create = {}) {
  FakeOptions options;
  options.record_path = path;
  options.fail_create = std::move(fail_create);
  return options;
}

// 203.0.113.N -> N, or -1 when `ip` is not one of the fake's addresses.
int HostNumber(const std::string& ip) {
  static const std::regex kFakeAddress(R"(203\.0\.113\.([1-9][0-9]{0,2}))");
  std::smatch match;
  if (!std::regex_match(ip, match, kFakeAddress)) return -1;
  int host = std::stoi(match[1].str());
  return host <= 254 ? host : -1;
}

// Values computed outside this code base, with
//   printf 'fleetbox:%s' NAME | sha256sum
// and Python's hashlib, then bit-fixed by hand; the first four are also the
// MACs in the reference's sample record files.
TEST(MacForMemberTest, MatchesIndependentlyComputedValues) {
  EXPECT_EQ(MacForMember("solo"), "a2:da:71:da:e0:db");
  EXPECT_EQ(MacForMember("db-1"), "4e:d4:2f:98:bb:9e");
  EXPECT_EQ(MacForMember("db-2"), "5a:34:9f:72:31:ff");
  EXPECT_EQ(MacForMember("x<y>&z"), "a2:b2:ad:2d:f6:d6");
  // digest c1:e2:... : the multicast bit is cleared, the local bit set.
  EXPECT_EQ(MacForMember("web-1"), "c2:e2:65:d7:2f:93");
  // digest ff:44:... : a UTF-8 name is hashed as its bytes.
  EXPECT_EQ(MacForMember("node-\xc3\xa9"), "fe:44:fc:d3:4a:c5");
  EXPECT_EQ(MacForMember(""), "1a:92:3a:30:1e:e4");
  EXPECT_EQ(MacForMember("a,b"), "da:7c:7f:17:f3:28");
}

TEST(MacForMemberTest, IsAUnicastLocallyAdministeredLowercaseMac) {
  static const std::regex kMac("([0-9a-f]{2}:){5}[0-9a-f]{2}");
  for (int i = 0; i < 200; ++i) {
    const std::string mac = MacForMember("member-" + std::to_string(i));
    ASSERT_TRUE(std::regex_match(mac, kMac)) << mac;
    const int first = std::stoi(mac.substr(0, 2), nullptr, 16);
    EXPECT_EQ(first & 0x01, 0) << mac << ": multicast bit set";
    EXPECT_EQ(first & 0x02, 0x02) << mac << ": not locally administered";
  }
}

TEST(ParseMemberListTest, AcceptsOneNameOrACommaSeparatedList) {
  using ::testing::ElementsAre;
  EXPECT_THAT(ParseMemberList("db-2"), ElementsAre("db-2"));
  EXPECT_THAT(ParseMemberList("db-2,web-1"), ElementsAre("db-2", "web-1"));
  EXPECT_THAT(ParseMemberList(" db-2 ,\tweb-1 ,, "), ElementsAre("db-2", "web-1"));
  EXPECT_THAT(ParseMemberList("x<y>&z"), ElementsAre("x<y>&z"));
  EXPECT_THAT(ParseMemberList(""), ElementsAre());
  EXPECT_THAT(ParseMemberList(" , "), ElementsAre());
}

TEST(FakeOptionsTest, FromEnvironmentReadsBothVariables) {
  ScopedEnv record(kRecordVariable, "/tmp/somewhere/record.jsonl");
  ScopedEnv fail(kFailCreateVariable, "db-2, web-1");
  FakeOptions options = FakeOptions::FromEnvironment();
  EXPECT_EQ(options.record_path, "/tmp/somewhere/record.jsonl");
  EXPECT_THAT(options.fail_create, ::testing::ElementsAre("db-2", "web-1"));
}

TEST(FakeOptionsTest, UnsetVariablesMeanNoRecordingAndNoFailures) {
  ScopedEnv record(kRecordVariable, nullptr);
  ScopedEnv fail(kFailCreateVariable, nullptr);
  FakeOptions options = FakeOptions::FromEnvironment();
  EXPECT_EQ(options.record_path, "");
  EXPECT_TRUE(options.fail_create.empty());

  FakeBackend backend;  // recording off: every call works and writes nothing
  auto network = backend.CreateNetwork();
  EXPECT_EQ(network->Reserve("solo", "").mac, "a2:da:71:da:e0:db");
  auto vm = backend.Create(MemberConfig("/h", "solo", "a2:da:71:da:e0:db"), *network);
  vm->Start();
  vm->Stop();
  network->Close();
  EXPECT_EQ(backend.record_path(), "");
}

TEST(FakeBackendTest, DefaultConstructorReadsTheEnvironmentAtConstruction) {
  TempDir dir;
  std::optional<FakeBackend> backend;
  {
    ScopedEnv record(kRecordVariable, dir.File("record.jsonl").c_str());
    ScopedEnv fail(kFailCreateVariable, "db-2");
    backend.emplace();
  }
  // Changing the environment afterwards changes nothing.
  ScopedEnv fail(kFailCreateVariable, "db-1");
  EXPECT_EQ(backend->record_path(), dir.File("record.jsonl"));
  EXPECT_TRUE(backend->FailsCreate("db-2"));
  EXPECT_FALSE(backend->FailsCreate("db-1"));
  auto network = backend->CreateNetwork();
  EXPECT_THROW(backend->Create(MemberConfig(dir.path(), "db-2", ""), *network), BackendError);
  EXPECT_NE(backend->Create(MemberConfig(dir.path(), "db-1", ""), *network), nullptr);
  EXPECT_EQ(CallFields(dir.File("record.jsonl")).size(), 2u);
}

TEST(FakeBackendTest, ReserveReturnsNoAddressAndTheDerivedMacAndRecordsIt) {
  TempDir dir;
  FakeBackend backend(RecordTo(dir.File("record.jsonl")));
  auto network = backend.CreateNetwork();
  EXPECT_EQ(network->Subnet(), "");

  Reservation solo = network->Reserve("solo", "");
  EXPECT_EQ(solo.ip, "");
  EXPECT_EQ(solo.mac, "a2:da:71:da:e0:db");
  Reservation hinted = network->Reserve("db-1", "192.168.64.9");
  EXPECT_EQ(hinted.ip, "");
  EXPECT_EQ(hinted.mac, "4e:d4:2f:98:bb:9e");

  EXPECT_EQ(CallFields(dir.File("record.jsonl")),
            (std::vector<json>{
                {{"op", "reserve"}, {"name", "solo"}, {"mac", "a2:da:71:da:e0:db"}},
                {{"op", "reserve"},
                 {"name", "db-1"},
                 {"mac", "4e:d4:2f:98:bb:9e"},
                 {"ip_hint", "192.168.64.9"}},
            }));
}

TEST(FakeBackendTest, CreateRecordsTheWholeConfig) {
  TempDir dir;
  FakeBackend backend(RecordTo(dir.File("record.jsonl")));
  auto network = backend.CreateNetwork();
  Config config = MemberConfig("/home/u", "web-1", "c2:e2:65:d7:2f:93", 2);
  config.cpus = 4;
  config.memory_bytes = std::int64_t{6} << 30;
  config.serial_log_path = "/home/u/.fleetbox/vms/web-1/serial.log";
  config.assigned_ip = "192.168.64.20";
  backend.Create(config, *network);

  EXPECT_EQ(CallFields(dir.File("record.jsonl")),
            (std::vector<json>{{
                {"op", "create"},
                {"name", "web-1"},
                {"disk_path", "/home/u/.fleetbox/vms/web-1/disk.raw"},
                {"seed_path", "/home/u/.fleetbox/vms/web-1/seed.iso"},
                {"efi_path", "/home/u/.fleetbox/vms/web-1/efi.fd"},
                {"fixture_paths",
                 {"/home/u/.fleetbox/vms/web-1/fixture-0.img",
                  "/home/u/.fleetbox/vms/web-1/fixture-1.img"}},
                {"assigned_ip", "192.168.64.20"},
                {"mac", "c2:e2:65:d7:2f:93"},
                {"cpus", 4},
                {"memory_bytes", std::int64_t{6} << 30},
                {"serial_log_path", "/home/u/.fleetbox/vms/web-1/serial.log"},
            }}));
}

TEST(FakeBackendTest, EachCreatedVmGetsTheNextTestNet3Address) {
  FakeBackend backend{FakeOptions()};
  auto network = backend.CreateNetwork();
  auto first = backend.Create(MemberConfig("/h", "a", ""), *network);
  auto second = backend.Create(MemberConfig("/h", "b", ""), *network);
  FakeBackend other{FakeOptions()};  // the counter is the process's, not the backend's
  auto third = other.Create(MemberConfig("/h", "c", ""), *network);

  const int a = HostNumber(first->WaitForIP(0ms));
  ASSERT_GE(a, 1) << first->WaitForIP(0ms);
  EXPECT_EQ(HostNumber(second->WaitForIP(0ms)), a + 1) << second->WaitForIP(0ms);
  EXPECT_EQ(HostNumber(third->WaitForIP(0ms)), a + 2) << third->WaitForIP(0ms);
  // The address is the VM's, asked at any time, before Start too.
  EXPECT_EQ(first->WaitForIP(0ms), first->WaitForIP(1h));
}

TEST(FakeBackendTest, VmStartsInstantlyAndStopReleasesWait) {
  TempDir dir;
  FakeBackend backend(RecordTo(dir.File("record.jsonl")));
  auto network = backend.CreateNetwork();
  auto vm = backend.Create(MemberConfig("/h", "solo", "a2:da:71:da:e0:db"), *network);
  EXPECT_EQ(vm->CurrentState(), State::kStopped);
  EXPECT_TRUE(vm->Wait(0ms)) << "nothing runs, so there is nothing to wait for";

  vm->Start();
  EXPECT_EQ(vm->CurrentState(), State::kRunning);
  EXPECT_FALSE(vm->Wait(0ms));

  std::optional<bool> waited;
  std::thread waiter([&] { waited = vm->Wait(24h); });
  vm->Stop();
  waiter.join();  // a Stop that did not release Wait hangs here until the ctest timeout
  EXPECT_EQ(waited, true);
  EXPECT_EQ(vm->CurrentState(), State::kStopped);

  EXPECT_EQ(CallFields(dir.File("record.jsonl")),
            (std::vector<json>{
                {{"op", "create"},
                 {"name", "solo"},
                 {"disk_path", "/h/.fleetbox/vms/solo/disk.raw"},
                 {"seed_path", "/h/.fleetbox/vms/solo/seed.iso"},
                 {"efi_path", "/h/.fleetbox/vms/solo/efi.fd"},
                 {"fixture_paths", {"/h/.fleetbox/vms/solo/fixture-0.img"}},
                 {"mac", "a2:da:71:da:e0:db"}},
                {{"op", "start"}, {"name", "solo"}},
                {{"op", "stop"}, {"name", "solo"}},
            }));
}

TEST(FakeBackendTest, CloseIsRecordedOnEveryCall) {
  TempDir dir;
  FakeBackend backend(RecordTo(dir.File("record.jsonl")));
  auto network = backend.CreateNetwork();
  network->Close();
  network->Close();
  EXPECT_EQ(CallFields(dir.File("record.jsonl")),
            (std::vector<json>{{{"op", "close"}}, {{"op", "close"}}}));
}

TEST(FakeBackendTest, CapabilitiesAreTrueAndReconcileRecordsNothing) {
  TempDir dir;
  FakeBackend backend(RecordTo(dir.File("record.jsonl")));
  EXPECT_TRUE(backend.NestedVirtSupported());
  EXPECT_TRUE(backend.SupportsClustering());
  backend.Reconcile();
  auto network = backend.CreateNetwork();
  network->Close();
  EXPECT_EQ(CallFields(dir.File("record.jsonl")), (std::vector<json>{{{"op", "close"}}}));
}

TEST(FakeBackendTest, ArmedCreateIsRecordedWithErrorAndReturnsNoVm) {
  TempDir dir;
  FakeBackend backend(RecordTo(dir.File("record.jsonl"), {"db-2"}));
  auto network = backend.CreateNetwork();
  auto db1 = backend.Create(MemberConfig("/h", "db-1", ""), *network);
  std::unique_ptr<VM> db2;
  try {
    db2 = backend.Create(MemberConfig("/h", "db-2", ""), *network);
    ADD_FAILURE() << "create of an armed member returned a VM";
  } catch (const BackendError& e) {
    EXPECT_THAT(e.what(), HasSubstr("create 'db-2'"));
    EXPECT_THAT(e.what(), HasSubstr("FLEETBOX_FAKE_FAIL_CREATE"));
  }
  EXPECT_EQ(db2, nullptr);
  // The failed create used no address.
  auto db3 = backend.Create(MemberConfig("/h", "db-3", ""), *network);
  EXPECT_EQ(HostNumber(db3->WaitForIP(0ms)), HostNumber(db1->WaitForIP(0ms)) + 1);

  std::vector<json> calls = CallFields(dir.File("record.jsonl"));
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_FALSE(calls[0].contains("error"));
  EXPECT_EQ(calls[1]["name"], "db-2");
  EXPECT_EQ(calls[1]["disk_path"], "/h/.fleetbox/vms/db-2/disk.raw");
  ASSERT_TRUE(calls[1].contains("error"));
  EXPECT_THAT(calls[1]["error"].get<std::string>(), HasSubstr("create 'db-2'"));
  EXPECT_FALSE(calls[2].contains("error"));
}

TEST(FakeBackendTest, SeveralArmedMembersFailAndTheOthersDoNot) {
  TempDir dir;
  ScopedEnv record(kRecordVariable, dir.File("record.jsonl").c_str());
  ScopedEnv fail(kFailCreateVariable, "db-2,x<y>&z, db-4");
  FakeBackend backend;
  auto network = backend.CreateNetwork();
  std::vector<std::string> failed;
  for (const char* name : {"db-1", "db-2", "x<y>&z", "db-4", "db-5"}) {
    try {
      backend.Create(MemberConfig("/h", name, ""), *network);
    } catch (const BackendError&) {
      failed.push_back(name);
    }
  }
  EXPECT_THAT(failed, ::testing::ElementsAre("db-2", "x<y>&z", "db-4"));
  std::vector<std::string> recorded_errors;
  for (const json& call : CallFields(dir.File("record.jsonl"))) {
    if (call.contains("error")) recorded_errors.push_back(call["name"].get<std::string>());
  }
  EXPECT_EQ(recorded_errors, failed);
}

// The reference's sample runs, replayed through the fake with the same
// configs: every record matches the reference's line for line, field for
// field, except that a failed create also carries `error`, `fault` and
// `fault_rule` (the reference marks nothing).
class GoReferenceTest : public ::testing::TestWithParam<const char*> {};

TEST_P(GoReferenceTest, FakeRecordsWhatTheReferenceRecords) {
  const std::string reference_path =
      std::string(WITNESS_SOURCE_DIR) + "/tests/fake/testdata/" + GetParam();
  std::vector<json> reference = CallFields(reference_path);
  ASSERT_FALSE(reference.empty());

  TempDir dir;
  FakeOptions options = RecordTo(dir.File("record.jsonl"));
  std::vector<std::string> failed;
  for (const json& call : reference) {
    // The reference records no error; a create never followed by a stop failed.
    if (call["op"] != "create") continue;
    bool stopped = false;
    for (const json& later : reference) {
      stopped = stopped || (later["op"] == "stop" && later["name"] == call["name"]);
    }
    if (!stopped) options.fail_create.push_back(call["name"].get<std::string>());
  }
  FakeBackend backend(options);
  auto network = backend.CreateNetwork();
  std::map<std::string, std::unique_ptr<VM>> vms;
  for (const json& call : reference) {
    const std::string op = call["op"];
    const std::string name = call.value("name", "");
    if (op == "reserve") {
      EXPECT_EQ(network->Reserve(name, call.value("ip_hint", "")).mac, call["mac"]);
    } else if (op == "create") {
      Config config;
      config.name = name;
      config.disk_path = call.value("disk_path", "");
      config.seed_path = call.value("seed_path", "");
      config.efi_path = call.value("efi_path", "");
      config.mac = call.value("mac", "");
      config.fixture_paths = call.value("fixture_paths", std::vector<std::string>{});
      try {
        vms[name] = backend.Create(config, *network);
      } catch (const BackendError&) {
      }
    } else if (op == "stop") {
      vms.at(name)->Stop();
    } else if (op == "close") {
      network->Close();
    }
  }

  std::vector<json> recorded = CallFields(dir.File("record.jsonl"));
  ASSERT_EQ(recorded.size(), reference.size());
  for (std::size_t i = 0; i < recorded.size(); ++i) {
    json without_error = recorded[i];
    without_error.erase("error");
    without_error.erase("fault");
    without_error.erase("fault_rule");
    EXPECT_EQ(without_error, reference[i]) << "record " << i + 1;
    const bool armed_create =
        recorded[i]["op"] == "create" && backend.FailsCreate(recorded[i]["name"].get<std::string>());
    EXPECT_EQ(recorded[i].contains("error"), armed_create) << recorded[i].dump();
  }
}

INSTANTIATE_TEST_SUITE_P(SampleRuns, GoReferenceTest,
                         ::testing::Values("go-reference-solo.jsonl",
                                           "go-reference-cluster-failcreate.jsonl"));

TEST(FakeBackendTest, UnwritableRecordFailsTheCallNamingThePath) {
  TempDir dir;
  const std::string path = dir.File("missing-dir/record.jsonl");
  FakeBackend backend(RecordTo(path));
  auto network = backend.CreateNetwork();
  try {
    network->Reserve("solo", "");
    FAIL() << "reserve succeeded without its record";
  } catch (const BackendError& e) {
    EXPECT_THAT(e.what(), HasSubstr("cannot record reserve 'solo'"));
    EXPECT_THAT(e.what(), HasSubstr(path));
  }
  EXPECT_THROW(backend.Create(MemberConfig("/h", "solo", ""), *network), BackendError);
  EXPECT_THROW(network->Close(), BackendError);

  // The fake retries the open at every call: once the file can be created,
  // calls succeed and are recorded.
  ASSERT_EQ(mkdir(dir.File("missing-dir").c_str(), 0700), 0);
  network->Reserve("solo", "");
  EXPECT_EQ(CallFields(path).size(), 1u);
}

TEST(FakeBackendTest, FullDeviceFailsTheCall) {
  FakeBackend backend(RecordTo("/dev/full"));
  auto network = backend.CreateNetwork();
  try {
    network->Reserve("solo", "");
    FAIL() << "reserve succeeded without its record";
  } catch (const BackendError& e) {
    EXPECT_THAT(e.what(), HasSubstr("/dev/full"));
  }
}

TEST(FakeBackendTest, ADirectoryAsRecordFileFailsTheCall) {
  TempDir dir;
  FakeBackend backend(RecordTo(dir.path()));
  auto network = backend.CreateNetwork();
  try {
    backend.Create(MemberConfig("/h", "web-1", ""), *network);
    FAIL() << "create succeeded without its record";
  } catch (const BackendError& e) {
    EXPECT_THAT(e.what(), HasSubstr("cannot record create 'web-1'"));
    EXPECT_THAT(e.what(), HasSubstr(dir.path()));
  }
}

// Runs in a child process (a death test), so exhausting the process's
// addresses cannot starve the other tests in this binary.
TEST(FakeBackendDeathTest, PastTheLastAddressCreateFailsClearly) {
  TempDir dir;
  const std::string path = dir.File("record.jsonl");
  EXPECT_EXIT(
      {
        FakeBackend backend(RecordTo(path));
        auto network = backend.CreateNetwork();
        int previous = 0;
        for (int i = 0;; ++i) {
          std::unique_ptr<VM> vm;
          try {
            vm = backend.Create(MemberConfig("/h", "m" + std::to_string(i), ""), *network);
          } catch (const BackendError& e) {
            std::fprintf(stderr, "last=%d error=%s\n", previous, e.what());
            std::exit(previous == 254 ? 0 : 1);
          }
          const int host = HostNumber(vm->WaitForIP(0ms));
          if (host < 1 || (previous != 0 && host != previous + 1)) {
            std::fprintf(stderr, "bad address %s after %d\n", vm->WaitForIP(0ms).c_str(),
                         previous);
            std::exit(2);
          }
          previous = host;
        }
      },
      ::testing::ExitedWithCode(0),
      "last=254 error=create 'm[0-9]+': the fake has no address left: all 254 addresses of "
      "203\\.0\\.113\\.0/24 are used in this process");
  // The refused create is recorded too, with its error.
  std::vector<json> calls = CallFields(path);
  ASSERT_FALSE(calls.empty());
  EXPECT_THAT(calls.back().value("error", ""), HasSubstr("no address left"));
  for (std::size_t i = 0; i + 1 < calls.size(); ++i) EXPECT_FALSE(calls[i].contains("error"));
}

}  // namespace
}  // namespace witness::fake
