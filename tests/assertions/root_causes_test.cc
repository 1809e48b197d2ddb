// Root causes: one fact that explains many failures is said first, and the
// failures it explains are listed only on request.

#include <algorithm>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_support.h"
#include "witness/assertions.h"

namespace witness::assertions {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;

const char kCluster[] =
    "scenario: cluster\nmembers: [web-1, web-2, web-3]\nper_member:\n  expect:\n"
    "    - {id: reserve, op: reserve, name: '${member}'}\n"
    "    - {id: create, op: create, name: '${member}'}\n"
    "    - {id: stop, op: stop, name: '${member}'}\n"
    "    - {id: crash, op: crash, name: '${member}', count: 0}\n"
    "  order: [reserve, create, stop]\n"
    "expect:\n  - {id: close, op: close, count: 1}\n";

std::string Member(const std::string& name) {
  return "{\"op\":\"reserve\",\"name\":\"" + name + "\"}\n{\"op\":\"create\",\"name\":\"" + name +
         "\"}\n{\"op\":\"stop\",\"name\":\"" + name + "\"}\n";
}

int Lines(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

TEST(RootCauseTest, RecorderThatNeverStartedIsTheOneThingSaid) {
  const Report report = testing::CheckInline(kCluster, "");
  ASSERT_EQ(report.outcome, Outcome::kUnverifiable);
  ASSERT_THAT(report.causes, SizeIs(1));
  EXPECT_THAT(report.causes[0].text, HasSubstr("the recorder never started"));
  const Tally tally = report.Count();
  EXPECT_EQ(tally.failed, tally.explained);
  EXPECT_EQ(report.causes[0].explains, tally.failed);

  const std::string text = RenderText(report);
  EXPECT_THAT(text, HasSubstr("unverifiable: the recorder never started"));
  EXPECT_THAT(text, Not(HasSubstr("  FAIL ")));
  EXPECT_THAT(text, Not(HasSubstr("UNVERIFIABLE recorder alive")));
  EXPECT_THAT(text, HasSubstr("failures follow from it; -v lists them"));
  EXPECT_LE(Lines(text), 5) << text;

  TextOptions verbose;
  verbose.verbose = true;
  EXPECT_THAT(RenderText(report, verbose), HasSubstr("FAIL reserve [web-3]"));
}

TEST(RootCauseTest, RecorderThatNeverStartedFailsAPositiveScenarioWithThatCause) {
  const Report report = testing::CheckInline(
      "scenario: s\nexpect:\n  - {op: create}\n  - {op: stop}\n", "");
  ASSERT_EQ(report.outcome, Outcome::kFail);
  const std::string text = RenderText(report);
  EXPECT_THAT(text, HasSubstr("cause the recorder never started: no session record and no "
                              "other record in 'rec.jsonl'; is FLEETBOX_FAKE_RECORD passed"));
  EXPECT_THAT(text, Not(HasSubstr("  FAIL ")));
  EXPECT_THAT(text, HasSubstr("0 checks passed, 2 failed (2 of them explained by the cause"));
}

TEST(RootCauseTest, MemberThatNoRecordNamesIsOneLine) {
  const Report report =
      testing::CheckInline(kCluster, Member("web-1") + Member("web-2") + "{\"op\":\"close\"}\n");
  ASSERT_EQ(report.outcome, Outcome::kFail);
  ASSERT_THAT(report.causes, SizeIs(1));
  EXPECT_EQ(report.causes[0].text,
            "no record names member 'web-3' (the records name 'web-1', 'web-2')");
  // reserve, create and stop; its "never" passes and its order chain holds.
  EXPECT_EQ(report.causes[0].explains, 3u);
  const std::string text = RenderText(report);
  EXPECT_THAT(text, HasSubstr("cause no record names member 'web-3'"));
  EXPECT_THAT(text, Not(HasSubstr("  FAIL ")));
  EXPECT_LE(Lines(text), 5) << text;
}

TEST(RootCauseTest, AnAbsentMemberDoesNotHideAnotherMembersOwnFailure) {
  // web-2 never stopped: that is its own failure, not web-3's absence.
  const std::string records = Member("web-1") +
                              "{\"op\":\"reserve\",\"name\":\"web-2\"}\n"
                              "{\"op\":\"create\",\"name\":\"web-2\"}\n{\"op\":\"close\"}\n";
  const Report report = testing::CheckInline(kCluster, records);
  const std::string text = RenderText(report);
  EXPECT_THAT(text, HasSubstr("cause no record names member 'web-3'"));
  EXPECT_THAT(text, HasSubstr("FAIL stop [web-2]"));
  EXPECT_THAT(text, Not(HasSubstr("[web-3]")));
}

TEST(RootCauseTest, FileThatTwoRunsAppendedToSaysSo) {
  // The same helper, run twice into one file that was never cleared.
  std::string run1 =
      "{\"op\":\"session\",\"pid\":100,\"ts_ns\":1,\"schema\":1,\"argv0\":\"helper\"}\n";
  std::string run2 =
      "{\"op\":\"session\",\"pid\":200,\"ts_ns\":9,\"schema\":1,\"argv0\":\"helper\"}\n";
  for (const char* name : {"web-1", "web-2", "web-3"}) {
    for (const char* op : {"reserve", "create", "stop"}) {
      const std::string line = std::string("{\"op\":\"") + op + "\",\"name\":\"" + name + "\"";
      run1 += line + ",\"pid\":100}\n";
      run2 += line + ",\"pid\":200}\n";
    }
  }
  run1 += "{\"op\":\"close\",\"pid\":100}\n{\"op\":\"session_end\",\"pid\":100,\"records\":10}\n";
  run2 += "{\"op\":\"close\",\"pid\":200}\n{\"op\":\"session_end\",\"pid\":200,\"records\":10}\n";
  const Report report = testing::CheckInline(kCluster, run1 + run2);
  ASSERT_EQ(report.outcome, Outcome::kFail);
  ASSERT_THAT(report.causes, Not(::testing::IsEmpty()));
  EXPECT_EQ(report.causes[0].text,
            "the record file holds more than one run: a new one starts at rec.jsonl:13 ('helper' "
            "started again as process 200 after process 100 had closed its session); clear the "
            "file before each run");
  const std::string text = RenderText(report);
  // Said before any failure it may have caused.
  EXPECT_LT(text.find("holds more than one run"), text.find("  FAIL "));
}

TEST(RootCauseTest, APidWhoseSeqGoesBackIsASecondRun) {
  // A container's first process has the same pid in every run.
  const std::string records =
      "{\"op\":\"reserve\",\"name\":\"a\",\"pid\":1,\"seq\":1}\n"
      "{\"op\":\"close\",\"pid\":1,\"seq\":2}\n"
      "{\"op\":\"reserve\",\"name\":\"a\",\"pid\":1,\"seq\":1}\n"
      "{\"op\":\"close\",\"pid\":1,\"seq\":2}\n";
  const Report report = testing::CheckInline(
      "scenario: s\nexpect:\n  - {op: reserve, count: 1}\n  - {op: close, count: 1}\n", records);
  ASSERT_THAT(report.causes, SizeIs(1));
  EXPECT_THAT(report.causes[0].text, HasSubstr("a new one starts at rec.jsonl:3 (process 1's seq "
                                               "went back from 2 to 1)"));
}

TEST(RootCauseTest, MoreSessionsThanWritersSaysSo) {
  const std::string records =
      "{\"op\":\"session\",\"pid\":1,\"argv0\":\"client\"}\n"
      "{\"op\":\"session\",\"pid\":2,\"argv0\":\"helper\"}\n"
      "{\"op\":\"session\",\"pid\":3,\"argv0\":\"holder\"}\n"
      "{\"op\":\"create\",\"name\":\"a\",\"pid\":2}\n";
  const Report report = testing::CheckInline(
      "scenario: s\nwriters: 2\nexpect:\n  - {op: create, count: 1}\n", records);
  ASSERT_EQ(report.outcome, Outcome::kFail);
  ASSERT_THAT(report.causes, Not(::testing::IsEmpty()));
  EXPECT_THAT(report.causes[0].text,
              HasSubstr("rec.jsonl:3 (session 3 opens, and the scenario expects 2 writers)"));
}

TEST(RootCauseTest, ConcurrentWritersOfOneRunAreNotSeveralRuns) {
  const std::string records =
      "{\"op\":\"session\",\"pid\":1,\"argv0\":\"helper\"}\n"
      "{\"op\":\"session\",\"pid\":2,\"argv0\":\"helper\"}\n"
      "{\"op\":\"create\",\"name\":\"a\",\"pid\":1,\"seq\":1}\n"
      "{\"op\":\"create\",\"name\":\"b\",\"pid\":2,\"seq\":1}\n"
      "{\"op\":\"session_end\",\"pid\":1,\"records\":1}\n"
      "{\"op\":\"session_end\",\"pid\":2,\"records\":1}\n";
  const Report report = testing::CheckInline(
      "scenario: s\nexpect:\n  - {op: create, name: c}\n", records);
  ASSERT_EQ(report.outcome, Outcome::kFail);
  EXPECT_THAT(report.causes, ::testing::IsEmpty());
  EXPECT_THAT(RenderText(report), HasSubstr("  FAIL "));
}

TEST(RootCauseTest, PassingReportHasNoCause) {
  const Report report = testing::CheckInline(
      "scenario: s\nexpect:\n  - {op: create}\n", "{\"op\":\"create\"}\n");
  EXPECT_TRUE(report.passed());
  EXPECT_THAT(report.causes, ::testing::IsEmpty());
}

TEST(RootCauseTest, JsonAndJunitCarryTheCauseAndTheSameTally) {
  const Report report =
      testing::CheckInline(kCluster, Member("web-1") + Member("web-2") + "{\"op\":\"close\"}\n");
  const nlohmann::json json = nlohmann::json::parse(RenderJson(report));
  ASSERT_EQ(json["causes"].size(), 1u);
  EXPECT_EQ(json["causes"][0]["text"], report.causes[0].text);
  EXPECT_EQ(json["summary"]["failed"], report.Count().failed);
  EXPECT_EQ(json["summary"]["explained"], 3);
  std::size_t pointing = 0;
  for (const auto& expectation : json["expectations"]) {
    if (expectation.contains("cause")) {
      EXPECT_EQ(expectation["cause"], 0);
      EXPECT_EQ(expectation["member"], "web-3");
      ++pointing;
    }
  }
  EXPECT_EQ(pointing, 3u);
  const std::string junit = RenderJunit(report);
  EXPECT_THAT(junit, HasSubstr("<property name=\"cause\" value=\"no record names member "
                               "&apos;web-3&apos;"));
  EXPECT_THAT(junit, HasSubstr("message=\"no record names member &apos;web-3&apos;"));
}

}  // namespace
}  // namespace witness::assertions
