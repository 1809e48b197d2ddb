// The engine's semantics: counts, captures, order, unique, lifecycle,
// strict, near misses, the listing, and proof of a live recorder.

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_support.h"
#include "witness/assertions.h"

namespace witness::assertions {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::CheckInline;
using testing::FailureText;

constexpr char kSession[] = R"({"op":"session","pid":7,"schema":1,"argv0":"helper","host":"h"})"
                            "\n";

TEST(CheckTest, ExpectationMatchesEveryRecordAndCountChecksTheNumber) {
  const std::string yaml = "scenario: c\nexpect:\n  - {id: s, op: stop, count: 2}\n";
  const Report two = CheckInline(yaml, "{\"op\":\"stop\"}\n{\"op\":\"start\"}\n{\"op\":\"stop\"}\n");
  ASSERT_EQ(two.expectations.size(), 1u);
  EXPECT_TRUE(two.passed());
  ASSERT_EQ(two.expectations[0].matched.size(), 2u);
  EXPECT_EQ(two.expectations[0].matched[0].line, 1u);
  EXPECT_EQ(two.expectations[0].matched[1].line, 3u);

  const Report three = CheckInline(yaml, "{\"op\":\"stop\"}\n{\"op\":\"stop\"}\n{\"op\":\"stop\"}\n");
  EXPECT_EQ(three.outcome, Outcome::kFail);
  EXPECT_THAT(FailureText(three),
              HasSubstr("s: expected exactly 2 matching records, found 3: rec.jsonl:1, rec.jsonl:2, "
                        "rec.jsonl:3"));
}

TEST(CheckTest, CountRanges) {
  const std::string yaml = "scenario: c\nexpect:\n  - {op: stop, count: {min: 1, max: 2}}\n";
  EXPECT_FALSE(CheckInline(yaml, std::string(kSession)).passed());
  EXPECT_TRUE(CheckInline(yaml, std::string(kSession) + "{\"op\":\"stop\"}\n").passed());
  const Report over =
      CheckInline(yaml, std::string(kSession) + "{\"op\":\"stop\"}\n{\"op\":\"stop\"}\n{\"op\":\"stop\"}\n");
  EXPECT_THAT(FailureText(over), HasSubstr("expected between 1 and 2 matching records, found 3"));
  const Report at_least = CheckInline("scenario: c\nexpect:\n  - {op: stop, count: {min: 2}}\n",
                                      "{\"op\":\"stop\"}\n");
  EXPECT_THAT(FailureText(at_least), HasSubstr("expected at least 2 matching records, found 1"));
}

TEST(CheckTest, NeverFailsNamingTheRecord) {
  const Report report =
      CheckInline("scenario: c\nexpect:\n  - {op: stop, name: boom, count: 0}\n",
                  "{\"op\":\"stop\",\"name\":\"ok\"}\n{\"op\":\"stop\",\"name\":\"boom\"}\n");
  EXPECT_EQ(report.outcome, Outcome::kFail);
  EXPECT_THAT(FailureText(report),
              HasSubstr("line 3: expected no matching record, found 1: rec.jsonl:2"));
}

TEST(CheckTest, SessionRecordsAreIgnoredByOrdinaryExpectationsAndStrict) {
  const Report report = CheckInline(
      "scenario: c\nstrict: true\nexpect:\n  - {op: close}\n  - {pid: 7, count: {min: 0}}\n",
      std::string(kSession) + "{\"op\":\"close\",\"pid\":7}\n" +
          R"({"op":"session_end","pid":7,"records":1,"write_errors":0})" + "\n");
  EXPECT_TRUE(report.passed()) << FailureText(report);
  EXPECT_EQ(report.records, 1u);
  EXPECT_EQ(report.session_records, 2u);
  EXPECT_EQ(report.expectations[1].matched.size(), 1u);  // only the close record
}

TEST(CheckTest, AnExpectationNamingASessionOpMatchesSessionRecords) {
  const Report report = CheckInline("scenario: c\nexpect:\n  - {op: session, argv0: helper}\n",
                                    std::string(kSession));
  EXPECT_TRUE(report.passed()) << FailureText(report);
}

TEST(CheckTest, CapturesThreadAcrossRecordsPerMember) {
  const std::string yaml =
      "scenario: c\nmembers: [a, b]\nper_member:\n  expect:\n"
      "    - {id: reserve, op: reserve, name: '${member}', mac: {capture: mac}}\n"
      "    - {id: create, op: create, name: '${member}', mac: '${mac}'}\n"
      "    - {id: start, op: start, name: '${member}', note: 'mac=${mac}'}\n";
  const std::string good =
      "{\"op\":\"reserve\",\"name\":\"a\",\"mac\":\"m1\"}\n"
      "{\"op\":\"reserve\",\"name\":\"b\",\"mac\":\"m2\"}\n"
      "{\"op\":\"create\",\"name\":\"b\",\"mac\":\"m2\"}\n"
      "{\"op\":\"create\",\"name\":\"a\",\"mac\":\"m1\"}\n"
      "{\"op\":\"start\",\"name\":\"a\",\"note\":\"mac=m1\"}\n"
      "{\"op\":\"start\",\"name\":\"b\",\"note\":\"mac=m2\"}\n";
  EXPECT_TRUE(CheckInline(yaml, good).passed()) << FailureText(CheckInline(yaml, good));

  std::string swapped = good;
  swapped.replace(swapped.find("\"b\",\"mac\":\"m2\"}\n{\"op\":\"create\",\"name\":\"a\""), 14,
                  "\"b\",\"mac\":\"m1\"");
  const Report report = CheckInline(yaml, swapped);
  EXPECT_EQ(report.outcome, Outcome::kFail);
  EXPECT_THAT(FailureText(report),
              HasSubstr("create [b]: closest record rec.jsonl:3 differs in mac: expected ${mac} "
                        "(\"m2\"), actual \"m1\""));
}

TEST(CheckTest, CaptureBindsFromTheFirstMatchingRecordInFileOrder) {
  const Report report = CheckInline(
      "scenario: c\nexpect:\n  - {op: reserve, mac: {capture: mac}, count: 2}\n"
      "  - {op: create, mac: '${mac}'}\n",
      "{\"op\":\"reserve\",\"mac\":\"first\"}\n{\"op\":\"reserve\",\"mac\":\"second\"}\n"
      "{\"op\":\"create\",\"mac\":\"first\"}\n");
  EXPECT_TRUE(report.passed()) << FailureText(report);
}

TEST(CheckTest, UnboundCaptureNamesTheExpectationThatShouldHaveBoundIt) {
  const Report report = CheckInline(
      "scenario: c\nexpect:\n  - {id: reserve, op: reserve, mac: {capture: mac}}\n"
      "  - {id: create, op: create, mac: '${mac}'}\n",
      "{\"op\":\"create\",\"mac\":\"x\"}\n");
  EXPECT_THAT(FailureText(report),
              HasSubstr("create: cannot be checked: ${mac} is not bound because 'reserve' "
                        "matched no record"));
}

TEST(CheckTest, MembersFromCreate) {
  const std::string yaml =
      "scenario: c\nmembers: {from: create}\nper_member:\n  expect:\n"
      "    - {op: stop, name: '${member}'}\n";
  const Report report = CheckInline(
      yaml, "{\"op\":\"create\",\"name\":\"x\"}\n{\"op\":\"create\",\"name\":\"y\"}\n"
            "{\"op\":\"stop\",\"name\":\"x\"}\n");
  ASSERT_EQ(report.expectations.size(), 2u);
  EXPECT_EQ(report.expectations[0].member, "x");
  EXPECT_TRUE(report.expectations[0].passed);
  EXPECT_FALSE(report.expectations[1].passed);
  EXPECT_THAT(FailureText(report), HasSubstr("line 5 [y]: expected exactly 1 matching record"));

  const Report none = CheckInline(yaml, std::string(kSession) + "{\"op\":\"close\"}\n");
  EXPECT_EQ(none.outcome, Outcome::kFail);
  EXPECT_THAT(FailureText(none),
              HasSubstr("no 'create' record names a member, so per_member checked nothing"));
}

TEST(CheckTest, PerMemberOrderReportsTheOffendingRecords) {
  const std::string yaml =
      "scenario: c\nmembers: [a]\nper_member:\n  expect:\n"
      "    - {id: create, op: create, name: '${member}'}\n"
      "    - {id: stop, op: stop, name: '${member}'}\n  order: [create, stop]\n";
  EXPECT_TRUE(CheckInline(yaml, "{\"op\":\"create\",\"name\":\"a\"}\n{\"op\":\"stop\",\"name\":\"a\"}\n")
                  .passed());
  const Report report =
      CheckInline(yaml, "{\"op\":\"stop\",\"name\":\"a\"}\n{\"op\":\"create\",\"name\":\"a\"}\n");
  EXPECT_EQ(report.outcome, Outcome::kFail);
  EXPECT_THAT(FailureText(report),
              HasSubstr("order: 'create [a]' at rec.jsonl:2 comes after 'stop [a]' at "
                        "rec.jsonl:1, but order requires create before stop"));
}

TEST(CheckTest, GlobalOrderSpansEveryMembersRecords) {
  const std::string yaml =
      "scenario: c\nmembers: [a, b]\nper_member:\n  expect:\n"
      "    - {id: stop, op: stop, name: '${member}'}\nexpect:\n  - {id: close, op: close}\n"
      "order:\n  - [stop, close]\n";
  EXPECT_TRUE(CheckInline(yaml, "{\"op\":\"stop\",\"name\":\"a\"}\n{\"op\":\"stop\",\"name\":\"b\"}\n"
                                "{\"op\":\"close\"}\n")
                  .passed());
  const Report report = CheckInline(
      yaml, "{\"op\":\"stop\",\"name\":\"a\"}\n{\"op\":\"close\"}\n{\"op\":\"stop\",\"name\":\"b\"}\n");
  EXPECT_THAT(FailureText(report),
              HasSubstr("'stop [b]' at rec.jsonl:3 comes after 'close' at rec.jsonl:2"));
}

TEST(CheckTest, UniqueNamesBothHolders) {
  const std::string yaml =
      "scenario: c\nmembers: [a, b]\nper_member:\n  expect:\n"
      "    - {id: create, op: create, name: '${member}'}\nunique:\n  - {id: create, field: mac}\n";
  EXPECT_TRUE(CheckInline(yaml, "{\"op\":\"create\",\"name\":\"a\",\"mac\":\"1\"}\n"
                                "{\"op\":\"create\",\"name\":\"b\",\"mac\":\"2\"}\n")
                  .passed());
  const Report report = CheckInline(yaml, "{\"op\":\"create\",\"name\":\"a\",\"mac\":\"1\"}\n"
                                          "{\"op\":\"create\",\"name\":\"b\",\"mac\":\"1\"}\n");
  EXPECT_THAT(FailureText(report),
              HasSubstr("unique: mac \"1\" is shared by 'create [a]' at rec.jsonl:1 and "
                        "'create [b]' at rec.jsonl:2"));
}

// The wrong MAC threaded into b's create: b's create no longer matches its
// expectation, and is exactly the record that shares a's MAC.
constexpr char kWrongMacScenario[] =
    "scenario: c\nmembers: [a, b]\nper_member:\n  expect:\n"
    "    - {id: reserve, op: reserve, name: '${member}', mac: {capture: mac}}\n"
    "    - {id: create, op: create, name: '${member}', mac: '${mac}'}\n"
    "unique:\n  - {id: create, field: mac}\n";
constexpr char kWrongMacRecording[] =
    "{\"op\":\"reserve\",\"name\":\"a\",\"mac\":\"1\"}\n"
    "{\"op\":\"create\",\"name\":\"a\",\"mac\":\"1\"}\n"
    "{\"op\":\"reserve\",\"name\":\"b\",\"mac\":\"2\"}\n"
    "{\"op\":\"create\",\"name\":\"b\",\"mac\":\"1\"}\n";

TEST(CheckTest, UniqueComparesEveryRecordOfTheOpAndNameNotOnlyTheMatchedOnes) {
  const Report report = CheckInline(kWrongMacScenario, kWrongMacRecording);
  EXPECT_THAT(FailureText(report),
              HasSubstr("unique: mac \"1\" is shared by 'create [a]' at rec.jsonl:2 and "
                        "'create [b]' at rec.jsonl:4"));
}

TEST(CheckTest, UniqueReportsARecordWithoutTheFieldUnlessMissingIsAllowed) {
  const std::string yaml =
      "scenario: c\nmembers: [a, b]\nper_member:\n  expect:\n"
      "    - {id: create, op: create, name: '${member}'}\nunique:\n  - id: create\n    field: mac\n";
  const std::string recording = "{\"op\":\"create\",\"name\":\"a\",\"mac\":\"1\"}\n"
                                "{\"op\":\"create\",\"name\":\"b\"}\n";
  EXPECT_THAT(FailureText(CheckInline(yaml, recording)),
              HasSubstr("'create [b]' at rec.jsonl:2 has no field 'mac'"));
  EXPECT_TRUE(CheckInline(yaml + "    allow_missing: true\n", recording).passed());
}

TEST(CheckTest, UniqueOverAnIdentityNoRecordHasFailsAsUniqueByDoes) {
  const std::string yaml =
      "scenario: c\nexpect:\n  - {id: create, op: create, count: {min: 0}}\n"
      "unique:\n  - {id: create, field: mac}\n";
  const Report report = CheckInline(yaml, "{\"op\":\"stop\",\"name\":\"a\"}\n");
  EXPECT_FALSE(report.passed());
  EXPECT_THAT(FailureText(report),
              HasSubstr("unique: no record of 'create' to compare: nothing shows its 'mac' values "
                        "are distinct"));
}

TEST(CheckTest, AFieldNoRecordHasAndTheFormatLacksIsAWarningWithAHint) {
  // A misspelt "never": it passes, but the report says why it may be wrong.
  const std::string yaml =
      "scenario: c\nexpect:\n  - {op: create, eror: {present: true}, count: 0}\n";
  const std::string recording = "{\"op\":\"create\",\"name\":\"a\",\"error\":\"boom\"}\n";
  const Report report = CheckInline(yaml, recording);
  EXPECT_TRUE(report.passed());
  ASSERT_EQ(report.warnings.size(), 1u);
  EXPECT_THAT(report.warnings[0],
              HasSubstr("s.yaml:3:24: field 'eror' appears in no record of this recording and is not a "
                        "field of the record format (did you mean 'error'?)"));
  EXPECT_THAT(RenderText(report), HasSubstr("warning"));
  EXPECT_THAT(RenderJson(report), HasSubstr("did you mean 'error'?"));
  EXPECT_THAT(RenderJunit(report), HasSubstr("did you mean &apos;error&apos;?"));

  // Under strict, the same is a failure.
  const Report strict = CheckInline("scenario: c\nstrict: true\nexpect:\n"
                                    "  - {op: create}\n  - {op: create, eror: {present: true}, count: 0}\n",
                                    recording);
  EXPECT_EQ(strict.outcome, Outcome::kFail);
  EXPECT_THAT(FailureText(strict), HasSubstr("fields: "));
  EXPECT_THAT(FailureText(strict), HasSubstr("(did you mean 'error'?)"));
}

TEST(CheckTest, AFieldOfTheFormatOrOfSomeRecordIsNotAWarning) {
  const std::string yaml = "scenario: c\nexpect:\n  - {op: create, error: {present: true}, count: 0}\n"
                           "  - {op: create, custom: {present: true}}\n";
  const Report report =
      CheckInline(yaml, "{\"op\":\"create\",\"name\":\"a\",\"custom\":1}\n");
  EXPECT_TRUE(report.passed()) << FailureText(report);
  EXPECT_TRUE(report.warnings.empty());
}

TEST(CheckTest, StrictFailsOnUnclaimedRecordsAndBadLines) {
  const std::string yaml = "scenario: c\nstrict: true\nexpect:\n  - {op: close}\n";
  const Report extra = CheckInline(yaml, "{\"op\":\"close\"}\n{\"op\":\"start\",\"name\":\"z\"}\n");
  EXPECT_EQ(extra.outcome, Outcome::kFail);
  EXPECT_THAT(FailureText(extra),
              HasSubstr("strict: record at rec.jsonl:2 matched no expectation: "
                        "{\"op\":\"start\",\"name\":\"z\"}"));

  const Report bad = CheckInline(yaml, "{\"op\":\"close\"}\nnot json\n");
  EXPECT_EQ(bad.outcome, Outcome::kFail);
  ASSERT_EQ(bad.diagnostics.size(), 1u);
  EXPECT_THAT(FailureText(bad), HasSubstr("strict: bad line: rec.jsonl:2"));

  // Without strict the same recordings pass; the bad line stays in the report.
  const std::string lax = "scenario: c\nexpect:\n  - {op: close}\n";
  EXPECT_TRUE(CheckInline(lax, "{\"op\":\"close\"}\n{\"op\":\"start\"}\n").passed());
  const Report lax_bad = CheckInline(lax, "{\"op\":\"close\"}\nnot json\n");
  EXPECT_TRUE(lax_bad.passed());
  EXPECT_EQ(lax_bad.diagnostics.size(), 1u);
}

TEST(CheckTest, LifecycleReportsALeakByName) {
  const std::string yaml = "scenario: c\nlifecycle: [reserve, create, stop]\n";
  const Report report = CheckInline(
      yaml, "{\"op\":\"reserve\",\"name\":\"db-1\"}\n{\"op\":\"create\",\"name\":\"db-1\"}\n"
            "{\"op\":\"reserve\",\"name\":\"db-2\"}\n{\"op\":\"create\",\"name\":\"db-2\"}\n"
            "{\"op\":\"stop\",\"name\":\"db-1\"}\n");
  EXPECT_EQ(report.outcome, Outcome::kFail);
  const std::string text = FailureText(report);
  EXPECT_THAT(text, HasSubstr("lifecycle: leak: 'db-2' reached create at rec.jsonl:4 but never stop"));
  EXPECT_THAT(text, Not(HasSubstr("'db-1'")));
}

TEST(CheckTest, LifecycleOrderAndMissingFirstOp) {
  const std::string yaml = "scenario: c\nlifecycle: [create, start, stop]\n";
  const Report report = CheckInline(
      yaml, "{\"op\":\"create\",\"name\":\"a\"}\n{\"op\":\"stop\",\"name\":\"a\"}\n"
            "{\"op\":\"start\",\"name\":\"a\"}\n{\"op\":\"start\",\"name\":\"b\"}\n"
            "{\"op\":\"stop\",\"name\":\"b\"}\n");
  const std::string text = FailureText(report);
  EXPECT_THAT(text, HasSubstr("'a''s stop at rec.jsonl:2 comes before its start at rec.jsonl:3"));
  EXPECT_THAT(text, HasSubstr("'b' has start at rec.jsonl:4 but never create"));
}

TEST(CheckTest, PerMemberLifecycleUsesTheMemberList) {
  const Report report = CheckInline(
      "scenario: c\nmembers: [a]\nper_member:\n  lifecycle: [create, stop]\n",
      "{\"op\":\"create\",\"name\":\"a\"}\n{\"op\":\"create\",\"name\":\"other\"}\n");
  EXPECT_THAT(FailureText(report), HasSubstr("leak: 'a' reached create"));
  EXPECT_THAT(FailureText(report), Not(HasSubstr("other")));
}

TEST(CheckTest, NearMissesPreferTheSameOpThenMostFieldsMatching) {
  const Report report = CheckInline(
      "scenario: c\nexpect:\n  - {op: create, name: web-2, mac: aa, disk: /d}\n",
      "{\"op\":\"stop\",\"name\":\"web-2\",\"mac\":\"aa\",\"disk\":\"/d\"}\n"
      "{\"op\":\"create\",\"name\":\"web-1\",\"mac\":\"bb\",\"disk\":\"/e\"}\n"
      "{\"op\":\"create\",\"name\":\"web-2\",\"mac\":\"bb\",\"disk\":\"/d\"}\n"
      "{\"op\":\"create\",\"name\":\"web-3\",\"mac\":\"cc\",\"disk\":\"/d\"}\n"
      "{\"op\":\"close\"}\n");
  ASSERT_EQ(report.expectations.size(), 1u);
  const auto& misses = report.expectations[0].near_misses;
  ASSERT_EQ(misses.size(), 3u);
  EXPECT_EQ(misses[0].where.line, 3u);  // 3 of 4 fields
  EXPECT_EQ(misses[0].fields_matched, 3u);
  EXPECT_EQ(misses[1].where.line, 4u);  // create, 2 of 4
  EXPECT_EQ(misses[2].where.line, 2u);  // create, 1 of 4: still before the stop with 3
  EXPECT_EQ(misses[0].fields[2].field, "mac");
  EXPECT_EQ(misses[0].fields[2].expected, "\"aa\"");
  EXPECT_EQ(misses[0].fields[2].actual, "\"bb\"");
  EXPECT_FALSE(misses[0].fields[2].matched);
  EXPECT_THAT(FailureText(report),
              HasSubstr("closest record rec.jsonl:3 differs in mac: expected \"aa\", actual \"bb\""));
}

TEST(CheckTest, NearMissesFallBackToOtherOpsWhenNoneHasTheOp) {
  const Report report = CheckInline("scenario: c\nexpect:\n  - {op: create, name: web-2}\n",
                                    "{\"op\":\"stop\",\"name\":\"web-2\"}\n{\"op\":\"close\"}\n");
  const auto& misses = report.expectations[0].near_misses;
  ASSERT_EQ(misses.size(), 1u);  // close agrees on nothing: not shown
  EXPECT_EQ(misses[0].where.line, 1u);
}

TEST(CheckTest, MissingOpIsSaidPlainly) {
  const Report report = CheckInline("scenario: c\nexpect:\n  - {id: close, op: close}\n",
                                    "{\"op\":\"stop\"}\n");
  EXPECT_THAT(FailureText(report), HasSubstr("close: no record has op \"close\""));
}

TEST(CheckTest, ListingAnnotatesEveryLine) {
  CheckOptions options;
  options.listing = true;
  const Report report = CheckInline(
      "scenario: c\nmembers: [a]\nper_member:\n  expect:\n"
      "    - {id: stop, op: stop, name: '${member}'}\nexpect:\n  - {id: close, op: close}\n",
      std::string(kSession) + "{\"op\":\"stop\",\"name\":\"a\"}\n{\"op\":\"start\"}\nbroken\n" +
          "{\"op\":\"close\"}\n",
      options);
  ASSERT_EQ(report.listing.size(), 5u);
  EXPECT_EQ(report.listing[0].status, LineStatus::kSession);
  EXPECT_EQ(report.listing[1].status, LineStatus::kClaimed);
  ASSERT_EQ(report.listing[1].claims.size(), 1u);
  EXPECT_EQ(report.listing[1].claims[0].id, "stop");
  EXPECT_EQ(report.listing[1].claims[0].member, "a");
  EXPECT_EQ(report.listing[2].status, LineStatus::kUnclaimed);
  EXPECT_EQ(report.listing[3].status, LineStatus::kBad);
  EXPECT_EQ(report.listing[3].where.line, 4u);
  EXPECT_EQ(report.listing[4].claims[0].id, "close");
  EXPECT_EQ(report.listing[4].claims[0].member, "");
  EXPECT_TRUE(CheckInline("scenario: c\nexpect: [{op: close}]\n", "{\"op\":\"close\"}\n")
                  .listing.empty());
}

// --- no vacuous passes ---

TEST(CheckTest, NeverOnAnEmptyRecordingIsUnverifiable) {
  const Report report = CheckInline("scenario: c\nexpect:\n  - {op: stop, name: boom, count: 0}\n", "");
  EXPECT_EQ(report.outcome, Outcome::kUnverifiable);
  EXPECT_EQ(report.unverifiable_reason,
            "the recorder never started: no session record and no other record in 'rec.jsonl'; "
            "is FLEETBOX_FAKE_RECORD passed to the process that records?");
  EXPECT_THAT(FailureText(report), HasSubstr("unverifiable: the recorder never started"));
}

TEST(CheckTest, AtMostIsAlsoANegativeExpectation) {
  const Report report = CheckInline("scenario: c\nexpect:\n  - {op: stop, count: {max: 1}}\n", "");
  EXPECT_EQ(report.outcome, Outcome::kUnverifiable);
}

TEST(CheckTest, TheScenarioRecordVariableIsNamed) {
  const Report report = CheckInline(
      "scenario: c\nrecord_variable: MY_REC\nexpect:\n  - {op: stop, count: 0}\n", "");
  EXPECT_THAT(report.unverifiable_reason, HasSubstr("is MY_REC passed"));
}

TEST(CheckTest, ASessionRecordProvesALiveWriter) {
  const Report report =
      CheckInline("scenario: c\nexpect:\n  - {op: stop, count: 0}\n", std::string(kSession));
  EXPECT_EQ(report.outcome, Outcome::kPass) << FailureText(report);
}

TEST(CheckTest, AnOrdinaryRecordProvesALiveWriterForGoReferenceFiles) {
  const Report report =
      CheckInline("scenario: c\nexpect:\n  - {op: stop, count: 0}\n", "{\"op\":\"close\"}\n");
  EXPECT_EQ(report.outcome, Outcome::kPass) << FailureText(report);
}

TEST(CheckTest, PositiveExpectationsOnAnEmptyRecordingFail) {
  const Report report = CheckInline("scenario: c\nexpect:\n  - {op: close}\n", "");
  EXPECT_EQ(report.outcome, Outcome::kFail);
}

TEST(CheckTest, WritersCountsDistinctProcesses) {
  const std::string two =
      R"({"op":"session","pid":1})" "\n" R"({"op":"session","pid":2})" "\n"
      R"({"op":"close","pid":1})" "\n";
  EXPECT_TRUE(CheckInline("scenario: c\nwriters: 2\n", two).passed());
  const Report report = CheckInline("scenario: c\nwriters: 1\n", two);
  EXPECT_THAT(FailureText(report),
              HasSubstr("writers: expected exactly 1 writing processes, found 2 (pids 1, 2)"));
  const Report go = CheckInline("scenario: c\nwriters: 1\n", "{\"op\":\"close\"}\n");
  EXPECT_THAT(FailureText(go), HasSubstr("cannot count writers: no record carries a pid"));
}

TEST(CheckTest, CleanExitRequiresClosedSessionsWithMatchingCounts) {
  const std::string yaml = "scenario: c\nclean_exit: true\n";
  const std::string open = R"({"op":"session","pid":5,"argv0":"helper"})" "\n";
  const std::string record = R"({"op":"close","pid":5,"seq":1})" "\n";
  const auto end = [](int records, int errors) {
    return R"({"op":"session_end","pid":5,"records":)" + std::to_string(records) +
           R"(,"write_errors":)" + std::to_string(errors) + "}\n";
  };
  EXPECT_TRUE(CheckInline(yaml, open + record + end(1, 0)).passed());

  const Report unclosed = CheckInline(yaml, open + record);
  EXPECT_THAT(FailureText(unclosed),
              HasSubstr("process 5 in rec.jsonl (helper) never closed its session opened at "
                        "rec.jsonl:1"));

  const Report lost = CheckInline(yaml, open + record + end(2, 0));
  EXPECT_THAT(FailureText(lost),
              HasSubstr("process 5 in rec.jsonl reported 2 records written, but the file holds 1: "
                        "records were lost between writer and file"));

  const Report errors = CheckInline(yaml, open + record + end(1, 3));
  EXPECT_THAT(FailureText(errors), HasSubstr("reported 3 write errors"));

  const Report go = CheckInline(yaml, "{\"op\":\"close\"}\n");
  EXPECT_THAT(FailureText(go), HasSubstr("no session record"));
}

}  // namespace
}  // namespace witness::assertions
