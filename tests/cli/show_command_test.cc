// `witness show`: the timeline through the binary, its filters and formats,
// and its input errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_test_support.h"

namespace witness::cli::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

TEST(ShowCommandTest, PrintsATimelinePerMemberThenCounts) {
  RunResult result = RunWitness({"show", CliTestData("cluster.jsonl")});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "");
  const std::string& out = result.out;
  std::size_t web1 = out.find("\nweb-1\n");
  std::size_t web2 = out.find("\nweb-2\n");
  std::size_t other = out.find("\n(no member)\n");
  std::size_t counts = out.find("\nOP ");
  ASSERT_NE(web1, std::string::npos) << out;
  EXPECT_LT(web1, web2);
  EXPECT_LT(web2, other);
  EXPECT_LT(other, counts);
  EXPECT_THAT(out, HasSubstr("argv0=fleetbox-helper"));
  EXPECT_THAT(out, HasSubstr("session_end"));
  // Not a terminal: no colour.
  EXPECT_THAT(out, Not(HasSubstr("\x1b[")));
}

TEST(ShowCommandTest, ColourOnlyWhenAskedForOutsideATerminal) {
  RunResult always = RunWitness({"show", CliTestData("cluster.jsonl"), "--color", "always"});
  EXPECT_THAT(always.out, HasSubstr("\x1b["));
  RunResult no_color = RunWitness({"show", CliTestData("cluster.jsonl")}, {{"NO_COLOR", "1"}});
  EXPECT_THAT(no_color.out, Not(HasSubstr("\x1b[")));
}

TEST(ShowCommandTest, MemberFilterKeepsOnlyThatMember) {
  RunResult result = RunWitness({"show", CliTestData("cluster.jsonl"), "--member", "web-2"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, HasSubstr("\nweb-2\n"));
  EXPECT_THAT(result.out, Not(HasSubstr("web-1")));
  EXPECT_THAT(result.out, Not(HasSubstr("session")));
}

TEST(ShowCommandTest, UnknownMemberIsAnInputErrorListingTheMembers) {
  RunResult result = RunWitness({"show", CliTestData("cluster.jsonl"), "--member", "web-9"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err,
            "witness: no records for member 'web-9' in the recording (members: web-1, web-2, "
            "web-3)\n");
}

TEST(ShowCommandTest, BadLineIsShownInTheTimelineWhereItOccurs) {
  RunResult result = RunWitness({"show", CliTestData("cluster-torn.jsonl")});
  EXPECT_EQ(result.exit_code, 0);
  const std::string& out = result.out;
  std::size_t web2 = out.find("\nweb-2\n");
  std::size_t bad = out.find("BAD LINE");
  std::size_t web3 = out.find("\nweb-3\n");
  ASSERT_NE(bad, std::string::npos) << out;
  EXPECT_LT(web2, bad);
  EXPECT_LT(bad, web3);
  EXPECT_THAT(out, HasSubstr("cluster-torn.jsonl:7:1"));
  EXPECT_THAT(out, HasSubstr("1 bad line"));
}

TEST(ShowCommandTest, JsonFormatIsOneDocument) {
  RunResult result = RunWitness(
      {"show", CliTestData("go-reference-cluster-failcreate.jsonl"), "--format", "json"});
  EXPECT_EQ(result.exit_code, 0);
  nlohmann::json doc = nlohmann::json::parse(result.out);
  ASSERT_EQ(doc["members"].size(), 3u);
  EXPECT_EQ(doc["members"][2]["name"], "x<y>&z");
  EXPECT_EQ(doc["counts"]["create"], 3);
  EXPECT_TRUE(doc["members"][0]["records"][0]["pid"].is_null());
}

TEST(ShowCommandTest, ShardsAreMergedIntoOneTimeline) {
  RunResult result = RunWitness({"show", CliTestData("go-reference-solo.jsonl"),
                                 CliTestData("go-reference-cluster-failcreate.jsonl")});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, HasSubstr("\nsolo\n"));
  EXPECT_THAT(result.out, HasSubstr("\ndb-1\n"));
}

TEST(ShowCommandTest, UnreadableRecordFileIsAnInputError) {
  ScratchDir dir;
  RunResult result = RunWitness({"show", dir.File("nope.jsonl")});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, StartsWith("witness: cannot open record file '"));
  EXPECT_EQ(result.out, "");
}

}  // namespace
}  // namespace witness::cli::testing
