// A scenario's `faults:` (the fake's fault rules the scenario's run needs):
// loaded with variables expanded and each rule checked where it is written,
// matched against the `fault` fields of records, and written back by a
// snapshot of a recording the rules touched.
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
using testing::LoadError;

constexpr char kHeader[] = "scenario: s\nexpect:\n  - op: start\n";

TEST(ScenarioFaultsTest, RulesAreLoadedInOrderWithVariablesExpanded) {
  const Scenario scenario = ParseScenario(std::string(kHeader) +
                                              "vars:\n  victim: web-2\n"
                                              "faults:\n"
                                              "  - start:${victim}@1=fail\n"
                                              "  - \"reserve:*@3=fail\"\n"
                                              "  - '  stop:db-1=delay:2s  '\n",
                                          "s.yaml", {});
  EXPECT_THAT(scenario.faults(),
              ElementsAre("start:web-2@1=fail", "reserve:*@3=fail", "stop:db-1=delay:2s"));
}

TEST(ScenarioFaultsTest, AScenarioWithoutFaultsHasNone) {
  EXPECT_TRUE(ParseScenario(kHeader, "s.yaml").faults().empty());
  EXPECT_TRUE(ParseScenario(std::string(kHeader) + "faults: []\n", "s.yaml").faults().empty());
}

TEST(ScenarioFaultsTest, AMalformedRuleIsAnErrorAtItsEntry) {
  const ScenarioError error =
      LoadError(std::string(kHeader) + "faults:\n  - start\n  - start:web-1@0=fail\n");
  EXPECT_EQ(error.line(), 6u);
  EXPECT_EQ(error.column(), 5u);
  EXPECT_EQ(error.message(),
            "fault rule 'start:web-1@0=fail', column 13: expected a call number (1 or more) "
            "after '@', found '0'");
}

TEST(ScenarioFaultsTest, ARuleIsOneRuleNotAList) {
  const ScenarioError error = LoadError(std::string(kHeader) + "faults: [\"start;stop\"]\n");
  EXPECT_EQ(error.message(),
            "fault rule 'start;stop', column 6: expected ':', '@', '=' or the end of the rule, "
            "found ';'");
}

TEST(ScenarioFaultsTest, FaultsMustBeAListOfStrings) {
  EXPECT_EQ(LoadError(std::string(kHeader) + "faults: start\n").message(),
            "'faults' must be a list, not a scalar");
  EXPECT_EQ(LoadError(std::string(kHeader) + "faults:\n  - {op: start}\n").message(),
            "a fault rule must be a string, not a mapping");
  EXPECT_EQ(LoadError(std::string(kHeader) + "faults:\n  - ''\n").message(),
            "fault rule '', column 1: expected an op (reserve, create, start, stop, wait, "
            "wait_for_ip or close), found the end of the rule");
}

TEST(ScenarioFaultsTest, AnUndefinedVariableInARuleIsNamed) {
  EXPECT_THAT(LoadError(std::string(kHeader) + "faults: [\"start:${who}\"]\n").message(),
              HasSubstr("undefined variable 'who'"));
}

TEST(ScenarioFaultsTest, FaultsAloneCheckNothing) {
  EXPECT_THAT(LoadError("scenario: s\nfaults: [start]\n").message(),
              HasSubstr("scenario checks nothing"));
}

TEST(ScenarioFaultsTest, ExpectationsMatchTheRecordedFaultFields) {
  const std::string yaml =
      "scenario: s\n"
      "expect:\n"
      "  - id: failed\n"
      "    op: start\n"
      "    name: web-2\n"
      "    fault: fail\n"
      "    fault_rule: start:web-2@1=fail\n"
      "  - id: retried\n"
      "    op: start\n"
      "    name: web-2\n"
      "    fault: {absent: true}\n"
      "order: [failed, retried]\n"
      "strict: true\n";
  const std::string retried =
      R"json({"op":"start","name":"web-2","error":"start 'web-2': failure injected by rule 'start:web-2@1=fail' (FLEETBOX_FAKE_FAULTS)","fault":"fail","fault_rule":"start:web-2@1=fail","pid":7,"seq":1,"ts_ns":1})json"
      "\n"
      R"({"op":"start","name":"web-2","pid":7,"seq":2,"ts_ns":2})"
      "\n";
  EXPECT_TRUE(CheckInline(yaml, retried).passed());
  const std::string never_retried = retried.substr(0, retried.find('\n') + 1);
  EXPECT_FALSE(CheckInline(yaml, never_retried).passed());
}

TEST(SnapshotFaultsTest, TheRulesThatTouchedCallsAreWrittenOnceEachInFirstSeenOrder) {
  const recorder::Recording recording = recorder::ParseRecords(
      R"({"op":"session","pid":7,"ts_ns":1,"schema":1,"argv0":"h","host":"x"})"
      "\n"
      R"({"op":"start","name":"web-1","pid":7,"seq":1,"ts_ns":2})"
      "\n"
      R"({"op":"stop","name":"web-1","fault":"delay","fault_rule":"stop:*=delay:1ms","pid":7,"seq":2,"ts_ns":3})"
      "\n"
      R"({"op":"start","name":"web-2","error":"start 'web-2': failure injected","fault":"fail","fault_rule":"start:web-2@1=fail","pid":7,"seq":3,"ts_ns":4})"
      "\n"
      R"({"op":"start","name":"web-2","pid":7,"seq":4,"ts_ns":5})"
      "\n"
      R"({"op":"stop","name":"web-2","fault":"delay","fault_rule":"stop:*=delay:1ms","pid":7,"seq":5,"ts_ns":6})"
      "\n",
      "rec.jsonl");
  const std::string yaml = SnapshotScenario(recording);
  EXPECT_THAT(yaml, HasSubstr("faults:\n  - \"stop:*=delay:1ms\"\n  - \"start:web-2@1=fail\"\n"));
  const Scenario scenario = ParseScenario(yaml, "snap.yaml");
  EXPECT_THAT(scenario.faults(), ElementsAre("stop:*=delay:1ms", "start:web-2@1=fail"));
  EXPECT_TRUE(Check(scenario, recording).passed()) << yaml;
}

TEST(SnapshotFaultsTest, ARecordingWithoutFaultsGetsNoFaultsKey) {
  const recorder::Recording recording = recorder::ParseRecords(
      R"({"op":"start","name":"web-1","pid":7,"seq":1,"ts_ns":2})"
      "\n",
      "rec.jsonl");
  EXPECT_THAT(SnapshotScenario(recording), Not(HasSubstr("faults")));
}

TEST(SnapshotFaultsTest, AFaultRuleFieldThatIsNoRuleIsNamedInACommentNotInFaults) {
  const recorder::Recording recording = recorder::ParseRecords(
      R"({"op":"start","name":"web-1","fault":"fail","fault_rule":"explode\nnow","pid":7,"seq":1,"ts_ns":2})"
      "\n",
      "rec.jsonl");
  const std::string yaml = SnapshotScenario(recording);
  EXPECT_THAT(yaml, HasSubstr("# not a fault rule, left out of faults: \"explode\\nnow\"\n"));
  EXPECT_THAT(yaml, Not(HasSubstr("\nfaults:")));
  EXPECT_TRUE(Check(ParseScenario(yaml, "snap.yaml"), recording).passed()) << yaml;
}

}  // namespace
}  // namespace witness::assertions
