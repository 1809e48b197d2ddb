// What `witness run` expects of its command: the exit (a signal or a
// timeout never matches), texts found wherever the output cuts them, regexes
// matched line by line, and the option values that are refused.
#include "witness/cli/command_expectations.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <functional>

#include "witness/cli/usage_error.h"

namespace witness::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Pair;

ChildResult Exited(int status) {
  ChildResult result;
  result.exited = true;
  result.exit_status = status;
  return result;
}

std::vector<bool> Found(const OutputExpectations& output) {
  std::vector<bool> found;
  for (const auto& result : output.results()) found.push_back(result.found);
  return found;
}

std::string UsageErrorOf(const std::function<void()>& call) {
  try {
    call();
  } catch (const UsageError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ExitExpectationTest, StatusMatchesOnlyThatStatus) {
  ExitExpectation one = ParseExitExpectation("1");
  EXPECT_TRUE(one.Matches(Exited(1)));
  EXPECT_FALSE(one.Matches(Exited(0)));
  EXPECT_FALSE(one.Matches(Exited(2)));
  EXPECT_EQ(one.Describe(), "status 1");
  EXPECT_TRUE(ParseExitExpectation("0").Matches(Exited(0)));
  EXPECT_TRUE(ParseExitExpectation("255").Matches(Exited(255)));
  EXPECT_TRUE(ExitExpectation{}.Matches(Exited(0)));
}

TEST(ExitExpectationTest, NonzeroMatchesAnyFailingExitButNoSignalOrTimeout) {
  ExitExpectation nonzero = ParseExitExpectation("nonzero");
  EXPECT_EQ(nonzero.Describe(), "non-zero");
  EXPECT_TRUE(nonzero.Matches(Exited(1)));
  EXPECT_TRUE(nonzero.Matches(Exited(255)));
  EXPECT_FALSE(nonzero.Matches(Exited(0)));
  ChildResult killed;
  killed.signal = SIGKILL;
  EXPECT_FALSE(nonzero.Matches(killed));
  ChildResult timed_out = Exited(1);
  timed_out.timed_out = true;
  EXPECT_FALSE(nonzero.Matches(timed_out));
  EXPECT_FALSE(ParseExitExpectation("1").Matches(timed_out));
}

TEST(ExitExpectationTest, AnythingButAStatusOrNonzeroIsRefusedByName) {
  for (const std::string bad : {"256", "-1", "+1", "01", "1000", "", " 1", "1 ", "NONZERO", "x"}) {
    EXPECT_THAT(UsageErrorOf([&] { ParseExitExpectation(bad); }),
                HasSubstr("invalid --expect-exit value '" + bad + "'"))
        << bad;
  }
}

TEST(ParseEnvironmentTest, KeepsOrderAndLetsALaterEntryWin) {
  EXPECT_THAT(ParseEnvironment({"A=1", "B=x=y", "A=2", "C="}),
              ::testing::ElementsAre(Pair("A", "2"), Pair("B", "x=y"), Pair("C", "")));
  EXPECT_EQ(UsageErrorOf([] { ParseEnvironment({"A"}); }), "--env needs NAME=VALUE, got 'A'");
  EXPECT_EQ(UsageErrorOf([] { ParseEnvironment({"=1"}); }),
            "--env needs a name before '=', got '=1'");
}

TEST(OutputExpectationsTest, TextCutByReadBoundariesIsFound) {
  OutputExpectations output({"rolled back", "never said"}, {});
  for (char c : std::string("minifleet: rolled back: stopped db-1\n")) {
    output.Feed(std::string_view(&c, 1));
  }
  output.Finish();
  EXPECT_EQ(Found(output), (std::vector<bool>{true, false}));
  EXPECT_FALSE(output.AllFound());
}

TEST(OutputExpectationsTest, TextMaySpanLines) {
  OutputExpectations output({"one\ntwo"}, {});
  output.Feed("one");
  output.Feed("\ntwo\n");
  output.Finish();
  EXPECT_TRUE(output.AllFound());
}

TEST(OutputExpectationsTest, TextEarlyInALongOutputIsFound) {
  OutputExpectations output({"needle"}, {"^needle$"});
  output.Feed("needle\n");
  for (int i = 0; i < 1000; ++i) output.Feed(std::string(16 * 1024, 'x') + "\n");
  output.Finish();
  EXPECT_TRUE(output.AllFound());
}

TEST(OutputExpectationsTest, RegexMatchesWithinOneLine) {
  OutputExpectations output({}, {"^create 'db-[0-9]+'", "stopped db-1$", "db-1.db-2", "^$"});
  output.Feed("minifleet: cannot bring up\ncreate 'db-2': fail");
  output.Feed("ed\nstopped db-1\nstopped db-2");
  output.Finish();
  // No line holds both names; no line is empty.
  EXPECT_EQ(Found(output), (std::vector<bool>{true, true, false, false}));
}

TEST(OutputExpectationsTest, LastLineWithoutANewlineIsMatched) {
  OutputExpectations output({}, {"^tail end$"});
  output.Feed("first\ntail ");
  output.Feed("end");
  EXPECT_FALSE(output.AllFound());
  output.Finish();
  EXPECT_TRUE(output.AllFound());
}

TEST(OutputExpectationsTest, OverlongLineIsMatchedOnItsFirstPart) {
  OutputExpectations output({}, {"^start", "end$"});
  output.Feed("start" + std::string(OutputExpectations::kMaxRegexLine, 'x') + "end\n");
  output.Finish();
  EXPECT_EQ(Found(output), (std::vector<bool>{true, false}));
}

TEST(OutputExpectationsTest, EmptyOrInvalidPatternsAreRefused) {
  EXPECT_EQ(UsageErrorOf([] { OutputExpectations({""}, {}); }),
            "--expect-output needs a non-empty TEXT");
  EXPECT_EQ(UsageErrorOf([] { OutputExpectations({}, {""}); }),
            "--expect-output-regex needs a non-empty RE");
  EXPECT_THAT(UsageErrorOf([] { OutputExpectations({}, {"a(b"}); }),
              HasSubstr("invalid --expect-output-regex 'a(b': missing )"));
}

TEST(OutputExpectationsTest, ResultsListTextsThenRegexesInOrder) {
  OutputExpectations output({"b", "a"}, {"d", "c"});
  ASSERT_EQ(output.results().size(), 4u);
  EXPECT_EQ(output.results()[0].pattern, "b");
  EXPECT_FALSE(output.results()[1].regex);
  EXPECT_EQ(output.results()[2].pattern, "d");
  EXPECT_TRUE(output.results()[3].regex);
  EXPECT_TRUE(OutputExpectations({}, {}).empty());
}

}  // namespace
}  // namespace witness::cli
