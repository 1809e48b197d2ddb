// Many members created, started, waited on and stopped at once, as a
// holder's threads do, then every record read back and accounted for.
//
// Green proves: no call is lost or duplicated in the record file under
// contention, each VM gets its own valid address, Wait is released by a
// Stop from another thread, armed members fail concurrently without
// disturbing the others, and (under ThreadSanitizer) the fake has no data
// race. It does not prove anything about a real hypervisor's threading.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "fake_test_support.h"
#include "witness/fake/fake_backend.h"
#include "witness/recorder/reader.h"

namespace witness::fake {
namespace {

using fake_test::MemberConfig;
using fake_test::TempDir;
using namespace std::chrono_literals;

constexpr int kThreads = 12;
constexpr int kMembersPerThread = 8;  // 96 VMs: within the 254 addresses

std::string MemberName(int thread, int member) {
  return "m" + std::to_string(thread) + "-" + std::to_string(member);
}

// Every third member's create is armed to fail.
bool Armed(int thread, int member) { return (thread + member) % 3 == 0; }

TEST(FakeConcurrencyTest, ConcurrentMembersAreAllRecordedExactlyOnce) {
  TempDir dir;
  FakeOptions options;
  options.record_path = dir.File("record.jsonl");
  for (int t = 0; t < kThreads; ++t) {
    for (int m = 0; m < kMembersPerThread; ++m) {
      if (Armed(t, m)) options.fail_create.push_back(MemberName(t, m));
    }
  }
  FakeBackend backend(options);
  auto shared_network = backend.CreateNetwork();

  std::atomic<int> unexpected{0};
  std::vector<std::vector<std::string>> addresses(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int m = 0; m < kMembersPerThread; ++m) {
        const std::string name = MemberName(t, m);
        Reservation reservation = shared_network->Reserve(name, "");
        std::unique_ptr<VM> vm;
        try {
          vm = backend.Create(MemberConfig(dir.path(), name, reservation.mac), *shared_network);
        } catch (const BackendError&) {
          if (!Armed(t, m)) ++unexpected;
          continue;
        }
        if (Armed(t, m)) ++unexpected;
        vm->Start();
        // A waiter blocked in Wait, released by this thread's Stop.
        std::thread waiter([&vm, &unexpected] {
          if (!vm->Wait(24h)) ++unexpected;
        });
        addresses[t].push_back(vm->WaitForIP(0ms));
        vm->Stop();
        waiter.join();
        if (vm->CurrentState() != State::kStopped) ++unexpected;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  shared_network->Close();
  EXPECT_EQ(unexpected.load(), 0);

  // Every address valid and distinct.
  std::set<std::string> distinct;
  for (const auto& per_thread : addresses) {
    for (const std::string& ip : per_thread) {
      EXPECT_THAT(ip, ::testing::MatchesRegex(R"(203\.0\.113\.[0-9]+)"));
      const int host = std::stoi(ip.substr(ip.rfind('.') + 1));
      EXPECT_TRUE(host >= 1 && host <= 254) << ip;
      EXPECT_TRUE(distinct.insert(ip).second) << "address handed out twice: " << ip;
    }
  }

  // Every call recorded exactly once, in a valid line, with its outcome.
  recorder::Recording recording = recorder::ReadRecordFile(dir.File("record.jsonl"));
  EXPECT_TRUE(recording.diagnostics.empty()) << recording.diagnostics.front().ToString();
  std::map<std::string, std::map<std::string, int>> ops_by_member;
  std::set<std::int64_t> seqs;
  int closes = 0;
  for (const recorder::Record* record : recording.CallRecords()) {
    EXPECT_TRUE(seqs.insert(record->Seq().value_or(-1)).second) << record->Dump();
    if (record->Op() == "close") {
      ++closes;
      continue;
    }
    ++ops_by_member[record->Name()][record->Op()];
    if (record->Op() == "create") {
      EXPECT_EQ(record->Has("error"), options.fail_create.end() !=
                                          std::find(options.fail_create.begin(),
                                                    options.fail_create.end(), record->Name()))
          << record->Dump();
      EXPECT_EQ(record->String("mac"), MacForMember(record->Name()));
    }
  }
  EXPECT_EQ(closes, 1);
  ASSERT_EQ(ops_by_member.size(), static_cast<std::size_t>(kThreads * kMembersPerThread));
  for (int t = 0; t < kThreads; ++t) {
    for (int m = 0; m < kMembersPerThread; ++m) {
      const std::string name = MemberName(t, m);
      std::map<std::string, int> expected{{"reserve", 1}, {"create", 1}};
      if (!Armed(t, m)) {
        expected["start"] = 1;
        expected["stop"] = 1;
      }
      EXPECT_EQ(ops_by_member[name], expected) << name;
    }
  }
}

}  // namespace
}  // namespace witness::fake
