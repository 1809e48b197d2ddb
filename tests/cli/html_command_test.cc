// The HTML report, the Mermaid diagram and the report index through the
// binary: which flags write which files, and what each file holds.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "cli_test_support.h"

namespace witness::cli::testing {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

class HtmlCommandTest : public ::testing::Test {
 protected:
  std::string scenario_ = CliTestData("cluster.yaml");
  std::string record_ = CliTestData("cluster.jsonl");
  ScratchDir dir_;
};

TEST_F(HtmlCommandTest, CheckWritesThePageToOutputAndTheTextReportToStdout) {
  const std::string page = dir_.File("out/report.html");
  const RunResult result = RunWitness({"check", scenario_, record_, "--var", "home=/elsewhere",
                                       "--format", "html", "--output", page});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_THAT(result.out, HasSubstr("FAIL cluster-of-three"));
  const std::string html = ReadTextFile(page);
  EXPECT_THAT(html, StartsWith("<!DOCTYPE html>"));
  EXPECT_THAT(html, HasSubstr("<div class=\"verdict\">FAIL</div>"));
  EXPECT_THAT(html, HasSubstr("<b>create [web-1]</b>"));
}

TEST_F(HtmlCommandTest, HtmlAndJsonCopiesAreWrittenBesideAnyFormat) {
  const std::string page = dir_.File("s.html");
  const std::string json = dir_.File("s.json");
  const RunResult result =
      RunWitness({"check", scenario_, record_, "--html", page, "--json", json});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(ReadTextFile(page), HasSubstr("<div class=\"verdict\">PASS</div>"));
  const nlohmann::json report = nlohmann::json::parse(ReadTextFile(json));
  EXPECT_EQ(report["outcome"], "pass");
  EXPECT_TRUE(report["duration_ms"].is_number_unsigned()) << report.dump();
}

TEST_F(HtmlCommandTest, RunWritesThePageOfWhatTheCommandRecorded) {
  const std::string page = dir_.File("run.html");
  const std::string json = dir_.File("run.json");
  ScratchDir tmp;
  const RunResult result =
      RunWitness({"run", scenario_, "--html", page, "--json", json, "--", TestRecorder()},
                 {{"TMPDIR", tmp.path()}});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const std::string html = ReadTextFile(page);
  EXPECT_EQ(CountOccurrences(html, "class=\"lane lane-member\""), 3u);
  EXPECT_TRUE(nlohmann::json::parse(ReadTextFile(json))["duration_ms"].is_number_unsigned());
}

TEST_F(HtmlCommandTest, ShowPrintsTheTimelinePageAndAMermaidDiagram) {
  const RunResult page = RunWitness({"show", record_, "--format", "html", "--member", "web-2"});
  EXPECT_EQ(page.exit_code, 0) << page.err;
  EXPECT_THAT(page.out, HasSubstr("<div class=\"verdict\">TIMELINE</div>"));
  EXPECT_THAT(page.out, HasSubstr(">web-2<title>"));
  EXPECT_THAT(page.out, Not(HasSubstr(">web-1<title>")));
  const RunResult diagram = RunWitness({"show", record_, "--format", "mermaid", "--limit", "2"});
  EXPECT_EQ(diagram.exit_code, 0) << diagram.err;
  EXPECT_THAT(diagram.out, StartsWith("```mermaid\nsequenceDiagram\n"));
  EXPECT_THAT(diagram.out, HasSubstr(" more records not shown (--limit)\n"));
  EXPECT_THAT(diagram.out, EndsWith("```\n"));
  EXPECT_EQ(RunWitness({"show", record_, "--format", "mermaid", "--limit", "0"}).exit_code, 2);
}

TEST_F(HtmlCommandTest, ReportIndexListsEveryScenarioFailuresFirst) {
  const std::string pass = dir_.File("pass.json");
  const std::string fail = dir_.File("fail.json");
  ASSERT_EQ(RunWitness({"check", scenario_, record_, "--json", pass}).exit_code, 0);
  ASSERT_EQ(RunWitness({"check", scenario_, record_, "--var", "home=/x", "--json", fail, "--html",
                        dir_.File("fail.html")})
                .exit_code,
            1);
  const std::string index = dir_.File("index.html");
  const RunResult result = RunWitness({"report", "--index", index, pass, fail});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "witness: wrote " + index + ": 2 scenarios, 1 not passed\n");
  const std::string html = ReadTextFile(index);
  EXPECT_THAT(html, HasSubstr("<a href=\"fail.html\">cluster-of-three</a>"));
  EXPECT_LT(html.find("o-fail"), html.find("o-pass\">pass"));
  const RunResult bad = RunWitness({"report", "--index", index, record_});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("cannot read report '" + record_ + "'"));
}

}  // namespace
}  // namespace witness::cli::testing
