// UpdateScenario: the scenario changed only where the recording contradicts
// it. Each test states the whole expected text, so every line the update
// did not have to change is asserted byte for byte, comments included.
#include "witness/assertions/scenario_update.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "witness/assertions/check.h"
#include "witness/recorder/reader.h"

namespace witness::assertions {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

bool Passes(const std::string& scenario, const recorder::Recording& recording,
            const Variables& vars = {}) {
  return Check(ParseScenario(scenario, "fleet.yaml", vars), recording).passed();
}

ScenarioUpdate Update(const std::string& scenario, const recorder::Recording& recording,
                      const Variables& vars = {}) {
  UpdateOptions options;
  options.vars = vars;
  return UpdateScenario(scenario, "fleet.yaml", recording, options);
}

// Two members, written in the block style with comments, a capture, a glob
// and a variable.
constexpr char kFleet[] = R"(# the fleet as the client brings it up
scenario: fleet
vars:
  vms: ${home}/vms   # where the disks go
members: [web-1, web-2]
per_member:
  expect:
    - id: reserve
      op: reserve
      name: ${member}
      mac: {capture: mac}
    - id: create
      op: create
      name: ${member}
      # the disk the client computed
      disk_path: ${vms}/${member}/disk.raw
      seed_path: {glob: "*/${member}/seed.iso"}
      mac: ${mac}
    - id: start
      op: start
      name: ${member}
    - id: stop
      op: stop
      name: ${member}
  order: [reserve, create, start, stop]
expect:
  - {id: close, op: close}
order:
  - [stop, close]
lifecycle: [reserve, create, start, stop]
strict: true
)";

const Variables kVars = {{"home", "/srv/h"}};

std::string Member(const std::string& name, const std::string& mac, const std::string& disk,
                   int starts = 1, bool stop = true) {
  std::string out = R"({"op":"reserve","name":")" + name + R"(","mac":")" + mac + "\"}\n";
  out += R"({"op":"create","name":")" + name + R"(","disk_path":")" + disk +
         R"(","seed_path":"/srv/h/vms/)" + name + R"(/seed.iso","mac":")" + mac + "\"}\n";
  for (int i = 0; i < starts; ++i) out += R"({"op":"start","name":")" + name + "\"}\n";
  if (stop) out += R"({"op":"stop","name":")" + name + "\"}\n";
  return out;
}

std::string Fleet(const std::string& disk_file = "disk.raw", int starts = 1, bool stop = true,
                  const std::string& extra = "") {
  return Member("web-1", "02:00:00:00:00:01", "/srv/h/vms/web-1/" + disk_file, starts, stop) +
         Member("web-2", "02:00:00:00:00:02", "/srv/h/vms/web-2/" + disk_file, starts, stop) +
         extra + R"({"op":"close"})" + "\n";
}

TEST(ScenarioUpdateTest, PassingScenarioIsLeftAsItIs) {
  const recorder::Recording recording = recorder::ParseRecords(Fleet());
  ASSERT_TRUE(Passes(kFleet, recording, kVars));
  const ScenarioUpdate update = Update(kFleet, recording, kVars);
  EXPECT_TRUE(update.passes);
  EXPECT_FALSE(update.changed);
  EXPECT_EQ(update.text, kFleet);
}

TEST(ScenarioUpdateTest, ChangedValueIsWrittenWithTheVariablesAndMemberOfTheOriginal) {
  const recorder::Recording recording = recorder::ParseRecords(Fleet("disk.qcow2"));
  const ScenarioUpdate update = Update(kFleet, recording, kVars);
  ASSERT_TRUE(update.passes) << ::testing::PrintToString(update.unresolved);
  EXPECT_EQ(update.text, Replace(kFleet, "${vms}/${member}/disk.raw", "${vms}/${member}/disk.qcow2"));
  EXPECT_TRUE(Passes(update.text, recording, kVars));
  EXPECT_FALSE(Passes(update.text, recorder::ParseRecords(Fleet()), kVars));
}

TEST(ScenarioUpdateTest, ChangedCountIsAddedToABlockExpectation) {
  const recorder::Recording recording = recorder::ParseRecords(Fleet("disk.raw", 2));
  const ScenarioUpdate update = Update(kFleet, recording, kVars);
  ASSERT_TRUE(update.passes) << ::testing::PrintToString(update.unresolved);
  EXPECT_EQ(update.text, Replace(kFleet, "      op: start\n      name: ${member}\n",
                                 "      op: start\n      name: ${member}\n      count: 2\n"));
}

TEST(ScenarioUpdateTest, CountsThatDifferByMemberBecomeARange) {
  const std::string text =
      Member("web-1", "02:00:00:00:00:01", "/srv/h/vms/web-1/disk.raw", 1) +
      Member("web-2", "02:00:00:00:00:02", "/srv/h/vms/web-2/disk.raw", 3) + "{\"op\":\"close\"}\n";
  const ScenarioUpdate update = Update(kFleet, recorder::ParseRecords(text), kVars);
  ASSERT_TRUE(update.passes) << ::testing::PrintToString(update.unresolved);
  EXPECT_THAT(update.text, HasSubstr("      name: ${member}\n      count: {min: 1, max: 3}\n"));
}

TEST(ScenarioUpdateTest, CountInAFlowExpectationIsReplacedInPlace) {
  const std::string scenario = "scenario: s\nexpect:\n  - {op: close, count: 1}  # once\n";
  const recorder::Recording recording =
      recorder::ParseRecords("{\"op\":\"close\"}\n{\"op\":\"close\"}\n");
  const ScenarioUpdate update = Update(scenario, recording);
  ASSERT_TRUE(update.passes);
  EXPECT_EQ(update.text, "scenario: s\nexpect:\n  - {op: close, count: 2}  # once\n");
}

TEST(ScenarioUpdateTest, CountIsAddedInsideAFlowExpectation) {
  const std::string scenario = "scenario: s\nexpect:\n  - {op: close}\n";
  const ScenarioUpdate update =
      Update(scenario, recorder::ParseRecords("{\"op\":\"close\"}\n{\"op\":\"close\"}\n"));
  ASSERT_TRUE(update.passes);
  EXPECT_EQ(update.text, "scenario: s\nexpect:\n  - {op: close, count: 2}\n");
}

TEST(ScenarioUpdateTest, NewOpUnderStrictGetsAnExpectationPerMember) {
  const std::string pauses = R"({"op":"pause","name":"web-1"})"
                             "\n"
                             R"({"op":"pause","name":"web-2"})"
                             "\n";
  const recorder::Recording recording =
      recorder::ParseRecords(Fleet("disk.raw", 1, true, pauses));
  const ScenarioUpdate update = Update(kFleet, recording, kVars);
  ASSERT_TRUE(update.passes) << ::testing::PrintToString(update.unresolved);
  EXPECT_EQ(update.text, Replace(kFleet, "  order: [reserve, create, start, stop]\n",
                                 "    - id: pause\n      op: pause\n      name: ${member}\n"
                                 "      count: 1\n"
                                 "  order: [reserve, create, start, stop]\n"));
}

TEST(ScenarioUpdateTest, NewOpOfNoMemberGetsATopLevelExpectation) {
  const recorder::Recording recording =
      recorder::ParseRecords(Fleet("disk.raw", 1, true, "{\"op\":\"flush\"}\n"));
  const ScenarioUpdate update = Update(kFleet, recording, kVars);
  ASSERT_TRUE(update.passes) << ::testing::PrintToString(update.unresolved);
  EXPECT_EQ(update.text, Replace(kFleet, "  - {id: close, op: close}\n",
                                 "  - {id: close, op: close}\n  - id: flush\n    op: flush\n"
                                 "    count: 1\n"));
}

TEST(ScenarioUpdateTest, RemovedOpTakesItsExpectationOrderAndLifecycleEntriesAlong) {
  const recorder::Recording recording = recorder::ParseRecords(Fleet("disk.raw", 1, false));
  const ScenarioUpdate update = Update(kFleet, recording, kVars);
  ASSERT_TRUE(update.passes) << ::testing::PrintToString(update.unresolved);
  std::string expected = Replace(kFleet, "    - id: stop\n      op: stop\n      name: ${member}\n",
                                 "    # witness --update: removed expectation 'stop': no record "
                                 "has op 'stop'\n");
  expected = Replace(expected, "order: [reserve, create, start, stop]", "order: [reserve, create, start]");
  expected = Replace(expected, "order:\n  - [stop, close]\n", "");
  expected = Replace(expected, "lifecycle: [reserve, create, start, stop]",
                     "lifecycle: [reserve, create, start]");
  EXPECT_EQ(update.text, expected);
  EXPECT_FALSE(Passes(update.text, recorder::ParseRecords(Fleet()), kVars));
}

TEST(ScenarioUpdateTest, HandWrittenMatcherThatStillHoldsIsKept) {
  // The seed moves to another folder that the glob still accepts: only the
  // disk path changes.
  std::string text = Fleet("disk.qcow2");
  for (const char* member : {"web-1", "web-2"}) {
    text = Replace(text, std::string("/srv/h/vms/") + member + "/seed.iso",
                   std::string("/srv/other/") + member + "/seed.iso");
  }
  const ScenarioUpdate update = Update(kFleet, recorder::ParseRecords(text), kVars);
  ASSERT_TRUE(update.passes) << ::testing::PrintToString(update.unresolved);
  EXPECT_EQ(update.text, Replace(kFleet, "disk.raw", "disk.qcow2"));
}

TEST(ScenarioUpdateTest, HandWrittenMatcherThatNoLongerHoldsIsReplacedAndKeptInAComment) {
  std::string text = Fleet();
  for (const char* member : {"web-1", "web-2"}) {
    text = Replace(text, std::string("/srv/h/vms/") + member + "/seed.iso",
                   std::string("/srv/h/vms/") + member + "/seed.img");
  }
  const ScenarioUpdate update = Update(kFleet, recorder::ParseRecords(text), kVars);
  ASSERT_TRUE(update.passes) << ::testing::PrintToString(update.unresolved);
  EXPECT_EQ(update.text,
            Replace(kFleet, "      seed_path: {glob: \"*/${member}/seed.iso\"}\n",
                    "      # witness --update: seed_path was {glob: \"*/${member}/seed.iso\"}\n"
                    "      seed_path: ${vms}/${member}/seed.img\n"));
}

TEST(ScenarioUpdateTest, ValueAnEarlierExpectationCapturedIsWrittenAsTheCapture) {
  // The scenario wrote the MAC out; the recording's create carries the MAC
  // its reserve handed out, another one now.
  std::string scenario = Replace(kFleet, "      mac: ${mac}\n", "      mac: 02:00:00:00:00:09\n");
  const ScenarioUpdate update = Update(scenario, recorder::ParseRecords(Fleet()), kVars);
  // Per member the recorded MAC differs: only ${mac} says both.
  ASSERT_TRUE(update.passes) << ::testing::PrintToString(update.unresolved);
  EXPECT_EQ(update.text, kFleet);
}

TEST(ScenarioUpdateTest, PatternThatHoldsForSomeMembersIsLeftToAPerson) {
  std::string text = Fleet();
  text = Replace(text, "/srv/h/vms/web-2/disk.raw", "/srv/h/vms/web-2/disk.qcow2");
  const ScenarioUpdate update = Update(kFleet, recorder::ParseRecords(text), kVars);
  EXPECT_FALSE(update.passes);
  EXPECT_FALSE(update.changed);
  EXPECT_THAT(update.unresolved, ::testing::Contains(HasSubstr("create [web-2]")));
}

TEST(ScenarioUpdateTest, QuotingOfTheReplacedValueIsKept) {
  const std::string scenario =
      "scenario: s\nexpect:\n  - op: create\n    disk_path: '/a/disk.raw'\n"
      "  - op: start\n    name: \"web-1\"\n";
  const recorder::Recording recording = recorder::ParseRecords(
      "{\"op\":\"create\",\"disk_path\":\"/b/it's.raw\"}\n{\"op\":\"start\",\"name\":\"web-2\"}\n");
  const ScenarioUpdate update = Update(scenario, recording);
  ASSERT_TRUE(update.passes) << ::testing::PrintToString(update.unresolved);
  EXPECT_EQ(update.text,
            "scenario: s\nexpect:\n  - op: create\n    disk_path: '/b/it''s.raw'\n"
            "  - op: start\n    name: \"web-2\"\n");
}

TEST(ScenarioUpdateTest, ValueInAFlowMappingIsQuotedWhenItMustBe) {
  const std::string scenario = "scenario: s\nmembers: [a]\nper_member:\n  expect:\n"
                               "    - {op: create, name: \"${member}\", path: /x/a}\n";
  const ScenarioUpdate update =
      Update(scenario, recorder::ParseRecords("{\"op\":\"create\",\"name\":\"a\",\"path\":\"/y/a\"}\n"));
  ASSERT_TRUE(update.passes) << ::testing::PrintToString(update.unresolved);
  EXPECT_EQ(update.text, "scenario: s\nmembers: [a]\nper_member:\n  expect:\n"
                         "    - {op: create, name: \"${member}\", path: \"/y/${member}\"}\n");
}

TEST(ScenarioUpdateTest, BlockMatcherIsReplacedWhole) {
  const std::string scenario = "scenario: s\nexpect:\n  - op: create\n    paths:\n"
                               "      length: 1\n    # after\n  - op: close\n";
  const ScenarioUpdate update = Update(
      scenario, recorder::ParseRecords(
                    "{\"op\":\"create\",\"paths\":[\"/a\",\"/b\"]}\n{\"op\":\"close\"}\n"));
  ASSERT_TRUE(update.passes) << ::testing::PrintToString(update.unresolved);
  EXPECT_EQ(update.text, "scenario: s\nexpect:\n  - op: create\n"
                         "    # witness --update: paths was length: 1\n"
                         "    paths: [\"/a\", \"/b\"]\n    # after\n  - op: close\n");
}

TEST(ScenarioUpdateTest, FieldNowAbsentIsWrittenAsAbsent) {
  const std::string scenario = "scenario: s\nexpect:\n  - op: create\n    ip: 10.0.0.1\n";
  const ScenarioUpdate update = Update(scenario, recorder::ParseRecords("{\"op\":\"create\"}\n"));
  ASSERT_TRUE(update.passes) << ::testing::PrintToString(update.unresolved);
  EXPECT_EQ(update.text, "scenario: s\nexpect:\n  - op: create\n    ip: {absent: true}\n");
}

TEST(ScenarioUpdateTest, OffsetsHoldAfterMultiByteText) {
  const std::string scenario =
      "# caf\xc3\xa9 \xe2\x80\x94 na\xc3\xafve\nscenario: s\nexpect:\n  - op: create  # \xc3\xa9\n"
      "    disk: /a\n";
  const ScenarioUpdate update =
      Update(scenario, recorder::ParseRecords("{\"op\":\"create\",\"disk\":\"/b\"}\n"));
  ASSERT_TRUE(update.passes) << ::testing::PrintToString(update.unresolved);
  EXPECT_EQ(update.text, Replace(scenario, "disk: /a", "disk: /b"));
}

TEST(ScenarioUpdateTest, FileWithoutAFinalNewlineGetsItsNewExpectationOnALineOfItsOwn) {
  const std::string scenario = "scenario: s\nstrict: true\nexpect:\n  - op: create";
  const ScenarioUpdate update =
      Update(scenario, recorder::ParseRecords("{\"op\":\"create\"}\n{\"op\":\"stop\"}\n"));
  ASSERT_TRUE(update.passes) << ::testing::PrintToString(update.unresolved);
  EXPECT_EQ(update.text, scenario + "\n  - id: stop\n    op: stop\n    count: 1\n");
}

TEST(ScenarioUpdateTest, OtherChecksAreLeftToAPerson) {
  // The order broke: no count or value says that.
  const std::string scenario = "scenario: s\nexpect:\n  - {id: a, op: start}\n  - {id: b, op: stop}\n"
                               "order: [a, b]\n";
  const ScenarioUpdate update =
      Update(scenario, recorder::ParseRecords("{\"op\":\"stop\"}\n{\"op\":\"start\"}\n"));
  EXPECT_FALSE(update.passes);
  EXPECT_FALSE(update.changed);
  EXPECT_THAT(update.unresolved, ElementsAre(HasSubstr("order")));
}

TEST(ScenarioUpdateTest, ScenarioThatDoesNotLoadIsAnError) {
  EXPECT_THROW(Update("scenario: s\nexpect: [\n", recorder::ParseRecords("{\"op\":\"a\"}\n")),
               ScenarioError);
}

TEST(ScenarioUpdateTest, UpdateOfAnUpdateChangesNothingMore) {
  const recorder::Recording recording = recorder::ParseRecords(Fleet("disk.qcow2", 2, false));
  const ScenarioUpdate first = Update(kFleet, recording, kVars);
  ASSERT_TRUE(first.passes) << ::testing::PrintToString(first.unresolved);
  const ScenarioUpdate second = Update(first.text, recording, kVars);
  EXPECT_FALSE(second.changed);
  EXPECT_THAT(second.unresolved, IsEmpty());
}

}  // namespace
}  // namespace witness::assertions
