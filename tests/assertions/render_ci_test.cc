// The CI renderers: GitHub workflow commands placed at the scenario line,
// GitLab code quality JSON, the Markdown step summary, and the scenario
// positions JUnit and JSON carry. Each escapes what records and scenarios
// hold, so no value can forge a command, a Markdown table cell or HTML.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "test_support.h"
#include "witness/assertions.h"
#include "witness/recorder/printable.h"

namespace witness::assertions {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

// The create expectation is on line 4, column 5; never on line 5.
const char kScenario[] =
    "scenario: render\nstrict: true\nexpect:\n  - {id: create, op: create, mac: aa}\n"
    "  - {id: never, op: stop, name: boom, count: 0}\n";
const char kRecords[] =
    "{\"op\":\"create\",\"mac\":\"bb\"}\n"
    "{\"op\":\"stop\",\"name\":\"boom\"}\n"
    "{\"op\":\"close\"}\n";

Report FailingReport() { return testing::CheckInline(kScenario, kRecords); }

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t begin = 0;
  while (begin < text.size()) {
    const std::size_t newline = text.find('\n', begin);
    lines.push_back(text.substr(begin, newline - begin));
    if (newline == std::string::npos) break;
    begin = newline + 1;
  }
  return lines;
}

// --- GitHub --------------------------------------------------------------------

TEST(RenderGithubTest, OneErrorPerFailurePlacedWhereTheScenarioWritesIt) {
  EXPECT_THAT(
      Lines(RenderGithub(FailingReport())),
      ElementsAre(
          "::error file=s.yaml,line=4,col=5,title=witness%3A create::expected exactly 1 matching "
          "record, found 0%0Aclosest record rec.jsonl:1 differs in mac: expected \"aa\", actual "
          "\"bb\"%0Apattern: op \"create\", mac \"aa\"",
          "::error file=s.yaml,line=5,col=5,title=witness%3A never::expected no matching record, "
          "found 1: rec.jsonl:2%0Apattern: op \"stop\", name \"boom\"",
          "::error file=s.yaml,line=2,col=9,title=witness%3A strict::record at rec.jsonl:1 "
          "matched no expectation: {\"op\":\"create\",\"mac\":\"bb\"}%0Arecord at rec.jsonl:3 "
          "matched no expectation: {\"op\":\"close\"}"));
}

TEST(RenderGithubTest, APassWritesNothing) {
  const Report report =
      testing::CheckInline("scenario: ok\nexpect:\n  - {op: close}\n", "{\"op\":\"close\"}\n");
  ASSERT_TRUE(report.passed());
  EXPECT_EQ(RenderGithub(report), "");
}

TEST(RenderGithubTest, ABadRecordLineIsAWarningInTheRecordFile) {
  const Report report = testing::CheckInline("scenario: bad\nexpect:\n  - {op: close}\n",
                                             "{\"op\":\"close\"}\n{\"op\":\"stop\",\n");
  EXPECT_THAT(RenderGithub(report),
              HasSubstr("::warning file=rec.jsonl,line=2,col=14,title=witness%3A bad record "
                        "line::not valid JSON: "));
}

TEST(RenderGithubTest, PercentLineBreaksColonsAndCommasCannotForgeACommand) {
  // An id and a record value that try to end the command and start another.
  const Report report = testing::CheckInline(
      "scenario: x\nexpect:\n  - {id: 'a,b:c%', op: create, name: \"n\\r\\n::error::forged\"}\n",
      "{\"op\":\"create\",\"name\":\"m\"}\n");
  const std::string out = RenderGithub(report);
  ASSERT_EQ(Lines(out).size(), 1u) << out;
  EXPECT_THAT(out, StartsWith("::error file=s.yaml,line=3,col=5,title=witness%3A a%2Cb%3Ac%25::"));
  EXPECT_THAT(out, Not(HasSubstr("\n::error::forged")));
  EXPECT_EQ(recorder::FindTerminalControl(out), std::string::npos);
}

TEST(RenderGithubTest, PathsUnderTheWorkspaceAreRepositoryPaths) {
  const Scenario scenario = ParseScenario(kScenario, "/home/runner/work/app/app/t/s.yaml");
  const Report report = Check(scenario, recorder::ParseRecords(kRecords, "rec.jsonl"));
  CiOptions ci;
  ci.workspace = "/home/runner/work/app/app/";
  EXPECT_THAT(RenderGithub(report, ci), StartsWith("::error file=t/s.yaml,line=4,col=5,"));
  ci.workspace = "/elsewhere";
  EXPECT_THAT(RenderGithub(report, ci),
              StartsWith("::error file=/home/runner/work/app/app/t/s.yaml,line=4,"));
  // A relative scenario path is taken from where the command ran.
  const Report relative =
      Check(ParseScenario(kScenario, "t/s.yaml"), recorder::ParseRecords(kRecords, "rec.jsonl"));
  ci.workspace = "/repo";
  ci.working_directory = "/repo/sub";
  EXPECT_THAT(RenderGithub(relative, ci), StartsWith("::error file=sub/t/s.yaml,line=4,"));
}

TEST(RenderGithubTest, AtMostFiftyErrorsThenOneNotice) {
  std::string scenario = "scenario: many\nexpect:\n";
  for (int i = 0; i < 60; ++i) scenario += "  - {op: op" + std::to_string(i) + "}\n";
  const std::vector<std::string> lines =
      Lines(RenderGithub(testing::CheckInline(scenario, "{\"op\":\"close\"}\n")));
  ASSERT_EQ(lines.size(), 51u);
  EXPECT_THAT(lines[49], StartsWith("::error file=s.yaml,line=52,"));
  EXPECT_EQ(lines[50], "::notice title=witness::10 more findings are in the report above");
}

TEST(RenderGithubLogTest, TheTextReportIsFramedSoNoRecordRunsACommand) {
  const Report report = testing::CheckInline("scenario: x\nexpect:\n  - {op: stop, name: web}\n",
                                             "{\"op\":\"stop\",\"name\":\"::error::forged\"}\n");
  const std::string log = RenderGithubLog(report, "token-1");
  EXPECT_THAT(log, StartsWith("::stop-commands::token-1\nFAIL x (s.yaml)\n"));
  EXPECT_THAT(log, ::testing::EndsWith("\n::token-1::\n"));
  // Shown inside the frame, where the runner runs no command.
  EXPECT_THAT(log, HasSubstr("actual \"::error::forged\""));
}

// --- GitLab code quality -------------------------------------------------------

TEST(RenderCodeClimateTest, OneIssuePerFindingWithPathLineAndSeverity) {
  const nlohmann::json issues = nlohmann::json::parse(RenderCodeClimate(FailingReport()));
  ASSERT_EQ(issues.size(), 3u);
  const nlohmann::json& create = issues[0];
  EXPECT_EQ(create["type"], "issue");
  EXPECT_EQ(create["check_name"], "witness/expectation");
  EXPECT_EQ(create["description"],
            "create: expected exactly 1 matching record, found 0; closest record rec.jsonl:1 "
            "differs in mac: expected \"aa\", actual \"bb\"");
  EXPECT_EQ(create["severity"], "major");
  EXPECT_EQ(create["location"]["path"], "s.yaml");
  EXPECT_EQ(create["location"]["lines"]["begin"], 4);
  EXPECT_THAT(create["content"]["body"].get<std::string>(), HasSubstr("pattern: op \"create\""));
  EXPECT_EQ(issues[2]["check_name"], "witness/strict");
  EXPECT_EQ(issues[2]["location"]["lines"]["begin"], 2);
}

TEST(RenderCodeClimateTest, FingerprintsAreDistinctAndTheSameInTheNextRun) {
  const nlohmann::json first = nlohmann::json::parse(RenderCodeClimate(FailingReport()));
  const nlohmann::json second = nlohmann::json::parse(RenderCodeClimate(FailingReport()));
  std::vector<std::string> fingerprints;
  for (std::size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(first[i]["fingerprint"], second[i]["fingerprint"]);
    EXPECT_EQ(first[i]["fingerprint"].get<std::string>().size(), 16u);
    fingerprints.push_back(first[i]["fingerprint"]);
  }
  std::sort(fingerprints.begin(), fingerprints.end());
  EXPECT_EQ(std::unique(fingerprints.begin(), fingerprints.end()), fingerprints.end());
}

TEST(RenderCodeClimateTest, APassIsAnEmptyList) {
  const Report report =
      testing::CheckInline("scenario: ok\nexpect:\n  - {op: close}\n", "{\"op\":\"close\"}\n");
  EXPECT_EQ(RenderCodeClimate(report), "[]\n");
}

// --- Markdown summary ----------------------------------------------------------

TEST(RenderMarkdownSummaryTest, VerdictAndATableOfFailuresWithTheDifferingFields) {
  const std::string summary = RenderMarkdownSummary(FailingReport());
  EXPECT_THAT(summary, StartsWith("### witness: render failed\n\n3 of 4 checks failed · "
                                  "3 records, 0 session records, 0 bad lines in rec.jsonl · "
                                  "scenario s.yaml\n"));
  EXPECT_THAT(summary,
              HasSubstr("| Expectation | Defined at | Why | Closest record | Differing fields |\n"
                        "|---|---|---|---|---|\n"
                        "| create | s.yaml:4:5 | expected exactly 1 matching record, found 0 | "
                        "rec.jsonl:1 | mac: expected \"aa\", actual \"bb\" |\n"
                        "| never | s.yaml:5:5 | expected no matching record, found 1: rec.jsonl:2 "
                        "|  |  |\n"));
  EXPECT_THAT(summary, HasSubstr("| Check | Defined at | Why |\n|---|---|---|\n| strict | "
                                 "s.yaml:2:9 | record at rec.jsonl:1 matched no expectation: "));
}

TEST(RenderMarkdownSummaryTest, RecordValuesCannotWriteHtmlOrMarkdown) {
  const Report report = testing::CheckInline(
      "scenario: x\nexpect:\n  - {id: create, op: create, name: web}\n",
      R"({"op":"create","name":"<img src=x onerror=alert(1)>|**b**`c`[l](u)\n## h"})"
      "\n");
  const std::string summary = RenderMarkdownSummary(report);
  EXPECT_THAT(summary, HasSubstr("\\<img src=x onerror=alert(1)\\>\\|\\*\\*b\\*\\*\\`c\\`"
                                 "\\[l\\](u)\\\\n\\#\\# h"));
  // In the value, every character that could open a tag, a cell, emphasis,
  // code, a link or a heading is escaped.
  const std::size_t begin = summary.find("actual \"") + 8;
  const std::string value = summary.substr(begin, summary.find("\" |", begin) - begin);
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (std::string_view("<>|*`[]#").find(value[i]) == std::string_view::npos) continue;
    EXPECT_TRUE(i > 0 && value[i - 1] == '\\') << "unescaped at " << i << ": " << value;
  }
  EXPECT_THAT(summary, Not(HasSubstr("\n## h")));
}

TEST(RenderMarkdownSummaryTest, ALineBreakInAReasonIsABreakInsideItsCell) {
  Report report;
  report.scenario = "run";
  report.outcome = Outcome::kFail;
  CheckResult check;
  check.kind = CheckKind::kCommand;
  check.name = "command exits with status 0";
  check.passed = false;
  check.failures = {"the command exited with status 1\n\nthe last lines:\n  | boom"};
  report.checks.push_back(check);
  EXPECT_THAT(RenderMarkdownSummary(report),
              HasSubstr("\n| command exits with status 0 |  | the command exited with status "
                        "1<br><br>the last lines:<br>  \\| boom |\n"));
}

TEST(RenderMarkdownSummaryTest, APassIsOneVerdictLine) {
  const Report report =
      testing::CheckInline("scenario: ok\nexpect:\n  - {op: close}\n", "{\"op\":\"close\"}\n");
  EXPECT_EQ(RenderMarkdownSummary(report),
            "### witness: ok passed\n\n1 check passed · 1 record, 0 session records, 0 bad lines "
            "in rec.jsonl · scenario s.yaml\n");
}

// --- Positions in JUnit and JSON -----------------------------------------------

TEST(RenderJunitTest, TestcasesCarryTheScenarioFileAndLine) {
  const std::string xml = RenderJunit(FailingReport());
  EXPECT_THAT(xml, HasSubstr("<testcase classname=\"render\" name=\"create\" file=\"s.yaml\" "
                             "line=\"4\">"));
  EXPECT_THAT(xml, HasSubstr("<testcase classname=\"render\" name=\"never\" file=\"s.yaml\" "
                             "line=\"5\">"));
  EXPECT_THAT(xml, HasSubstr("<testcase classname=\"render\" name=\"strict\" file=\"s.yaml\" "
                             "line=\"2\">"));
}

TEST(RenderJsonTest, CarriesTheSchemaVersionAndEveryCheckPosition) {
  const nlohmann::json doc = nlohmann::json::parse(RenderJson(FailingReport()));
  EXPECT_EQ(doc["schema"], kReportSchemaVersion);
  EXPECT_EQ(doc["expectations"][0]["defined_at"], "s.yaml:4:5");
  for (const nlohmann::json& check : doc["checks"]) {
    EXPECT_THAT(check["defined_at"].get<std::string>(), StartsWith("s.yaml:")) << check;
  }
}

}  // namespace
}  // namespace witness::assertions
