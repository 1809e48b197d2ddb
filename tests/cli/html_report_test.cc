// The HTML report as markup: escaping, embedded data, lanes, threads and
// pinned failures. What a browser makes of it is browser_test.cc's job;
// these tests read the page's text, so they run everywhere.
#include "witness/cli/html_report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "cli_test_support.h"
#include "witness/assertions/check.h"
#include "witness/assertions/scenario.h"
#include "witness/cli/internal/html_page.h"
#include "witness/recorder/printable.h"
#include "witness/recorder/reader.h"

namespace witness::cli {
namespace {

using testing::CountOccurrences;
using ::testing::HasSubstr;
using testing::HtmlTestData;
using ::testing::Not;

// The JSON the page's script reads.
nlohmann::json PageData(const std::string& page) {
  const std::string open = "<script type=\"application/json\" id=\"witness-data\">";
  const std::size_t begin = page.find(open);
  EXPECT_NE(begin, std::string::npos);
  const std::size_t end = page.find("</script>", begin);
  return nlohmann::json::parse(page.substr(begin + open.size(), end - begin - open.size()));
}

std::string ReportPage(const std::string& yaml, const std::string& records) {
  const recorder::Recording recording = recorder::ParseRecords(records, "rec.jsonl");
  const assertions::Report report =
      assertions::Check(assertions::ParseScenario(yaml, "s.yaml"), recording);
  return RenderHtmlReport(report, recording);
}

TEST(HtmlPageTest, ScriptSafeJsonLeavesNothingThatEndsAScriptOrALine) {
  const nlohmann::json value = {
      {"a", "</script><script>x()</script> & \xE2\x80\xA8 \xE2\x80\xA9 \x7f"}};
  const std::string safe = internal::ScriptSafeJson(value.dump());
  EXPECT_EQ(safe.find_first_of("<>&"), std::string::npos) << safe;
  EXPECT_EQ(safe.find("\xE2\x80\xA8"), std::string::npos);
  EXPECT_EQ(safe.find("\xE2\x80\xA9"), std::string::npos);
  EXPECT_EQ(recorder::FindTerminalControl(safe), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(safe), value);
}

TEST(HtmlPageTest, HtmlTextEscapesMarkupQuotesAndControlBytes) {
  EXPECT_EQ(internal::HtmlText("<a href='x'>\"&\x1b"),
            "&lt;a href=&#39;x&#39;&gt;&quot;&amp;\\x1b");
}

TEST(HtmlPageTest, DocumentLetsOnlyItsOwnScriptRunAndLoadsNothing) {
  const std::string page = internal::HtmlDocument("t<", "<p>body</p>", "var x = 1;");
  EXPECT_THAT(page, HasSubstr("default-src 'none'"));
  EXPECT_THAT(page, HasSubstr("script-src 'sha256-9nfWt3DNT14o+tZCP3YilfLwTrhLI98eqbN689B7ajY='"));
  EXPECT_THAT(page, HasSubstr("<title>t&lt;</title>"));
  EXPECT_THAT(page, HasSubstr("<script>var x = 1;</script>"));
  // No script, no script-src: the default forbids every script.
  EXPECT_THAT(internal::HtmlDocument("t", "", ""), Not(HasSubstr("script-src")));
}

TEST(HtmlReportTest, HostileValuesReachThePageOnlyAsText) {
  const recorder::Recording recording = recorder::ReadRecordFile(HtmlTestData("hostile.jsonl"));
  const assertions::Report report =
      assertions::Check(assertions::LoadScenario(HtmlTestData("hostile.yaml")), recording);
  const std::string page = RenderHtmlReport(report, recording);
  EXPECT_THAT(page, Not(HasSubstr("<img")));
  EXPECT_THAT(page, Not(HasSubstr("<svg onload")));
  EXPECT_THAT(page, Not(HasSubstr("<b id")));
  EXPECT_THAT(page, Not(HasSubstr("<script>document")));
  // The page's data and its own script: nothing else opens a script.
  EXPECT_EQ(CountOccurrences(page, "<script"), 2u);
  EXPECT_EQ(recorder::FindTerminalControl(page), std::string::npos);
  EXPECT_THAT(page, HasSubstr("&lt;img src=x onerror=&quot;document.title=&#39;pwned-img&#39;"));
  // The values are still all there, as data.
  const nlohmann::json data = PageData(page);
  EXPECT_THAT(data["texts"].dump(), HasSubstr("pwned-svg"));
  EXPECT_EQ(data["bad"].size(), 1u);
}

TEST(HtmlReportTest, OneLanePerMemberThenRecordsWithoutOneThenSessions) {
  const recorder::Recording recording =
      recorder::ReadRecordFile(testing::CliTestData("cluster.jsonl"));
  const std::string page = RenderTimelineHtml(recording, std::nullopt);
  EXPECT_EQ(CountOccurrences(page, "class=\"lane lane-member\""), 3u);
  EXPECT_EQ(CountOccurrences(page, "class=\"lane lane-none\""), 1u);
  EXPECT_EQ(CountOccurrences(page, "class=\"lane lane-session\""), 1u);
  const nlohmann::json data = PageData(page);
  ASSERT_EQ(data["lanes"].size(), 5u);
  EXPECT_EQ(data["lanes"][0]["name"], "web-1");
  EXPECT_EQ(data["lanes"][4]["kind"], "session");
  EXPECT_EQ(data["op"].size(), recording.records.size());
  // A timeline alone has no verdict and no failures.
  EXPECT_THAT(page, HasSubstr("<div class=\"verdict\">TIMELINE</div>"));
  EXPECT_THAT(page, Not(HasSubstr("id=\"failures\"")));
}

TEST(HtmlReportTest, TimeSpanIsThatOfTheBackendCallsNotOfASessionStampedElsewhere) {
  // The session record's clock says 1 ns; the calls came 2.5 s apart, at
  // the epoch's present.
  const std::string records =
      "{\"op\":\"session\",\"pid\":7,\"ts_ns\":1}\n"
      "{\"op\":\"start\",\"name\":\"a\",\"pid\":7,\"seq\":1,\"ts_ns\":1700000000000000000}\n"
      "{\"op\":\"stop\",\"name\":\"a\",\"pid\":7,\"seq\":2,\"ts_ns\":1700000002500000000}\n";
  const std::string page = ReportPage("scenario: s\nexpect:\n  - {op: start}\n", records);
  // The summary's counts line only: a failure message quotes it, not the page.
  const std::size_t begin = page.find("<p class=\"counts\">");
  ASSERT_NE(begin, std::string::npos);
  const std::string counts = page.substr(begin, page.find("</p>", begin) - begin);
  EXPECT_THAT(counts, HasSubstr(" 2.500 s from first to last record"));
  EXPECT_THAT(counts, Not(HasSubstr("1700000002.500 s")));
}

TEST(HtmlReportTest, DetailsKeepProvenanceInColumnsAndRepeatedTextsOnce) {
  const std::string page = ReportPage(
      "scenario: s\nexpect: [{op: start, count: {min: 1}}]\n",
      "{\"op\":\"start\",\"name\":\"a\",\"pid\":7,\"seq\":1,\"ts_ns\":1700000000000000001}\n"
      "{\"op\":\"start\",\"name\":\"a\",\"pid\":7,\"seq\":2,\"ts_ns\":1700000000000000009}\n");
  const nlohmann::json data = PageData(page);
  EXPECT_EQ(data["texts"], nlohmann::json::array({"{\"name\":\"a\",\"op\":\"start\"}"}));
  EXPECT_EQ(data["text"], nlohmann::json::array({0, 0}));
  EXPECT_EQ(data["seq"], nlohmann::json::array({1, 2}));
  EXPECT_EQ(data["ts"], nlohmann::json::array({0, 8}));
  EXPECT_EQ(data["ts_base"], "1700000000000000001");
}

constexpr const char* kClusterScenario = R"(scenario: cluster
members: [a, b]
per_member:
  expect:
    - {id: reserve, op: reserve, name: "${member}", mac: {capture: mac}}
    - {id: create, op: create, name: "${member}", mac: "${mac}"}
    - {id: start, op: start, name: "${member}"}
    - {id: stop, op: stop, name: "${member}"}
  order: [create, start]
lifecycle: [reserve, create, start, stop]
)";

TEST(HtmlReportTest, CapturedValueIsThreadedGreenWhereMatchedRedWhereItDiffers) {
  const std::string page =
      ReportPage(kClusterScenario,
                 "{\"op\":\"reserve\",\"name\":\"a\",\"mac\":\"aa:aa\"}\n"
                 "{\"op\":\"reserve\",\"name\":\"b\",\"mac\":\"bb:bb\"}\n"
                 "{\"op\":\"create\",\"name\":\"a\",\"mac\":\"aa:aa\"}\n"
                 "{\"op\":\"create\",\"name\":\"b\",\"mac\":\"aa:aa\"}\n"
                 "{\"op\":\"start\",\"name\":\"a\"}\n{\"op\":\"start\",\"name\":\"b\"}\n"
                 "{\"op\":\"stop\",\"name\":\"a\"}\n{\"op\":\"stop\",\"name\":\"b\"}\n");
  EXPECT_EQ(CountOccurrences(page, "<g class=\"arrow ok\""), 1u);
  EXPECT_EQ(CountOccurrences(page, "<g class=\"arrow bad\""), 1u);
  EXPECT_THAT(page, HasSubstr(">&quot;aa:aa&quot;</text>"));
  EXPECT_THAT(page, HasSubstr(">\u2260 &quot;aa:aa&quot;</text>"));
  // The failed create is listed with where the scenario says it, and its
  // closest record is outlined with the field that differs.
  EXPECT_THAT(page, HasSubstr("<b>create [b]</b> <code class=\"f-where\">s.yaml:6:7</code>"));
  EXPECT_THAT(page, HasSubstr("<tr class=\"differs\"><td>mac</td>"));
  EXPECT_EQ(CountOccurrences(page, "rx=\"3\" data-f=\"0\" data-r=\"5\""), 1u);  // b's create
  EXPECT_THAT(page, HasSubstr("<title>closest record for create [b]\nmac: expected ${mac} "
                              "(&quot;bb:bb&quot;), actual &quot;aa:aa&quot;</title>"));
}

TEST(HtmlReportTest, LeakIsAMarkAtTheEndOfTheMembersLane) {
  const std::string page =
      ReportPage(kClusterScenario,
                 "{\"op\":\"reserve\",\"name\":\"a\",\"mac\":\"aa:aa\"}\n"
                 "{\"op\":\"create\",\"name\":\"a\",\"mac\":\"aa:aa\"}\n"
                 "{\"op\":\"start\",\"name\":\"a\"}\n{\"op\":\"stop\",\"name\":\"a\"}\n"
                 "{\"op\":\"reserve\",\"name\":\"b\",\"mac\":\"bb:bb\"}\n"
                 "{\"op\":\"create\",\"name\":\"b\",\"mac\":\"bb:bb\"}\n"
                 "{\"op\":\"start\",\"name\":\"b\"}\n");
  EXPECT_EQ(CountOccurrences(page, "<g class=\"leak\""), 1u);
  EXPECT_THAT(page, HasSubstr("leak: never stop</text>"));
  // In b's lane, the second.
  const std::size_t lane_b = page.find("data-lane=\"1\"");
  ASSERT_NE(lane_b, std::string::npos);
  EXPECT_GT(page.find("<g class=\"leak\""), lane_b);
}

TEST(HtmlReportTest, OrderViolationIsARedArrowBetweenTheTwoRecords) {
  const std::string page = ReportPage(kClusterScenario,
                                      "{\"op\":\"reserve\",\"name\":\"a\",\"mac\":\"aa:aa\"}\n"
                                      "{\"op\":\"start\",\"name\":\"a\"}\n"
                                      "{\"op\":\"create\",\"name\":\"a\",\"mac\":\"aa:aa\"}\n"
                                      "{\"op\":\"stop\",\"name\":\"a\"}\n");
  EXPECT_EQ(CountOccurrences(page, "<g class=\"arrow order\""), 1u);
  EXPECT_THAT(page, HasSubstr("order requires create before start"));
}

TEST(HtmlReportTest, BadLineIsMarkedWhereItSitsWithItsExcerpt) {
  const recorder::Recording recording =
      recorder::ReadRecordFile(testing::CliTestData("cluster-torn.jsonl"));
  ASSERT_FALSE(recording.diagnostics.empty());
  const std::string page = RenderTimelineHtml(recording, std::nullopt);
  EXPECT_EQ(CountOccurrences(page, "<g class=\"badline\""), recording.diagnostics.size());
  EXPECT_THAT(page, HasSubstr("<title>bad line " +
                              internal::HtmlText(recording.diagnostics[0].ToString())));
}

TEST(HtmlReportTest, UnclaimedRecordsUnderStrictAreOutlined) {
  const std::string page = ReportPage("scenario: s\nstrict: true\nexpect: [{op: start}]\n",
                                      "{\"op\":\"start\"}\n{\"op\":\"stop\"}\n");
  // The stop (and the legend's key).
  EXPECT_EQ(CountOccurrences(page, "<rect class=\"pin unclaimed\""), 2u);
  EXPECT_THAT(page, HasSubstr("data-r=\"1\"><title>matched no expectation (strict)</title>"));
}

TEST(HtmlReportTest, AFailureListsFiftyOfItsLinesAndSaysHowManyMore) {
  std::string records;
  for (int i = 0; i < 60; ++i) records += "{\"op\":\"stop\"}\n";
  const std::string page =
      ReportPage("scenario: s\nstrict: true\nexpect: [{op: start, count: 0}]\n", records);
  EXPECT_EQ(CountOccurrences(page, "matched no expectation: "), 2u * 50);  // the list and the data
  EXPECT_THAT(page, HasSubstr("<li>and 10 more (the text and JSON reports list them all)</li>"));
}

TEST(HtmlReportTest, RecordsCloserThanAFewPixelsAreOneAggregateMark) {
  std::string records;
  for (int i = 0; i < 20000; ++i) {
    records += "{\"op\":\"" + std::string(i % 2 ? "stop" : "start") + "\",\"name\":\"m-" +
               std::to_string(i / 2000) + "\"}\n";
  }
  const recorder::Recording recording = recorder::ParseRecords(records, "soak.jsonl");
  const std::string page = RenderTimelineHtml(recording, std::nullopt);
  // Ten lanes of 100 pixels each: about 25 marks a lane, not 2,000.
  EXPECT_LT(CountOccurrences(page, "<rect class=\"bin"), 400u);
  EXPECT_LE(CountOccurrences(page, "width=\"6\" height=\"14\" data-r="),
            10u);  // a lone record at a lane's edge
  const nlohmann::json data = PageData(page);
  EXPECT_EQ(data["op"].size(), 20000u);
  EXPECT_EQ(data["texts"].size(), 20u);  // start and stop of ten members
  EXPECT_LT(page.size(), 400u * 1024);
}

}  // namespace
}  // namespace witness::cli
