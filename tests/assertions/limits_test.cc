// Hostile scenario files: each limit turns what would exhaust the stack or
// memory into a positioned ScenarioError.

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_support.h"
#include "witness/assertions.h"

namespace witness::assertions {
namespace {

using ::testing::HasSubstr;
using testing::LoadError;

TEST(ScenarioLimitsTest, DeepFlowNestingIsRefusedBeforeParsing) {
  // Far deeper than yaml-cpp's own guard would let through without
  // recursing thousands of frames.
  const std::string yaml = "scenario: x\nexpect: " + std::string(100000, '[') + "\n";
  const ScenarioError e = LoadError(yaml);
  EXPECT_EQ(e.line(), 2u);
  EXPECT_EQ(e.message(), "scenario nests deeper than 64 levels");
}

TEST(ScenarioLimitsTest, ControlCharactersInScenarioTextAreRefused) {
  // An escape sequence in a scenario's name would reach terminals and CI
  // logs through the text report.
  const ScenarioError e = LoadError("scenario: \"x\\e[2Jy\"\nexpect: [{op: close}]\n");
  EXPECT_EQ(e.line(), 1u);
  EXPECT_EQ(e.message(), "control character U+001B in scenario text");
  EXPECT_THAT(LoadError("scenario: x\nexpect: [{op: close, name: \"a\\x7fb\"}]\n").message(),
              HasSubstr("U+007F"));
}

TEST(ScenarioLimitsTest, DeepBlockNestingIsRefused) {
  std::string yaml = "scenario: x\nexpect:\n";
  for (int i = 0; i < 200; ++i) yaml += std::string(static_cast<std::size_t>(i) + 2, ' ') + "k:\n";
  EXPECT_THAT(LoadError(yaml).message(), HasSubstr("nests deeper than 64 levels"));
}

TEST(ScenarioLimitsTest, CompactNestedSequencesCount) {
  std::string yaml = "scenario: x\nexpect:\n  ";
  for (int i = 0; i < 100; ++i) yaml += "- ";
  yaml += "x\n";
  EXPECT_THAT(LoadError(yaml).message(), HasSubstr("nests deeper than 64 levels"));
}

TEST(ScenarioLimitsTest, BracketsInQuotesCommentsAndBlockScalarsAreNotNesting) {
  const std::string brackets(100, '[');
  const std::string yaml = "scenario: x\n# " + brackets + "\ndescription: |\n  " + brackets +
                           "\n  it's '" + brackets + "\nexpect:\n  - {op: a, v: '" + brackets +
                           "', w: \"" + brackets + "\"}\n";
  EXPECT_NO_THROW(ParseScenario(yaml, "s.yaml"));
}

TEST(ScenarioLimitsTest, AliasExpansionIsBounded) {
  // Each level names the previous one ten times: 10^9 nodes if expanded.
  std::string yaml = "scenario: x\nvars: {}\nexpect:\n  - op: a\n    v0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 10; ++i) {
    const std::string prev = "*a" + std::to_string(i - 1);
    yaml += "    v" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + prev;
    for (int j = 1; j < 10; ++j) yaml += ", " + prev;
    yaml += "]\n";
  }
  const ScenarioError e = LoadError(yaml);
  EXPECT_THAT(e.message(), HasSubstr("more than 100000 nodes (each use of an alias counts)"));
}

TEST(ScenarioLimitsTest, OversizedFileIsRefused) {
  std::string yaml = "scenario: x\ndescription: '" + std::string(kMaxScenarioBytes, 'a') + "'\n";
  const ScenarioError e = LoadError(yaml);
  EXPECT_EQ(e.line(), 0u);
  EXPECT_EQ(e.message(), "scenario file is larger than 1048576 bytes");
}

TEST(ScenarioLimitsTest, LongScalarIsRefused) {
  const std::string yaml =
      "scenario: x\nexpect:\n  - {op: a, v: '" + std::string(kMaxScalarBytes + 1, 'a') + "'}\n";
  const ScenarioError e = LoadError(yaml);
  EXPECT_EQ(e.line(), 3u);
  EXPECT_EQ(e.column(), 16u);
  EXPECT_EQ(e.message(), "scalar is longer than 65536 bytes");
}

TEST(ScenarioLimitsTest, ExponentialVariableExpansionIsRefused) {
  // Each variable doubles the previous: 2^30 bytes if expanded.
  std::string yaml = "scenario: x\nvars:\n  v0: " + std::string(64, 'a') + "\n";
  for (int i = 1; i <= 30; ++i) {
    const std::string prev = "${v" + std::to_string(i - 1) + "}";
    yaml += "  v" + std::to_string(i) + ": " + prev + prev + "\n";
  }
  yaml += "expect:\n  - {op: a, v: '${v30}'}\n";
  EXPECT_THAT(LoadError(yaml).message(), HasSubstr("expansion is longer than 1048576 bytes"));
}

TEST(ScenarioLimitsTest, ExpansionIsLimitedOverTheWholeScenario) {
  // 480 KB inserted into the variable, then into the expectation: within
  // the limit. An alias of that expectation inserts it a third time.
  std::string yaml = "scenario: x\nvars:\n  v0: " + std::string(60000, 'a') + "\n  v1: ";
  for (int i = 0; i < 8; ++i) yaml += "${v0}";
  yaml += "\nexpect:\n  - &e {op: a, v: '${v1}'}\n";
  EXPECT_NO_THROW(ParseScenario(yaml, "s.yaml"));
  EXPECT_THAT(LoadError(yaml + "  - *e\n").message(),
              HasSubstr("expansion is longer than 1048576 bytes in all"));
}

// Members times per_member expectations, written small with aliases: each
// instance costs a result in every report.
std::string ManyInstances(int expectations, const std::string& members_line) {
  std::string yaml = "scenario: x\n" + members_line + "per_member:\n  expect:\n";
  yaml += "    - &e {op: create, name: '${member}', mac: aa}\n";
  for (int i = 1; i < expectations; ++i) yaml += "    - *e\n";
  return yaml;
}

std::string MemberList(int members) {
  std::string list = "members: [";
  for (int i = 0; i < members; ++i) list += (i > 0 ? ", m" : "m") + std::to_string(i);
  return list + "]\n";
}

TEST(ScenarioLimitsTest, ExpectationInstancesAreBounded) {
  EXPECT_NO_THROW(ParseScenario(ManyInstances(10, MemberList(1000)), "s.yaml"));
  const ScenarioError error = LoadError(ManyInstances(41, MemberList(2423)));
  EXPECT_EQ(error.line(), 2u);
  EXPECT_THAT(error.message(), HasSubstr("2423 members times 41 per_member expectations make "
                                         "99343 expectation instances, more than 10000"));
}

TEST(ScenarioLimitsTest, MembersFoundInTheRecordsAreBoundedWhenChecked) {
  std::string records;
  for (int i = 0; i < 1001; ++i) {
    records += "{\"op\":\"create\",\"name\":\"m" + std::to_string(i) + "\",\"mac\":\"aa\"}\n";
  }
  const Report report =
      testing::CheckInline(ManyInstances(10, "members: {from: create}\n"), records);
  EXPECT_EQ(report.outcome, Outcome::kFail);
  EXPECT_TRUE(report.expectations.empty());
  EXPECT_THAT(testing::FailureText(report),
              HasSubstr("members: 'create' records name 1001 members; times 10 per_member "
                        "expectations that is 10010 expectation instances, more than 10000"));
}

TEST(ScenarioLimitsTest, LongVariableChainIsRefused) {
  std::string yaml = "scenario: x\nvars:\n  v0: a\n";
  for (int i = 1; i <= 40; ++i) {
    yaml += "  v" + std::to_string(i) + ": ${v" + std::to_string(i - 1) + "}\n";
  }
  yaml += "expect:\n  - {op: a, v: '${v40}'}\n";
  EXPECT_THAT(LoadError(yaml).message(), HasSubstr("nests more than 32 variables deep"));
}

TEST(ScenarioLimitsTest, GarbageNeverCrashes) {
  // A few shapes a fuzzer finds first; each must be a ScenarioError.
  const char* inputs[] = {"\t\t:", "{", "[", "&a *a", "? [\n", "key: *undefined\n", "- - - -",
                          "%YAML 9.9\n---\n", "\xff\xfe\x00", "scenario: [x]\nexpect: [{op: a}]\n"};
  for (const char* input : inputs) {
    EXPECT_THROW(ParseScenario(input, "s.yaml"), ScenarioError) << input;
  }
}

}  // namespace
}  // namespace witness::assertions
