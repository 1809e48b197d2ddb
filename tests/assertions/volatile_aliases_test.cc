// The aliases that make two runs of the same behaviour read the same:
// temporary directories, pids, MACs and IPs.
#include "witness/assertions/volatile_aliases.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "witness/recorder/reader.h"

namespace witness::assertions {
namespace {

const std::vector<std::string> kRoots = {"/tmp", "/var/tmp", "/build/tmp/"};

std::string Tmp(const std::string& text) { return ReplaceTempDirectories(text, kRoots); }

TEST(ReplaceTempDirectoriesTest, FirstSegmentUnderARootIsTheTemporaryDirectory) {
  EXPECT_EQ(Tmp("/tmp/tmp.Fa83kdLq0c/vms/web-1/disk.raw"), "<tmp>/vms/web-1/disk.raw");
  EXPECT_EQ(Tmp("/tmp/fleetbox-home/vms/web-1/disk.raw"), "<tmp>/vms/web-1/disk.raw");
  EXPECT_EQ(Tmp("/var/tmp/x/a"), "<tmp>/a");
  // A root written with a trailing slash matches all the same.
  EXPECT_EQ(Tmp("/build/tmp/run/a"), "<tmp>/a");
  EXPECT_EQ(Tmp("/tmp/run"), "<tmp>");
}

TEST(ReplaceTempDirectoriesTest, PathsOutsideTheRootsAndLookAlikesAreKept) {
  EXPECT_EQ(Tmp("/home/ci/.fleetbox/vms/web-1/disk.raw"), "/home/ci/.fleetbox/vms/web-1/disk.raw");
  EXPECT_EQ(Tmp("/tmpfoo/x/y"), "/tmpfoo/x/y");
  EXPECT_EQ(Tmp("/tmp"), "/tmp");
  EXPECT_EQ(Tmp("/tmp/"), "/tmp/");
  EXPECT_EQ(Tmp("relative/tmp/x/y"), "relative/tmp/x/y");
  EXPECT_EQ(Tmp("a/tmp/x/y"), "a/tmp/x/y");  // not at the start of a path
  EXPECT_EQ(Tmp(""), "");
}

TEST(ReplaceTempDirectoriesTest, AShorterRootWinsSoANestedTmpdirEndsInTheSamePlace) {
  // Recorded with TMPDIR=/tmp/a (the diff's roots: /tmp and /tmp/a) and with
  // TMPDIR=/tmp/z (the diff knows only /tmp for it): the same alias.
  const std::vector<std::string> roots = {"/tmp", "/tmp/a"};
  EXPECT_EQ(ReplaceTempDirectories("/tmp/a/stable/r.jsonl", roots), "<tmp>/stable/r.jsonl");
  EXPECT_EQ(ReplaceTempDirectories("/tmp/z/stable/r.jsonl", roots), "<tmp>/stable/r.jsonl");
}

TEST(ReplaceTempDirectoriesTest, DeepestMkdtempLikeSegmentEndsTheTemporaryDirectory) {
  EXPECT_EQ(Tmp("/home/ci/build/witness-run-Q3xk9Z/record.jsonl"), "<tmp>/record.jsonl");
  EXPECT_EQ(Tmp("/tmp/a/witness-run-Q3xk9Z/record.jsonl"), "<tmp>/record.jsonl");
  EXPECT_EQ(Tmp("/tmp/z/witness-run-b81KqP/record.jsonl"), "<tmp>/record.jsonl");
}

TEST(ReplaceTempDirectoriesTest, PathsInsideLongerTextAreFoundAtTheirStart) {
  EXPECT_EQ(Tmp("cannot open '/tmp/tmp.Fa83kdLq0c/vms/db-2/disk.raw': no space"),
            "cannot open '<tmp>/vms/db-2/disk.raw': no space");
  EXPECT_EQ(Tmp("open /tmp/r1/a: denied; then /var/tmp/r2/b"),
            "open <tmp>/a: denied; then <tmp>/b");
  EXPECT_EQ(Tmp("--root=/tmp/run7/vms"), "--root=<tmp>/vms");
}

TEST(IsMkdtempLikeNameTest, RandomTailsAreTemporaryChosenNamesAreNot) {
  for (const char* name : {"witness-run-Q3xk9Z", "tmp.Fa83kdLq0c", "minifleet-cluster.AbCdEf",
                           "witness-cli-test-0a1b2c", "x_ABC123"}) {
    EXPECT_TRUE(IsMkdtempLikeName(name)) << name;
  }
  for (const char* name :
       {"web-1", "disk.raw", "fixture-0.img", "cluster-of-three", "fleetbox-home", "build-123456",
        "vms", "Q3xk9Z", "-Q3xk9Z", "a-Q3x.k9Z", "run-Q3xk9"}) {
    EXPECT_FALSE(IsMkdtempLikeName(name)) << name;
  }
}

class VolatileAliasesTest : public ::testing::Test {
 protected:
  static recorder::Recording Parse(const std::string& text) {
    recorder::Recording recording = recorder::ParseRecords(text, "r.jsonl");
    EXPECT_THAT(recording.diagnostics, ::testing::IsEmpty());
    return recording;
  }
};

TEST_F(VolatileAliasesTest, PidsAreNumberedByFirstAppearance) {
  const recorder::Recording recording = Parse(
      "{\"op\":\"session\",\"pid\":900,\"ts_ns\":1}\n"
      "{\"op\":\"start\",\"name\":\"a\",\"pid\":77,\"seq\":1,\"ts_ns\":2}\n"
      "{\"op\":\"stop\",\"name\":\"a\",\"pid\":900,\"seq\":1,\"ts_ns\":3}\n");
  const VolatileAliases aliases(recording, kRoots);
  EXPECT_EQ(aliases.PidAlias(900), "<pid-1>");
  EXPECT_EQ(aliases.PidAlias(77), "<pid-2>");
  EXPECT_EQ(aliases.PidAlias(5), "");
  EXPECT_EQ(aliases.Apply(recording.records[1])["pid"], "<pid-2>");
  // Only the pid field is a pid: the same number elsewhere is kept.
  EXPECT_EQ(aliases.Apply(nlohmann::json(900)), 900);
}

TEST_F(VolatileAliasesTest, MacsAndIpsAreNamedAfterTheMemberThatFirstCarriedThem) {
  const recorder::Recording recording = Parse(
      "{\"op\":\"reserve\",\"name\":\"web-1\",\"mac\":\"52:54:00:00:00:01\","
      "\"assigned_ip\":\"10.0.0.1\"}\n"
      "{\"op\":\"reserve\",\"name\":\"web-2\",\"mac\":\"52:54:00:00:00:02\"}\n"
      "{\"op\":\"create\",\"name\":\"web-2\",\"mac\":\"52:54:00:00:00:01\","
      "\"ip_hint\":\"10.0.0.1\"}\n"
      "{\"op\":\"create\",\"name\":\"web-1\",\"mac\":\"52:54:00:00:00:09\"}\n"
      "{\"op\":\"close\",\"mac\":\"52:54:00:00:00:0a\"}\n");
  const VolatileAliases aliases(recording, kRoots);
  const nlohmann::json web2_create = aliases.Apply(recording.records[2]);
  EXPECT_EQ(web2_create["mac"], "<mac of web-1>");
  EXPECT_EQ(web2_create["ip_hint"], "<ip of web-1>");
  EXPECT_EQ(aliases.Apply(recording.records[1])["mac"], "<mac of web-2>");
  EXPECT_EQ(aliases.Apply(recording.records[3])["mac"], "<mac of web-1 #2>");
  EXPECT_EQ(aliases.Apply(recording.records[4])["mac"], "<mac-1>");
  // A known address anywhere, whole, is aliased; inside other text it is not.
  EXPECT_EQ(aliases.Apply(nlohmann::json::array({"10.0.0.1", "at 10.0.0.1"})),
            nlohmann::json::array({"<ip of web-1>", "at 10.0.0.1"}));
}

TEST_F(VolatileAliasesTest, StringsInArraysAndExtrasLoseTheirTemporaryDirectory) {
  const recorder::Recording recording = Parse(
      "{\"op\":\"create\",\"name\":\"fx\",\"fixture_paths\":[\"/tmp/run-1/fx/f0.img\"],"
      "\"cpus\":2,\"note\":\"log in /tmp/run-1/fx/log\"}\n");
  const VolatileAliases aliases(recording, kRoots);
  const nlohmann::json fields = aliases.Apply(recording.records[0]);
  EXPECT_EQ(fields["fixture_paths"], nlohmann::json::array({"<tmp>/fx/f0.img"}));
  EXPECT_EQ(fields["note"], "log in <tmp>/fx/log");
  EXPECT_EQ(fields["cpus"], 2);
  EXPECT_EQ(fields["name"], "fx");
}

}  // namespace
}  // namespace witness::assertions
