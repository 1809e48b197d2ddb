// =============================================================================
// Multi-process tests of minifleet's Fleet (the client library) against a
// real minifleet-helper-fake process, read back through the record file.
//
// What green proves: each member's own artifacts and MAC reach its create;
// a re-up keeps a member's disk; rollback undoes exactly what the failing
// call did - new members removed, members that existed before only
// stopped, members of earlier calls untouched, the network closed only by
// the call that opened it; a start that fails once is retried; a failed
// reserve creates nothing; an address that never comes fails the call in
// time and is rolled back. What it does not prove: that the scenario files
// catch these bugs (the fault tests run them through `witness run`), nor
// anything a real hypervisor would add.
// =============================================================================
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "minifleet/fleet.h"
#include "minifleet/helper_client.h"
#include "minifleet/member_files.h"
#include "minifleet_test_support.h"

namespace minifleet {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::SizeIs;

class FleetTest : public ::testing::Test {
 protected:
  FleetTest()
      : record_file_(dir_.path() + "/record.jsonl"),
        root_(dir_.path() + "/root"),
        record_env_("FLEETBOX_FAKE_RECORD", record_file_) {}

  // A helper spawned now, so it sees the environment as it is now.
  static std::unique_ptr<HelperClient> SpawnHelper() {
    HelperClient::Options options;
    options.helper_path = MINIFLEET_HELPER_FAKE_PATH;
    return std::make_unique<HelperClient>(options);
  }

  std::vector<witness::recorder::Record> Records(const std::string& op,
                                                 const std::string& name = "") const {
    return testing::RecordsOf(record_file_, op, name);
  }

  testing::TempDir dir_;
  std::string record_file_;
  std::string root_;
  testing::ScopedEnv record_env_;
};

TEST_F(FleetTest, EachMembersOwnArtifactsAndMacReachItsCreate) {
  auto helper = SpawnHelper();
  Fleet fleet(*helper, root_);
  UpOptions options;
  options.fixtures = 1;
  std::vector<MemberReport> reports = fleet.Up({"a", "b"}, options);
  ASSERT_THAT(reports, SizeIs(2));
  EXPECT_EQ(reports[0].state, "running");
  EXPECT_THAT(reports[0].ip, HasSubstr("203.0.113."));
  fleet.Down();
  for (const std::string name : {"a", "b"}) {
    auto reserve = Records("reserve", name);
    auto create = Records("create", name);
    ASSERT_THAT(reserve, SizeIs(1));
    ASSERT_THAT(create, SizeIs(1));
    MemberFiles files = MemberFiles::For(root_, name, 1);
    EXPECT_EQ(create[0].String("mac"), reserve[0].String("mac"));
    EXPECT_EQ(create[0].String("disk_path"), files.disk);
    EXPECT_EQ(create[0].String("seed_path"), files.seed);
    EXPECT_EQ(create[0].fields()["fixture_paths"], nlohmann::json(files.fixtures));
    EXPECT_TRUE(fs::exists(files.disk));
  }
  EXPECT_THAT(Records("close"), SizeIs(1));
}

TEST_F(FleetTest, AReUpKeepsTheDiskAndRewritesTheSeed) {
  {
    auto helper = SpawnHelper();
    Fleet fleet(*helper, root_);
    fleet.Up({"a"}, UpOptions{});
    fleet.Down();
  }
  MemberFiles files = MemberFiles::For(root_, "a", 0);
  std::ofstream(files.disk, std::ios::in | std::ios::out) << "guest wrote this";
  fs::remove(files.seed);
  auto helper = SpawnHelper();
  Fleet fleet(*helper, root_);
  std::vector<MemberReport> reports = fleet.Up({"a"}, UpOptions{});
  EXPECT_TRUE(reports[0].reused);
  std::ifstream disk(files.disk);
  std::string start(16, '\0');
  disk.read(start.data(), 16);
  EXPECT_EQ(start, "guest wrote this");
  EXPECT_TRUE(fs::exists(files.seed));
}

TEST_F(FleetTest, RollbackUndoesOnlyWhatTheFailingCallDid) {
  // a was brought up by an earlier run and is stopped on disk; b comes up
  // in this session before the failing call; c is new and fails.
  {
    auto helper = SpawnHelper();
    Fleet fleet(*helper, root_);
    fleet.Up({"a"}, UpOptions{});
    fleet.Down();
  }
  testing::ScopedEnv fail("FLEETBOX_FAKE_FAIL_CREATE", "c");
  auto helper = SpawnHelper();
  Fleet fleet(*helper, root_);
  fleet.Up({"b"}, UpOptions{});
  std::size_t closes_before = Records("close").size();
  try {
    fleet.Up({"a", "c"}, UpOptions{});
    FAIL() << "the armed create did not fail";
  } catch (const UpError& e) {
    EXPECT_THAT(e.what(), HasSubstr("create 'c'"));
    EXPECT_THAT(e.what(), HasSubstr("rolled back: stopped a; removed c"));
  }
  EXPECT_TRUE(fs::exists(MemberFiles::For(root_, "a", 0).disk)) << "a existed before: kept";
  EXPECT_FALSE(fs::exists(MemberFiles::For(root_, "c", 0).dir)) << "c is new: removed";
  EXPECT_THAT(Records("stop", "a"), SizeIs(2)) << "a: stopped by the first run and the rollback";
  EXPECT_THAT(Records("stop", "b"), SizeIs(0)) << "b belongs to an earlier call";
  EXPECT_THAT(Records("stop", "c"), SizeIs(0)) << "c never got a VM";
  EXPECT_EQ(Records("close").size(), closes_before) << "the network was opened earlier";
  EXPECT_THAT(fleet.members(), ::testing::ElementsAre("b"));
  fleet.Down();
  EXPECT_THAT(Records("stop", "b"), SizeIs(1));
  EXPECT_EQ(Records("close").size(), closes_before + 1);
}

TEST_F(FleetTest, AFailureInTheFirstCallClosesTheNetworkItOpened) {
  testing::ScopedEnv fail("FLEETBOX_FAKE_FAIL_CREATE", "y");
  auto helper = SpawnHelper();
  Fleet fleet(*helper, root_);
  UpOptions options;
  options.concurrent = true;
  EXPECT_THROW(fleet.Up({"x", "y", "z"}, options), UpError);
  EXPECT_THAT(Records("stop", "x"), SizeIs(1));
  EXPECT_THAT(Records("stop", "z"), SizeIs(1));
  EXPECT_THAT(Records("stop", "y"), SizeIs(0));
  EXPECT_THAT(Records("close"), SizeIs(1));
  for (const char* name : {"x", "y", "z"}) {
    EXPECT_FALSE(fs::exists(MemberFiles::For(root_, name, 0).dir)) << name;
  }
  EXPECT_THAT(fleet.members(), SizeIs(0));
}

TEST_F(FleetTest, InvalidOrRepeatedNamesAreRefusedBeforeAnyBackendCall) {
  auto helper = SpawnHelper();
  Fleet fleet(*helper, root_);
  EXPECT_THROW(fleet.Up({"a", "a"}, UpOptions{}), std::invalid_argument);
  EXPECT_THROW(fleet.Up({"../escape"}, UpOptions{}), std::invalid_argument);
  EXPECT_THROW(fleet.Up({}, UpOptions{}), std::invalid_argument);
  helper.reset();
  EXPECT_THAT(Records("reserve"), SizeIs(0));
}

// ---- recoveries from the fake's fault rules ----

TEST_F(FleetTest, AStartThatFailsOnceIsRetriedAndTheMemberComesUp) {
  testing::ScopedEnv faults("FLEETBOX_FAKE_FAULTS", "start:b@1=fail");
  auto helper = SpawnHelper();
  Fleet fleet(*helper, root_);
  std::vector<MemberReport> reports = fleet.Up({"a", "b"}, UpOptions{});
  EXPECT_EQ(reports[0].start_retried_after, "");
  EXPECT_THAT(reports[1].start_retried_after, HasSubstr("start 'b': failure injected"));
  EXPECT_EQ(reports[1].state, "running");
  EXPECT_THAT(Records("start", "b"), SizeIs(2));
}

TEST_F(FleetTest, AStartThatFailsTwiceFailsTheCallNamingBothTries) {
  testing::ScopedEnv faults("FLEETBOX_FAKE_FAULTS", "start:b@1+=fail");
  auto helper = SpawnHelper();
  Fleet fleet(*helper, root_);
  try {
    fleet.Up({"a", "b"}, UpOptions{});
    FAIL() << "a member that never started came up";
  } catch (const UpError& e) {
    EXPECT_THAT(e.what(), HasSubstr("start 'b': failure injected by rule 'start:b@1+=fail'"));
    EXPECT_THAT(e.what(), HasSubstr("(retried; the first start failed too: start 'b': "));
  }
  EXPECT_THAT(Records("start", "b"), SizeIs(2));
}

TEST_F(FleetTest, AFailedReserveCreatesNothingAndReleasesTheReservationsOnce) {
  testing::ScopedEnv faults("FLEETBOX_FAKE_FAULTS", "reserve:*@2=fail");
  auto helper = SpawnHelper();
  Fleet fleet(*helper, root_);
  try {
    fleet.Up({"a", "b", "c"}, UpOptions{});
    FAIL() << "the cluster came up without b's reservation";
  } catch (const UpError& e) {
    EXPECT_THAT(e.what(), HasSubstr("reserve 'b': failure injected"));
    EXPECT_THAT(e.what(), HasSubstr("rolled back: closed the network"));
  }
  EXPECT_THAT(Records("reserve"), SizeIs(2)) << "c is never reserved";
  EXPECT_THAT(Records("create"), SizeIs(0));
  EXPECT_THAT(Records("close"), SizeIs(1));
  EXPECT_FALSE(fs::exists(root_ + "/vms/a"));
}

TEST_F(FleetTest, AnAddressThatDoesNotComeInTimeFailsTheCallAndRollsBack) {
  testing::ScopedEnv faults("FLEETBOX_FAKE_FAULTS", "wait_for_ip:b=hang");
  auto helper = SpawnHelper();
  Fleet fleet(*helper, root_);
  UpOptions options;
  options.ip_timeout = std::chrono::milliseconds(300);
  try {
    fleet.Up({"a", "b"}, options);
    FAIL() << "a member without an address came up";
  } catch (const UpError& e) {
    EXPECT_THAT(e.what(), HasSubstr("status 'b': no answer from the helper within 300 ms"));
    EXPECT_THAT(e.what(), HasSubstr("rolled back: stopped b, a"));
  }
  EXPECT_THAT(Records("stop", "b"), SizeIs(1));
  EXPECT_FALSE(fs::exists(root_ + "/vms/b"));
  EXPECT_NO_THROW(helper->Shutdown());
}

}  // namespace
}  // namespace minifleet
