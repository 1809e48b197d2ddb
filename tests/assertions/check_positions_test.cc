// Every check of a report knows where the scenario asks for it, so CI
// annotations and JUnit viewers can point at that line: expectations at
// their list item, order chains and unique entries at theirs, lifecycle,
// strict, writers and clean_exit at their values, members at its list.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "test_support.h"
#include "witness/assertions.h"

namespace witness::assertions {
namespace {

// Line numbers on the right; every check below fails on kRecords.
const char kScenario[] =
    "scenario: positions\n"                                    // 1
    "members: [web-1]\n"                                       // 2
    "per_member:\n"                                            // 3
    "  expect:\n"                                              // 4
    "    - {id: reserve, op: reserve, name: \"${member}\"}\n"  // 5
    "    - {id: create, op: create, name: \"${member}\"}\n"    // 6
    "  order: [reserve, create]\n"                             // 7
    "expect:\n"                                                // 8
    "  - {id: close, op: close}\n"                             // 9
    "  - {id: boom, op: stop, name: boom, count: 0}\n"         // 10
    "order:\n"                                                 // 11
    "  - [create, close]\n"                                    // 12
    "unique:\n"                                                // 13
    "  - {id: create, field: mac}\n"                           // 14
    "lifecycle: [reserve, create]\n"                           // 15
    "strict: true\n"                                           // 16
    "writers: 2\n"                                             // 17
    "clean_exit: true\n";                                      // 18

// close before create, create before reserve, no mac, one writer, no
// session, and a record no expectation claims.
const char kRecords[] =
    "{\"op\":\"close\",\"pid\":1}\n"
    "{\"op\":\"create\",\"name\":\"web-1\",\"pid\":1}\n"
    "{\"op\":\"reserve\",\"name\":\"web-1\",\"pid\":1}\n"
    "{\"op\":\"start\",\"name\":\"web-1\",\"pid\":1}\n";

TEST(CheckPositionsTest, EveryCheckPointsAtWhereTheScenarioAsksForIt) {
  const Report report = testing::CheckInline(kScenario, kRecords);
  std::map<std::string, std::string> positions;
  for (const CheckResult& check : report.checks) {
    EXPECT_FALSE(check.passed && check.kind != CheckKind::kLiveness) << check.name;
    positions[check.name] = check.defined_at;
  }
  EXPECT_THAT(positions, ::testing::UnorderedElementsAre(
                             ::testing::Pair("order reserve -> create [web-1]", "s.yaml:7:10"),
                             ::testing::Pair("order create -> close", "s.yaml:12:5"),
                             ::testing::Pair("unique create.mac", "s.yaml:14:5"),
                             ::testing::Pair("lifecycle reserve -> create [web-1]", "s.yaml:15:12"),
                             ::testing::Pair("strict", "s.yaml:16:9"),
                             ::testing::Pair("writers 2", "s.yaml:17:10"),
                             ::testing::Pair("clean_exit", "s.yaml:18:13"),
                             ::testing::Pair("recorder alive", "s.yaml:10:5")));
  std::map<std::string, std::string> expectations;
  for (const ExpectationResult& result : report.expectations) {
    expectations[result.label] = result.defined_at;
  }
  EXPECT_EQ(expectations["reserve [web-1]"], "s.yaml:5:7");
  EXPECT_EQ(expectations["close"], "s.yaml:9:5");
}

TEST(CheckPositionsTest, MembersFromAnOpThatNamesNonePointsAtMembers) {
  const Report report = testing::CheckInline(
      "scenario: m\nmembers: {from: create}\nper_member:\n  expect:\n    - {op: stop}\n",
      "{\"op\":\"close\"}\n");
  ASSERT_EQ(report.checks.size(), 1u);
  EXPECT_EQ(report.checks[0].kind, CheckKind::kMembers);
  EXPECT_EQ(report.checks[0].defined_at, "s.yaml:2:10");
}

TEST(CheckPositionsTest, AFieldNoRecordHasUnderStrictPointsAtTheField) {
  const Report report = testing::CheckInline(
      "scenario: f\nstrict: true\nexpect:\n  - {op: close, colour: red, count: 0}\n",
      "{\"op\":\"close\"}\n");
  bool found = false;
  for (const CheckResult& check : report.checks) {
    if (check.kind != CheckKind::kFields) continue;
    found = true;
    EXPECT_EQ(check.defined_at, "s.yaml:4:25");  // the field's value, as its errors are
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace witness::assertions
