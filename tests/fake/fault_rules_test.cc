// The fault rule language: what each form means, and the exact message for
// every way a rule can be malformed (the message is the whole interface a
// user has when a rule is wrong, so each one is pinned).
#include "witness/fake/fault_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace witness::fake {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;

// The message ParseFaultRules gives for `list`, or "" when it parses.
std::string ErrorOf(const std::string& list) {
  try {
    ParseFaultRules(list);
  } catch (const FaultRuleError& e) {
    return e.what();
  }
  return "";
}

TEST(FaultRulesTest, AnOpAloneFailsEveryCallOfEveryMember) {
  const FaultRule rule = ParseFaultRule("create");
  EXPECT_EQ(rule.op, FaultOp::kCreate);
  EXPECT_EQ(rule.member, "");
  EXPECT_EQ(rule.call, 0u);
  EXPECT_FALSE(rule.and_later);
  EXPECT_EQ(rule.action, FaultAction::kFail);
  EXPECT_EQ(rule.text, "create");
  EXPECT_TRUE(rule.MatchesCall(1));
  EXPECT_TRUE(rule.MatchesCall(7));
}

TEST(FaultRulesTest, EveryOpIsSpelledAsRecordsSpellIt) {
  const std::vector<std::pair<std::string, FaultOp>> ops = {
      {"reserve", FaultOp::kReserve}, {"create", FaultOp::kCreate},
      {"start", FaultOp::kStart},     {"stop", FaultOp::kStop},
      {"wait", FaultOp::kWait},       {"wait_for_ip", FaultOp::kWaitForIp},
      {"close", FaultOp::kClose}};
  for (const auto& [name, op] : ops) {
    EXPECT_EQ(ParseFaultRule(name).op, op) << name;
    EXPECT_EQ(ToString(op), name);
  }
}

TEST(FaultRulesTest, MemberCallNumberAndActionAreEachOptional) {
  FaultRule rule = ParseFaultRule("start:web-2@1=fail");
  EXPECT_EQ(rule.op, FaultOp::kStart);
  EXPECT_EQ(rule.member, "web-2");
  EXPECT_EQ(rule.call, 1u);
  EXPECT_EQ(rule.action, FaultAction::kFail);
  EXPECT_TRUE(rule.MatchesCall(1));
  EXPECT_FALSE(rule.MatchesCall(2));

  rule = ParseFaultRule("reserve:*@3");
  EXPECT_EQ(rule.member, "") << "* is any member";
  EXPECT_EQ(rule.call, 3u);
  EXPECT_FALSE(rule.MatchesCall(2));
  EXPECT_TRUE(rule.MatchesCall(3));
  EXPECT_FALSE(rule.MatchesCall(4));

  rule = ParseFaultRule("stop=hang");
  EXPECT_EQ(rule.member, "");
  EXPECT_EQ(rule.action, FaultAction::kHang);

  rule = ParseFaultRule("create:web-3=crash");
  EXPECT_EQ(rule.action, FaultAction::kCrash);

  rule = ParseFaultRule("close@2");
  EXPECT_EQ(rule.op, FaultOp::kClose);
  EXPECT_EQ(rule.call, 2u);
}

TEST(FaultRulesTest, APlusAfterTheCallNumberMeansThatCallAndEveryLaterOne) {
  const FaultRule rule = ParseFaultRule("start:web-1@2+=fail");
  EXPECT_TRUE(rule.and_later);
  EXPECT_FALSE(rule.MatchesCall(1));
  EXPECT_TRUE(rule.MatchesCall(2));
  EXPECT_TRUE(rule.MatchesCall(3));
  EXPECT_TRUE(rule.MatchesCall(1000));
}

TEST(FaultRulesTest, DelaysTakeMillisecondsSecondsMinutesOrHours) {
  EXPECT_EQ(ParseFaultRule("stop:db-1=delay:250ms").delay, 250ms);
  EXPECT_EQ(ParseFaultRule("stop:db-1=delay:2s").delay, 2s);
  EXPECT_EQ(ParseFaultRule("stop=delay:3m").delay, 3min);
  EXPECT_EQ(ParseFaultRule("stop=delay:24h").delay, 24h);
  EXPECT_EQ(ParseFaultRule("stop=delay:0ms").delay, 0ms);
  EXPECT_EQ(ParseFaultRule("stop=delay:2s").action, FaultAction::kDelay);
}

TEST(FaultRulesTest, MemberNamesMayHoldAnyCharacterButTheSeparators) {
  EXPECT_EQ(ParseFaultRule("create:x<y>&z.1=fail").member, "x<y>&z.1");
  EXPECT_EQ(ParseFaultRule("create:w\xc3\xa9"
                           "b")
                .member,
            "w\xc3\xa9"
            "b");
  EXPECT_EQ(ParseFaultRule("create:**").member, "**") << "only a lone * is any member";
}

TEST(FaultRulesTest, ListsAreSplitAtSemicolonsWithBlanksAndEmptyRulesIgnored) {
  const std::vector<FaultRule> rules =
      ParseFaultRules(" start:web-2@1=fail ;\tstop:db-1=delay:2s;; wait_for_ip:web-1=hang;");
  ASSERT_EQ(rules.size(), 3u);
  EXPECT_EQ(rules[0].text, "start:web-2@1=fail");
  EXPECT_EQ(rules[1].text, "stop:db-1=delay:2s");
  EXPECT_EQ(rules[2].text, "wait_for_ip:web-1=hang");
  EXPECT_TRUE(ParseFaultRules("").empty());
  EXPECT_TRUE(ParseFaultRules(" ; ;").empty());
}

TEST(FaultRulesTest, FailCreateNamesBecomeCreateFailRules) {
  const std::vector<FaultRule> rules = FailCreateRules({"db-2", "a=b;c"});
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0].op, FaultOp::kCreate);
  EXPECT_EQ(rules[0].member, "db-2");
  EXPECT_EQ(rules[0].call, 0u);
  EXPECT_EQ(rules[0].action, FaultAction::kFail);
  EXPECT_EQ(rules[0].text, "create:db-2=fail");
  EXPECT_EQ(rules[1].member, "a=b;c") << "a name is taken whole, separators and all";
}

TEST(FaultRulesTest, JoinWritesTheVariablesForm) {
  EXPECT_EQ(JoinFaultRules({"start:web-2@1=fail", "close=hang"}), "start:web-2@1=fail;close=hang");
  EXPECT_EQ(JoinFaultRules({}), "");
}

TEST(FaultRulesTest, ActionsAreSpelledAsTheFaultField) {
  EXPECT_EQ(ToString(FaultAction::kFail), "fail");
  EXPECT_EQ(ToString(FaultAction::kDelay), "delay");
  EXPECT_EQ(ToString(FaultAction::kHang), "hang");
  EXPECT_EQ(ToString(FaultAction::kCrash), "crash");
}

// ---- every error, pinned ----

TEST(FaultRuleErrorTest, ErrorsNumberTheRuleAmongTheNonBlankOnes) {
  try {
    ParseFaultRules("start;; start:web-2@x=fail");
    FAIL() << "parsed";
  } catch (const FaultRuleError& e) {
    EXPECT_EQ(e.rule_number(), 2u);
    EXPECT_EQ(e.rule(), "start:web-2@x=fail");
    EXPECT_EQ(e.column(), 13u);
    EXPECT_STREQ(e.what(),
                 "fault rule 2 'start:web-2@x=fail', column 13: expected a call number (1 or "
                 "more) after '@', found 'x'");
  }
}

TEST(FaultRuleErrorTest, ASingleRuleIsNotNumbered) {
  try {
    ParseFaultRule("strat");
    FAIL() << "parsed";
  } catch (const FaultRuleError& e) {
    EXPECT_EQ(e.rule_number(), 0u);
    EXPECT_STREQ(e.what(),
                 "fault rule 'strat', column 1: expected an op (reserve, create, start, stop, "
                 "wait, wait_for_ip or close), found 'strat'");
  }
}

TEST(FaultRuleErrorTest, AMissingOp) {
  EXPECT_EQ(ErrorOf(":web-1=fail"),
            "fault rule 1 ':web-1=fail', column 1: expected an op (reserve, create, start, stop, "
            "wait, wait_for_ip or close), found ':'");
  try {
    ParseFaultRule("  ");
    FAIL() << "parsed";
  } catch (const FaultRuleError& e) {
    EXPECT_STREQ(e.what(),
                 "fault rule '', column 1: expected an op (reserve, create, start, stop, wait, "
                 "wait_for_ip or close), found the end of the rule");
  }
}

TEST(FaultRuleErrorTest, AnUnknownOpIsQuotedWhole) {
  EXPECT_EQ(ErrorOf("Start:web-1"),
            "fault rule 1 'Start:web-1', column 1: expected an op (reserve, create, start, stop, "
            "wait, wait_for_ip or close), found 'Start'");
}

TEST(FaultRuleErrorTest, SomethingElseAfterTheOp) {
  EXPECT_EQ(ErrorOf("start web-1"),
            "fault rule 1 'start web-1', column 6: expected ':', '@', '=' or the end of the rule, "
            "found ' '");
  EXPECT_EQ(ErrorOf("start-1"),
            "fault rule 1 'start-1', column 6: expected ':', '@', '=' or the end of the rule, "
            "found '-'");
}

TEST(FaultRuleErrorTest, CloseNamesNoMember) {
  EXPECT_EQ(ErrorOf("close:net=fail"),
            "fault rule 1 'close:net=fail', column 6: expected '@', '=' or the end of the rule "
            "(close names no member), found ':'");
}

TEST(FaultRuleErrorTest, AnEmptyMember) {
  EXPECT_EQ(ErrorOf("start:@1"),
            "fault rule 1 'start:@1', column 7: expected a member name or '*' after ':', found "
            "'@'");
  EXPECT_EQ(ErrorOf("start:"),
            "fault rule 1 'start:', column 7: expected a member name or '*' after ':', found the "
            "end of the rule");
}

TEST(FaultRuleErrorTest, ABlankOrControlByteInAMemberIsShownEscaped) {
  EXPECT_EQ(ErrorOf("start:web 1"),
            "fault rule 1 'start:web 1', column 10: expected '@', '=' or the end of the rule, "
            "found ' '");
  EXPECT_EQ(ErrorOf("start:web\x1b[2J"),
            "fault rule 1 'start:web\\x1b[2J', column 10: expected '@', '=' or the end of the "
            "rule, found '\\x1b'");
}

TEST(FaultRuleErrorTest, ASemicolonInARuleParsedAlone) {
  try {
    ParseFaultRule("start;stop");
    FAIL() << "parsed";
  } catch (const FaultRuleError& e) {
    EXPECT_STREQ(e.what(),
                 "fault rule 'start;stop', column 6: expected ':', '@', '=' or the end of the "
                 "rule, found ';'");
  }
}

TEST(FaultRuleErrorTest, ACallNumberThatIsMissingZeroOrTooLarge) {
  EXPECT_EQ(ErrorOf("start:web-1@=fail"),
            "fault rule 1 'start:web-1@=fail', column 13: expected a call number (1 or more) "
            "after '@', found '='");
  EXPECT_EQ(ErrorOf("start@"),
            "fault rule 1 'start@', column 7: expected a call number (1 or more) after '@', found "
            "the end of the rule");
  EXPECT_EQ(ErrorOf("start@0"),
            "fault rule 1 'start@0', column 7: expected a call number (1 or more) after '@', found "
            "'0'");
  EXPECT_EQ(ErrorOf("start@1234567890"),
            "fault rule 1 'start@1234567890', column 7: expected a call number of at most "
            "999999999, found '1234567890'");
  EXPECT_EQ(ParseFaultRule("start@999999999").call, kMaxFaultCall);
}

TEST(FaultRuleErrorTest, SomethingElseAfterTheCallNumber) {
  EXPECT_EQ(ErrorOf("start@2x"),
            "fault rule 1 'start@2x', column 8: expected '+', '=' or the end of the rule, found "
            "'x'");
  EXPECT_EQ(ErrorOf("start@2++"),
            "fault rule 1 'start@2++', column 9: expected '=' or the end of the rule, found '+'");
}

TEST(FaultRuleErrorTest, AMissingOrUnknownAction) {
  EXPECT_EQ(ErrorOf("start="),
            "fault rule 1 'start=', column 7: expected an action (fail, delay:DURATION, hang or "
            "crash) after '=', found the end of the rule");
  EXPECT_EQ(ErrorOf("start=explode"),
            "fault rule 1 'start=explode', column 7: expected an action (fail, delay:DURATION, "
            "hang or crash), found 'explode'");
  EXPECT_EQ(ErrorOf("start=2s"),
            "fault rule 1 'start=2s', column 7: expected an action (fail, delay:DURATION, hang or "
            "crash) after '=', found '2'");
}

TEST(FaultRuleErrorTest, AnActionTakesNoArgumentButDelay) {
  EXPECT_EQ(ErrorOf("start=fail:now"),
            "fault rule 1 'start=fail:now', column 11: expected the end of the rule after 'fail', "
            "found ':'");
  EXPECT_EQ(ErrorOf("start=hang x"),
            "fault rule 1 'start=hang x', column 11: expected the end of the rule after 'hang', "
            "found ' '");
}

TEST(FaultRuleErrorTest, ADelayWithoutADuration) {
  EXPECT_EQ(ErrorOf("stop=delay"),
            "fault rule 1 'stop=delay', column 11: expected ':' and a duration after 'delay', as "
            "in delay:2s, found the end of the rule");
  EXPECT_EQ(ErrorOf("stop=delay:"),
            "fault rule 1 'stop=delay:', column 12: expected a duration after 'delay:' (a whole "
            "number and ms, s, m or h, as in 250ms), found the end of the rule");
  EXPECT_EQ(ErrorOf("stop=delay:1.5s"),
            "fault rule 1 'stop=delay:1.5s', column 13: expected a unit (ms, s, m or h) after "
            "'1', found '.'");
}

TEST(FaultRuleErrorTest, ADurationWithoutOrWithAnUnknownUnit) {
  EXPECT_EQ(ErrorOf("stop=delay:2"),
            "fault rule 1 'stop=delay:2', column 13: expected a unit (ms, s, m or h) after '2', "
            "found the end of the rule");
  EXPECT_EQ(ErrorOf("stop=delay:2sec"),
            "fault rule 1 'stop=delay:2sec', column 13: expected a unit (ms, s, m or h) after "
            "'2', found 'sec'");
}

TEST(FaultRuleErrorTest, ADelayLongerThanADay) {
  EXPECT_EQ(ErrorOf("stop=delay:25h"),
            "fault rule 1 'stop=delay:25h', column 12: expected a delay of at most 24h, found "
            "'25h'");
  EXPECT_EQ(ErrorOf("stop=delay:9999999999ms"),
            "fault rule 1 'stop=delay:9999999999ms', column 12: expected a delay of at most 24h, "
            "found '9999999999ms'");
}

TEST(FaultRuleErrorTest, SomethingAfterTheDuration) {
  EXPECT_EQ(ErrorOf("stop=delay:2s!"),
            "fault rule 1 'stop=delay:2s!', column 14: expected the end of the rule after the "
            "duration, found '!'");
}

TEST(FaultRuleErrorTest, AMultiByteCharacterIsShownWhole) {
  EXPECT_EQ(ErrorOf("start\xc3\xa9"),
            "fault rule 1 'start\xc3\xa9', column 6: expected ':', '@', '=' or the end of the "
            "rule, found '\xc3\xa9'");
}

}  // namespace
}  // namespace witness::fake
