// RecordingBackend around test doubles of a real backend: it records each
// call in the fake's format with its outcome and changes nothing else.
#include "witness/backend/recording_backend.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "fake_test_support.h"
#include "witness/fake/fake_backend.h"

namespace witness {
namespace {

using fake_test::CallFields;
using fake_test::MemberConfig;
using fake_test::TempDir;
using nlohmann::json;
using ::testing::_;
using ::testing::ByMove;
using ::testing::HasSubstr;
using ::testing::Ref;
using ::testing::Return;
using ::testing::Throw;
using namespace std::chrono_literals;

class MockNetwork : public Network {
 public:
  MOCK_METHOD(void, Close, (), (override));
  MOCK_METHOD(std::string, Subnet, (), (const, override));
  MOCK_METHOD(Reservation, Reserve, (const std::string&, const std::string&), (override));
};

class MockVM : public VM {
 public:
  MOCK_METHOD(void, Start, (), (override));
  MOCK_METHOD(void, Stop, (), (override));
  MOCK_METHOD(State, CurrentState, (), (const, override));
  MOCK_METHOD(bool, Wait, (std::chrono::milliseconds), (override));
  MOCK_METHOD(std::string, WaitForIP, (std::chrono::milliseconds), (override));
};

class MockBackend : public Backend {
 public:
  MOCK_METHOD(std::unique_ptr<Network>, CreateNetwork, (), (override));
  MOCK_METHOD(std::unique_ptr<VM>, Create, (const Config&, Network&), (override));
  MOCK_METHOD(bool, NestedVirtSupported, (), (const, override));
  MOCK_METHOD(bool, SupportsClustering, (), (const, override));
  MOCK_METHOD(void, Reconcile, (), (override));
};

// Sets *destroyed when destroyed.
class DestroyTrackingVM : public MockVM {
 public:
  explicit DestroyTrackingVM(bool* destroyed) : destroyed_(destroyed) {}
  ~DestroyTrackingVM() override { *destroyed_ = true; }

 private:
  bool* destroyed_;
};

// Not derived from std::exception: must still be recorded and rethrown.
struct OddFailure {
  int code;
};

class RecordingBackendTest : public ::testing::Test {
 protected:
  RecordingBackendTest() {
    auto backend = std::make_unique<MockBackend>();
    backend_ = backend.get();
    auto network = std::make_unique<MockNetwork>();
    network_ = network.get();
    EXPECT_CALL(*backend_, CreateNetwork()).WillOnce(Return(ByMove(std::move(network))));
    recording_.emplace(std::move(backend), path());
  }

  std::string path() const { return dir_.File("record.jsonl"); }

  // A MockVM for the next Create, configured by the caller through `vm`.
  MockVM* ExpectCreate(const std::string& name) {
    auto vm = std::make_unique<MockVM>();
    MockVM* raw = vm.get();
    EXPECT_CALL(*backend_, Create(::testing::Field(&Config::name, name), Ref(*network_)))
        .WillOnce(Return(ByMove(std::move(vm))));
    return raw;
  }

  TempDir dir_;
  MockBackend* backend_ = nullptr;
  MockNetwork* network_ = nullptr;
  std::optional<RecordingBackend> recording_;
};

TEST_F(RecordingBackendTest, RecordsEveryCallAndForwardsItUnchanged) {
  auto network = recording_->CreateNetwork();
  EXPECT_CALL(*network_, Reserve("web-1", "192.168.64.20"))
      .WillOnce(Return(Reservation{"192.168.64.20", "02:00:00:00:00:01"}));
  Reservation reservation = network->Reserve("web-1", "192.168.64.20");
  EXPECT_EQ(reservation.ip, "192.168.64.20");
  EXPECT_EQ(reservation.mac, "02:00:00:00:00:01");

  MockVM* mock_vm = ExpectCreate("web-1");
  Config config = MemberConfig("/h", "web-1", reservation.mac);
  config.cpus = 2;
  config.memory_bytes = 1 << 30;
  config.assigned_ip = reservation.ip;
  config.serial_log_path = "/h/serial.log";
  auto vm = recording_->Create(config, *network);

  EXPECT_CALL(*mock_vm, Start());
  EXPECT_CALL(*mock_vm, Stop());
  vm->Start();
  vm->Stop();
  EXPECT_CALL(*network_, Close()).Times(2);
  network->Close();
  network->Close();

  EXPECT_EQ(CallFields(path()),
            (std::vector<json>{
                {{"op", "reserve"},
                 {"name", "web-1"},
                 {"ip_hint", "192.168.64.20"},
                 {"mac", "02:00:00:00:00:01"}},
                {{"op", "create"},
                 {"name", "web-1"},
                 {"disk_path", "/h/.fleetbox/vms/web-1/disk.raw"},
                 {"seed_path", "/h/.fleetbox/vms/web-1/seed.iso"},
                 {"efi_path", "/h/.fleetbox/vms/web-1/efi.fd"},
                 {"fixture_paths", {"/h/.fleetbox/vms/web-1/fixture-0.img"}},
                 {"assigned_ip", "192.168.64.20"},
                 {"mac", "02:00:00:00:00:01"},
                 {"cpus", 2},
                 {"memory_bytes", 1 << 30},
                 {"serial_log_path", "/h/serial.log"}},
                {{"op", "start"}, {"name", "web-1"}},
                {{"op", "stop"}, {"name", "web-1"}},
                {{"op", "close"}},
                {{"op", "close"}},
            }));
}

TEST_F(RecordingBackendTest, QueriesAreForwardedAndNotRecorded) {
  auto network = recording_->CreateNetwork();
  EXPECT_CALL(*network_, Subnet()).WillOnce(Return("192.168.64.0/24"));
  EXPECT_EQ(network->Subnet(), "192.168.64.0/24");
  EXPECT_CALL(*backend_, NestedVirtSupported()).WillOnce(Return(false));
  EXPECT_FALSE(recording_->NestedVirtSupported());
  EXPECT_CALL(*backend_, SupportsClustering()).WillOnce(Return(false));
  EXPECT_FALSE(recording_->SupportsClustering());
  EXPECT_CALL(*backend_, Reconcile());
  recording_->Reconcile();

  MockVM* mock_vm = ExpectCreate("db-1");
  auto vm = recording_->Create(MemberConfig("/h", "db-1", ""), *network);
  EXPECT_CALL(*mock_vm, CurrentState()).WillOnce(Return(State::kPaused));
  EXPECT_EQ(vm->CurrentState(), State::kPaused);
  EXPECT_CALL(*mock_vm, Wait(std::chrono::milliseconds(1500))).WillOnce(Return(false));
  EXPECT_FALSE(vm->Wait(1500ms));
  EXPECT_CALL(*mock_vm, WaitForIP(std::chrono::milliseconds(20000)))
      .WillOnce(Return("192.168.64.3"));
  EXPECT_EQ(vm->WaitForIP(20s), "192.168.64.3");

  std::vector<json> calls = CallFields(path());
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0]["op"], "create");
}

TEST_F(RecordingBackendTest, FailedCallsAreRecordedWithErrorAndRethrownUnchanged) {
  auto network = recording_->CreateNetwork();
  EXPECT_CALL(*network_, Reserve("db-2", ""))
      .WillOnce(Throw(std::runtime_error("address pool exhausted")));
  EXPECT_THROW(
      {
        try {
          network->Reserve("db-2", "");
        } catch (const std::runtime_error& e) {
          EXPECT_STREQ(e.what(), "address pool exhausted");
          throw;
        }
      },
      std::runtime_error);

  EXPECT_CALL(*backend_, Create(_, Ref(*network_)))
      .WillOnce(Throw(BackendError("create 'db-2': no hypervisor")));
  EXPECT_THROW(recording_->Create(MemberConfig("/h", "db-2", ""), *network), BackendError);

  MockVM* mock_vm = ExpectCreate("db-1");
  auto vm = recording_->Create(MemberConfig("/h", "db-1", ""), *network);
  EXPECT_CALL(*mock_vm, Start()).WillOnce(Throw(OddFailure{7}));
  try {
    vm->Start();
    ADD_FAILURE() << "start did not rethrow";
  } catch (const OddFailure& failure) {
    EXPECT_EQ(failure.code, 7);
  }
  EXPECT_CALL(*network_, Close()).WillOnce(Throw(BackendError("close: busy")));
  EXPECT_THROW(network->Close(), BackendError);

  std::vector<json> calls = CallFields(path());
  ASSERT_EQ(calls.size(), 5u);
  EXPECT_EQ(calls[0],
            (json{{"op", "reserve"}, {"name", "db-2"}, {"error", "address pool exhausted"}}));
  EXPECT_EQ(calls[1]["op"], "create");
  EXPECT_EQ(calls[1]["disk_path"], "/h/.fleetbox/vms/db-2/disk.raw");
  EXPECT_EQ(calls[1]["error"], "create 'db-2': no hypervisor");
  EXPECT_FALSE(calls[2].contains("error"));
  EXPECT_EQ(calls[3], (json{{"op", "start"}, {"name", "db-1"}, {"error", "unknown exception"}}));
  EXPECT_EQ(calls[4], (json{{"op", "close"}, {"error", "close: busy"}}));
}

TEST_F(RecordingBackendTest, ACreateReturningNoVmIsAFailure) {
  auto network = recording_->CreateNetwork();
  EXPECT_CALL(*backend_, Create(_, _)).WillOnce(Return(ByMove(std::unique_ptr<VM>())));
  EXPECT_THROW(recording_->Create(MemberConfig("/h", "db-1", ""), *network), BackendError);
  std::vector<json> calls = CallFields(path());
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_THAT(calls[0].value("error", ""), HasSubstr("returned no VM"));
}

TEST(RecordingBackendNetworkTest, ANetworkItDidNotMakeIsPassedThrough) {
  TempDir dir;
  auto backend = std::make_unique<MockBackend>();
  MockNetwork foreign;
  EXPECT_CALL(*backend, Create(_, Ref(foreign)))
      .WillOnce(Return(ByMove(std::make_unique<MockVM>())));
  RecordingBackend recording(std::move(backend), dir.File("record.jsonl"));
  EXPECT_NE(recording.Create(MemberConfig("/h", "solo", ""), foreign), nullptr);
}

TEST(RecordingBackendBrokenRecorderTest, UnwritableRecordFailsACallThatSucceeded) {
  TempDir dir;
  const std::string path = dir.File("missing-dir/record.jsonl");
  auto backend = std::make_unique<MockBackend>();
  bool destroyed = false;
  EXPECT_CALL(*backend, Create(_, _)).WillOnce([&destroyed](const Config&, Network&) {
    return std::unique_ptr<VM>(std::make_unique<DestroyTrackingVM>(&destroyed));
  });
  MockBackend* raw_backend = backend.get();
  RecordingBackend recording(std::move(backend), path);

  // Create succeeds in the wrapped backend, but without a record the call
  // must fail; the VM it made is destroyed.
  MockNetwork foreign;
  EXPECT_THROW(
      {
        try {
          recording.Create(MemberConfig("/h", "solo", ""), foreign);
        } catch (const BackendError& e) {
          EXPECT_THAT(e.what(), HasSubstr("cannot record create 'solo'"));
          EXPECT_THAT(e.what(), HasSubstr(path));
          throw;
        }
      },
      BackendError);
  EXPECT_TRUE(destroyed);

  // Once the record file can be created, calls are recorded again.
  ASSERT_EQ(mkdir(dir.File("missing-dir").c_str(), 0700), 0);
  auto second_vm = std::make_unique<MockVM>();
  MockVM* raw_second = second_vm.get();
  EXPECT_CALL(*raw_backend, Create(_, _)).WillOnce(Return(ByMove(std::move(second_vm))));
  auto vm = recording.Create(MemberConfig("/h", "solo", ""), foreign);
  EXPECT_CALL(*raw_second, Start());
  vm->Start();
  EXPECT_EQ(CallFields(path).size(), 2u);
}

TEST(RecordingBackendBrokenRecorderTest, WhenCallAndRecordBothFailBothAreReported) {
  auto backend = std::make_unique<MockBackend>();
  EXPECT_CALL(*backend, Create(_, _)).WillOnce(Throw(BackendError("no hypervisor")));
  RecordingBackend recording(std::move(backend), "/dev/full");
  MockNetwork foreign;
  try {
    recording.Create(MemberConfig("/h", "solo", ""), foreign);
    FAIL() << "create did not throw";
  } catch (const BackendError& e) {
    EXPECT_THAT(e.what(), HasSubstr("/dev/full"));
    EXPECT_THAT(e.what(), HasSubstr("no hypervisor"));
  }
}

TEST(RecordingBackendConstructionTest, RefusesNullBackendAndEmptyPath) {
  EXPECT_THROW(RecordingBackend(nullptr, "/tmp/x.jsonl"), std::invalid_argument);
  EXPECT_THROW(RecordingBackend(std::make_unique<MockBackend>(), std::string()),
               std::invalid_argument);
  EXPECT_THROW(RecordingBackend(std::make_unique<MockBackend>(),
                                std::shared_ptr<recorder::Writer>()),
               std::invalid_argument);
}

// The same calls through the fake and through RecordingBackend around a
// double that answers like the fake give identical record files: the same
// expectations can check both kinds of run.
TEST(RecordingBackendFormatTest, RecordsExactlyWhatTheFakeRecords) {
  TempDir dir;
  auto drive = [](Backend& backend) {
    auto network = backend.CreateNetwork();
    Reservation reservation = network->Reserve("x<y>&z", "10.0.0.1");
    Config config = MemberConfig("/h", "x<y>&z", reservation.mac, 2);
    config.cpus = 1;
    auto vm = backend.Create(config, *network);
    vm->Start();
    vm->Stop();
    network->Close();
  };
  {
    fake::FakeOptions options;
    options.record_path = dir.File("fake.jsonl");
    fake::FakeBackend fake(options);
    drive(fake);
  }
  {
    auto backend = std::make_unique<::testing::NiceMock<MockBackend>>();
    EXPECT_CALL(*backend, CreateNetwork()).WillOnce([] {
      auto network = std::make_unique<::testing::NiceMock<MockNetwork>>();
      ON_CALL(*network, Reserve(_, _)).WillByDefault([](const std::string& name, const auto&) {
        return Reservation{"", fake::MacForMember(name)};
      });
      return std::unique_ptr<Network>(std::move(network));
    });
    EXPECT_CALL(*backend, Create(_, _)).WillOnce([](const Config&, Network&) {
      return std::unique_ptr<VM>(std::make_unique<::testing::NiceMock<MockVM>>());
    });
    RecordingBackend recording(std::move(backend), dir.File("recording.jsonl"));
    drive(recording);
  }
  std::vector<json> fake_calls = CallFields(dir.File("fake.jsonl"));
  EXPECT_EQ(fake_calls.size(), 5u);
  EXPECT_EQ(CallFields(dir.File("recording.jsonl")), fake_calls);
}

}  // namespace
}  // namespace witness
