// Time and sequence in scenarios: within, max_gap, next, nth, groups in an
// order chain and none_between; and what tells `--wait` to stop early.

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_support.h"
#include "witness/assertions.h"

namespace witness::assertions {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using testing::CheckInline;
using testing::FailureText;
using testing::LoadError;

// One record; `ms` is its time in milliseconds (ts_ns), or -1 for none.
std::string Rec(const std::string& op, const std::string& name, long long ms,
                const std::string& extra = "") {
  std::string line = "{\"op\":\"" + op + "\",\"name\":\"" + name + "\"" + extra;
  if (ms >= 0) line += ",\"ts_ns\":" + std::to_string(ms * 1000000);
  return line + "}\n";
}

const char kStopWithinFive[] =
    "scenario: s\nmembers: [db-1, db-2]\nper_member:\n  expect:\n"
    "    - {id: create, op: create, name: '${member}'}\n"
    "    - {id: stop, op: stop, name: '${member}', within: {after: create, max: 5s}}\n";

TEST(WithinTest, PassesWhenEachRecordComesInTime) {
  const std::string records = Rec("create", "db-1", 0) + Rec("create", "db-2", 1000) +
                              Rec("stop", "db-1", 4000) + Rec("stop", "db-2", 6000);
  const Report report = CheckInline(kStopWithinFive, records);
  EXPECT_TRUE(report.passed()) << FailureText(report);
}

TEST(WithinTest, ALateRecordFailsSayingByHowMuch) {
  const std::string records = Rec("create", "db-1", 0) + Rec("create", "db-2", 1000) +
                              Rec("stop", "db-1", 4000) + Rec("stop", "db-2", 32200);
  const Report report = CheckInline(kStopWithinFive, records);
  EXPECT_EQ(report.outcome, Outcome::kFail);
  EXPECT_THAT(FailureText(report),
              HasSubstr("stop [db-2]: 'stop [db-2]' at rec.jsonl:4 came 31.2 s after "
                        "'create [db-2]' at rec.jsonl:2, max 5 s"));
  // The note replaces the closest records: the pattern matched, but late.
  EXPECT_THAT(FailureText(report), Not(HasSubstr("closest record")));
}

TEST(WithinTest, MinRefusesARecordThatComesTooSoonOrBefore) {
  const char yaml[] =
      "scenario: s\nexpect:\n  - {id: create, op: create}\n"
      "  - {id: start, op: start, within: {after: create, min: 1s}}\n";
  EXPECT_THAT(FailureText(CheckInline(yaml, Rec("create", "a", 0) + Rec("start", "a", 500))),
              HasSubstr("'start' at rec.jsonl:2 came 500 ms after 'create' at rec.jsonl:1, min 1 s"));
  EXPECT_THAT(FailureText(CheckInline(yaml, Rec("start", "a", 0) + Rec("create", "a", 2000))),
              HasSubstr("'start' at rec.jsonl:1 came 2 s before 'create' at rec.jsonl:2"));
  EXPECT_TRUE(CheckInline(yaml, Rec("create", "a", 0) + Rec("start", "a", 1500)).passed());
}

TEST(WithinTest, NeverWithinForbidsOnlyTheWindow) {
  const char yaml[] =
      "scenario: s\nexpect:\n  - {id: create, op: create}\n"
      "  - {op: stop, count: 0, within: {after: create, max: 1s}}\n";
  EXPECT_TRUE(CheckInline(yaml, Rec("create", "a", 0) + Rec("stop", "a", 3000)).passed());
  EXPECT_EQ(CheckInline(yaml, Rec("create", "a", 0) + Rec("stop", "a", 300)).outcome,
            Outcome::kFail);
}

TEST(WithinTest, ARecordingWithoutTimestampsIsUnverifiableNeverAPass) {
  const Report report =
      CheckInline(kStopWithinFive, Rec("create", "db-1", -1) + Rec("create", "db-2", -1) +
                                       Rec("stop", "db-1", -1) + Rec("stop", "db-2", -1));
  EXPECT_EQ(report.outcome, Outcome::kUnverifiable);
  EXPECT_THAT(report.unverifiable_reason,
              HasSubstr("'within' needs timestamps, and rec.jsonl:1 has no ts_ns"));
}

TEST(WithinTest, AnAnchorThatMatchedNothingIsSaid) {
  const Report report = CheckInline(kStopWithinFive, Rec("create", "db-1", 0) +
                                                         Rec("stop", "db-1", 10) +
                                                         Rec("stop", "db-2", 20));
  EXPECT_THAT(FailureText(report),
              HasSubstr("within: 'create [db-2]' matched no record, so no time counts from it"));
}

TEST(MaxGapTest, EachStepFollowsThePreviousWithinTheGap) {
  const char yaml[] =
      "scenario: s\nmembers: [a]\nper_member:\n  expect:\n"
      "    - {id: reserve, op: reserve, name: '${member}'}\n"
      "    - {id: create, op: create, name: '${member}'}\n"
      "    - {id: stop, op: stop, name: '${member}'}\n"
      "  order: {chain: [reserve, create, stop], max_gap: 2s}\n";
  EXPECT_TRUE(CheckInline(yaml, Rec("reserve", "a", 0) + Rec("create", "a", 1500) +
                                    Rec("stop", "a", 3000))
                  .passed());
  const Report late = CheckInline(yaml, Rec("reserve", "a", 0) + Rec("create", "a", 1000) +
                                            Rec("stop", "a", 4000));
  EXPECT_THAT(FailureText(late),
              HasSubstr("order: 'stop [a]' at rec.jsonl:3 came 3 s after 'create [a]' at "
                        "rec.jsonl:2, max_gap 2 s"));
  EXPECT_EQ(CheckInline(yaml, Rec("reserve", "a", -1) + Rec("create", "a", -1) +
                                  Rec("stop", "a", -1))
                .outcome,
            Outcome::kUnverifiable);
}

TEST(OrderGroupTest, IdsOfAGroupComeInEitherOrderBetweenTheirNeighbours) {
  const char yaml[] =
      "scenario: s\nexpect:\n  - {id: reserve, op: reserve}\n  - {id: create, op: create}\n"
      "  - {id: start, op: start}\n  - {id: stop, op: stop}\n"
      "order: [reserve, [create, start], stop]\n";
  EXPECT_TRUE(CheckInline(yaml, Rec("reserve", "a", 0) + Rec("start", "a", 1) +
                                    Rec("create", "a", 2) + Rec("stop", "a", 3))
                  .passed());
  const Report report = CheckInline(yaml, Rec("reserve", "a", 0) + Rec("create", "a", 1) +
                                              Rec("stop", "a", 2) + Rec("start", "a", 3));
  EXPECT_EQ(report.outcome, Outcome::kFail);
  ASSERT_FALSE(report.checks.empty());
  EXPECT_EQ(report.checks[0].name, "order reserve -> {create, start} -> stop");
  EXPECT_THAT(FailureText(report),
              HasSubstr("'start' at rec.jsonl:4 comes after 'stop' at rec.jsonl:3, but order "
                        "requires start before stop"));
}

TEST(NextTest, TheRecordRightAfterAmongTheMembersRecords) {
  const char yaml[] =
      "scenario: s\nmembers: [a, b]\nper_member:\n  expect:\n"
      "    - {id: create, op: create, name: '${member}'}\n"
      "    - {id: start, op: start, name: '${member}', next: create}\n";
  // b's records between a's create and start do not count: a's own records do.
  EXPECT_TRUE(CheckInline(yaml, Rec("create", "a", 0) + Rec("create", "b", 1) +
                                    Rec("start", "a", 2) + Rec("start", "b", 3))
                  .passed());
  const Report report = CheckInline(yaml, Rec("create", "a", 0) + Rec("stop", "a", 1) +
                                              Rec("start", "a", 2) + Rec("create", "b", 3) +
                                              Rec("start", "b", 4));
  EXPECT_THAT(FailureText(report),
              HasSubstr("start [a]: next: the record right after 'create [a]' at rec.jsonl:1 "
                        "among the records of 'a' is rec.jsonl:2 {\"op\":\"stop\",\"name\":\"a\""));
  EXPECT_THAT(FailureText(report), Not(HasSubstr("start [b]")));
}

TEST(NthTest, TheNthRecordOfTheOpAndNameMustMatchTheRest) {
  const char yaml[] =
      "scenario: s\nexpect:\n  - {op: create, name: web-1, nth: 2, mac: new}\n";
  const std::string first = Rec("create", "web-1", 0, ",\"mac\":\"old\"");
  EXPECT_TRUE(CheckInline(yaml, first + Rec("create", "web-1", 1, ",\"mac\":\"new\"")).passed());
  EXPECT_THAT(FailureText(CheckInline(yaml, first + Rec("create", "web-1", 1, ",\"mac\":\"old\""))),
              HasSubstr("nth: the 2nd record of op \"create\", name \"web-1\" is rec.jsonl:2, "
                        "which differs in mac: expected \"new\", actual \"old\""));
  EXPECT_THAT(FailureText(CheckInline(yaml, Rec("create", "web-1", 0, ",\"mac\":\"new\""))),
              HasSubstr("does not exist: there is only 1"));
}

const char kNoSecondStart[] =
    "scenario: s\nmembers: [a]\nper_member:\n  expect:\n"
    "    - {id: start, op: start, name: '${member}', count: {min: 1}}\n"
    "    - {id: stop, op: stop, name: '${member}'}\n"
    "  none_between:\n    - {op: start, name: '${member}', after: start, before: stop}\n";

TEST(NoneBetweenTest, PassesWhenNothingForbiddenComesBetween) {
  const Report report = CheckInline(
      kNoSecondStart, Rec("start", "a", 0) + Rec("stop", "a", 1) + Rec("start", "a", 2));
  EXPECT_TRUE(report.passed()) << FailureText(report);
}

TEST(NoneBetweenTest, AForbiddenRecordBetweenFailsNamingAllThree) {
  const Report report = CheckInline(
      kNoSecondStart, Rec("start", "a", 0) + Rec("start", "a", 1) + Rec("stop", "a", 2));
  EXPECT_EQ(report.outcome, Outcome::kFail);
  EXPECT_THAT(FailureText(report),
              HasSubstr("none_between: rec.jsonl:2 {\"op\":\"start\",\"name\":\"a\",\"ts_ns\":"
                        "1000000} comes after 'start [a]' at rec.jsonl:1 and before 'stop [a]' at "
                        "rec.jsonl:3"));
  EXPECT_THAT(report.final_failure, HasSubstr("none_between start and stop"));
}

TEST(NoneBetweenTest, WithoutItsBeforeRecordTheSpanRunsToTheEnd) {
  const Report report =
      CheckInline(kNoSecondStart, Rec("start", "a", 0) + Rec("start", "a", 1));
  EXPECT_THAT(FailureText(report),
              HasSubstr("('stop' matched no record, so the span runs to the end)"));
}

TEST(TimeAndSequenceLoadTest, BadEntriesAreErrorsAtTheirPosition) {
  const std::string head = "scenario: s\nexpect:\n  - {id: create, op: create}\n";
  EXPECT_THAT(LoadError(head + "  - {op: stop, within: {after: create, max: 5}}\n").message(),
              HasSubstr("'within.max': invalid duration '5': a number needs a unit"));
  EXPECT_THAT(LoadError(head + "  - {op: stop, within: {after: stop2, max: 5s}}\n").message(),
              HasSubstr("'within.after' names 'stop2', which is not an expectation defined above "
                        "it in expect"));
  EXPECT_THAT(LoadError(head + "  - {op: stop, within: {after: create}}\n").message(),
              HasSubstr("'within' needs 'min', 'max' or both"));
  EXPECT_THAT(LoadError(head + "  - {op: stop, nth: 0}\n").message(), HasSubstr("counts from 1"));
  EXPECT_THAT(LoadError(head + "none_between:\n  - {op: stop}\n").message(),
              HasSubstr("entry needs 'after', 'before' or both"));
  EXPECT_THAT(LoadError(head + "none_between:\n  - {op: stop, after: nope}\n").message(),
              HasSubstr("'none_between' names unknown id 'nope'"));
  const ScenarioError gap =
      LoadError(head + "  - {id: stop, op: stop}\norder: {chain: [create, stop], max_gap: soon}\n");
  EXPECT_EQ(gap.line(), 5u);
  EXPECT_THAT(gap.message(), HasSubstr("'max_gap': invalid duration 'soon'"));
}

TEST(FinalFailureTest, SaysWhenAppendedRecordsCannotMakeItPass) {
  const char never[] = "scenario: s\nexpect:\n  - {op: create}\n  - {op: crash, count: 0}\n";
  EXPECT_THAT(CheckInline(never, Rec("crash", "a", 0)).final_failure,
              HasSubstr("'line 4' matched 1 records (never)"));
  // Missing records may still come: not final.
  EXPECT_THAT(CheckInline(never, Rec("start", "a", 0)).final_failure, IsEmpty());
  // Unless every writer has closed its session.
  const std::string closed =
      "{\"op\":\"session\",\"pid\":7}\n{\"op\":\"start\",\"pid\":7}\n"
      "{\"op\":\"session_end\",\"pid\":7,\"records\":1}\n";
  EXPECT_EQ(CheckInline(never, closed).final_failure,
            "every writer closed its session (1 session)");
}

}  // namespace
}  // namespace witness::assertions
