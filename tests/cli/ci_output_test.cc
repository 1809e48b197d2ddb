// `witness check` for CI: --format github (the text report where GitHub
// runs no command, then the annotations), --format codeclimate, and the
// Markdown summary --summary FILE appends (by default GitHub's step summary,
// when the format is github).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "cli_test_support.h"

namespace witness::cli::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

class CiOutputTest : public ::testing::Test {
 protected:
  // --var home=/elsewhere fails each member's create, written on line 13,
  // column 7 of cluster.yaml.
  RunResult CheckFailing(const std::string& format, const Environment& env = {},
                         const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"check",           scenario_,  record_, "--var",
                                     "home=/elsewhere", "--format", format};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunWitness(args, env);
  }

  std::string scenario_ = CliTestData("cluster.yaml");
  std::string record_ = CliTestData("cluster.jsonl");
  ScratchDir dir_;
};

TEST_F(CiOutputTest, GithubFramesTheReportThenAnnotatesTheFailingExpectation) {
  const RunResult result = CheckFailing("github", {{"GITHUB_WORKSPACE", WITNESS_TESTDATA_DIR}});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  ASSERT_THAT(result.out, StartsWith("::stop-commands::witness-"));
  const std::string token = result.out.substr(17, result.out.find('\n') - 17);
  const std::size_t resumed = result.out.find("\n::" + token + "::\n");
  ASSERT_NE(resumed, std::string::npos) << result.out;
  EXPECT_THAT(result.out.substr(0, resumed), HasSubstr("FAIL cluster-of-three"));
  EXPECT_THAT(result.out.substr(resumed),
              HasSubstr("\n::error file=cli/cluster.yaml,line=13,col=7,title=witness%3A create "
                        "[web-1]::"));
  // Two runs, two tokens: a record cannot know the one that ends the frame.
  const RunResult again = CheckFailing("github");
  EXPECT_THAT(again.out, Not(StartsWith("::stop-commands::" + token + "\n")));
}

TEST_F(CiOutputTest, GithubAppendsToTheStepSummaryWhenGithubNamesOne) {
  const std::string summary = dir_.File("step-summary.md");
  WriteTextFile(summary, "earlier step\n");
  const RunResult result = CheckFailing("github", {{"GITHUB_STEP_SUMMARY", summary}});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  const std::string text = ReadTextFile(summary);
  EXPECT_THAT(text, StartsWith("earlier step\n### witness: cluster-of-three failed\n"));
  EXPECT_THAT(text, HasSubstr("| create \\[web-1\\] | "));
  // Then the recording as a diagram GitHub draws, folded.
  EXPECT_THAT(text, HasSubstr("\n<details><summary>The recording as a sequence diagram</summary>\n\n"
                              "```mermaid\nsequenceDiagram\n"));
  EXPECT_THAT(text, ::testing::EndsWith("```\n\n</details>\n"));
}

TEST_F(CiOutputTest, OtherFormatsLeaveTheStepSummaryAloneUnlessAsked) {
  const std::string summary = dir_.File("step-summary.md");
  RunResult result = CheckFailing("text", {{"GITHUB_STEP_SUMMARY", summary}});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_FALSE(FileExists(summary));
  const std::string asked = dir_.File("asked.md");
  result = CheckFailing("text", {{"GITHUB_STEP_SUMMARY", summary}}, {"--summary", asked});
  EXPECT_FALSE(FileExists(summary));
  EXPECT_THAT(ReadTextFile(asked), StartsWith("### witness: cluster-of-three failed\n"));
}

TEST_F(CiOutputTest, CodeClimateIsGitlabsCodeQualityJsonUnderItsProjectDirectory) {
  const RunResult result = CheckFailing("codeclimate", {{"CI_PROJECT_DIR", WITNESS_TESTDATA_DIR}});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  const nlohmann::json issues = nlohmann::json::parse(result.out);
  ASSERT_TRUE(issues.is_array());
  ASSERT_FALSE(issues.empty());
  EXPECT_EQ(issues[0]["description"].get<std::string>().rfind("create [web-1]: ", 0), 0u)
      << issues[0];
  EXPECT_EQ(issues[0]["location"]["path"], "cli/cluster.yaml");
  EXPECT_EQ(issues[0]["location"]["lines"]["begin"], 13);
}

TEST_F(CiOutputTest, AnUnknownFormatNamesEveryFormat) {
  const RunResult result = CheckFailing("sarif");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("text,json,junit,html,github,codeclimate"));
}

}  // namespace
}  // namespace witness::cli::testing
