// Loading scenario files: each rule of the language that a file can break is
// reported with the file, line and column of the offending node.

#include <cstdlib>
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_support.h"
#include "witness/assertions.h"

namespace witness::assertions {
namespace {

using ::testing::HasSubstr;
using testing::LoadError;

// Asserts position and message of the error `yaml` raises.
#define EXPECT_SCENARIO_ERROR(yaml, line_, column_, text)             \
  do {                                                                \
    const ScenarioError e = LoadError(yaml);                          \
    EXPECT_EQ(e.file(), "s.yaml");                                    \
    EXPECT_EQ(e.line(), static_cast<std::size_t>(line_)) << e.what(); \
    EXPECT_EQ(e.column(), static_cast<std::size_t>(column_)) << e.what(); \
    EXPECT_THAT(e.message(), HasSubstr(text)) << e.what();            \
  } while (false)

TEST(ScenarioLoadTest, MinimalScenarioLoadsWithDefaults) {
  const Scenario s = ParseScenario("scenario: tiny\nexpect:\n  - op: close\n", "tiny.yaml");
  EXPECT_EQ(s.name(), "tiny");
  EXPECT_EQ(s.file(), "tiny.yaml");
  EXPECT_EQ(s.description(), "");
  EXPECT_EQ(s.record_variable(), "FLEETBOX_FAKE_RECORD");
  EXPECT_FALSE(s.strict());
  EXPECT_FALSE(s.clean_exit());
  EXPECT_FALSE(s.writers().has_value());
  EXPECT_FALSE(s.has_negative_expectations());
}

TEST(ScenarioLoadTest, TopLevelSettingsAreRead) {
  const Scenario s = ParseScenario(
      "scenario: x\ndescription: d\nrecord_variable: MY_RECORD\nstrict: true\nwriters: 3\n"
      "clean_exit: true\nexpect:\n  - {op: stop, count: {max: 2}}\n");
  EXPECT_EQ(s.description(), "d");
  EXPECT_EQ(s.record_variable(), "MY_RECORD");
  EXPECT_TRUE(s.strict());
  EXPECT_EQ(s.writers(), 3);
  EXPECT_TRUE(s.clean_exit());
  EXPECT_TRUE(s.has_negative_expectations());
}

TEST(ScenarioLoadTest, ErrorWhatCarriesFileLineAndColumn) {
  const ScenarioError e = LoadError("scenario: x\nexpect:\n  - op: close\n    colour: {regexp: x}\n");
  EXPECT_STREQ(e.what(),
               "s.yaml:4:14: unknown matcher 'regexp' (expected one of: absent, present, regex, "
               "glob, prefix, suffix, contains, one_of, not, all_of, length, each, format, "
               "ip_in, file, capture)");
}

TEST(ScenarioLoadTest, InvalidYamlIsPositioned) {
  EXPECT_SCENARIO_ERROR("scenario: x\nexpect: [ {op: close\n", 3, 1, "invalid YAML");
}

TEST(ScenarioLoadTest, EmptyFileIsAnError) {
  const ScenarioError e = LoadError("# nothing here\n");
  EXPECT_EQ(e.line(), 0u);
  EXPECT_EQ(e.message(), "scenario file is empty");
  EXPECT_STREQ(e.what(), "s.yaml: scenario file is empty");
}

TEST(ScenarioLoadTest, SecondDocumentIsAnError) {
  EXPECT_SCENARIO_ERROR("scenario: a\nexpect: [{op: x}]\n---\nscenario: b\n", 4, 1,
                        "one YAML document, this one has 2");
}

TEST(ScenarioLoadTest, RootMustBeAMapping) {
  EXPECT_SCENARIO_ERROR("- a\n- b\n", 1, 1, "a scenario must be a mapping, not a list");
}

TEST(ScenarioLoadTest, UnknownTopLevelKey) {
  EXPECT_SCENARIO_ERROR("scenario: x\nexpects:\n  - op: close\n", 2, 1,
                        "unknown key 'expects' in scenario");
}

TEST(ScenarioLoadTest, MissingScenarioName) {
  EXPECT_SCENARIO_ERROR("expect:\n  - op: close\n", 1, 1, "missing required key 'scenario'");
}

TEST(ScenarioLoadTest, DuplicateKey) {
  EXPECT_SCENARIO_ERROR("scenario: x\nexpect:\n  - op: close\n    op: stop\n", 4, 5,
                        "duplicate key 'op' in expectation (first at line 3)");
}

TEST(ScenarioLoadTest, WrongTypeForStrict) {
  EXPECT_SCENARIO_ERROR("scenario: x\nstrict: maybe\nexpect: [{op: close}]\n", 2, 9,
                        "'strict' must be true or false");
}

TEST(ScenarioLoadTest, WrongTypeForExpect) {
  EXPECT_SCENARIO_ERROR("scenario: x\nexpect: {op: close}\n", 2, 9,
                        "expect must be a list, not a mapping");
}

TEST(ScenarioLoadTest, UndefinedVariable) {
  EXPECT_SCENARIO_ERROR("scenario: x\nexpect:\n  - op: create\n    disk_path: ${nope}/disk\n", 4,
                        16, "undefined variable 'nope'");
}

TEST(ScenarioLoadTest, UnsetEnvironmentVariableIsNamed) {
  ::unsetenv("WITNESS_TEST_SURELY_UNSET");
  EXPECT_SCENARIO_ERROR(
      "scenario: x\nvars:\n  home: ${env:WITNESS_TEST_SURELY_UNSET}/x\nexpect:\n"
      "  - {op: create, disk_path: '${home}'}\n",
      3, 9, "environment variable 'WITNESS_TEST_SURELY_UNSET' is not set (used by variable 'home')");
}

TEST(ScenarioLoadTest, EnvironmentAndVariablesExpand) {
  ::setenv("WITNESS_TEST_HOME", "/h", 1);
  const Report report = testing::CheckInline(
      "scenario: x\nvars:\n  vms: ${env:WITNESS_TEST_HOME}/vms\n  disk: ${vms}/d.raw\nexpect:\n"
      "  - {op: create, disk_path: '${disk}'}\n",
      "{\"op\":\"create\",\"disk_path\":\"/h/vms/d.raw\"}\n");
  EXPECT_EQ(report.outcome, Outcome::kPass) << testing::FailureText(report);
}

TEST(ScenarioLoadTest, GivenVariablesOverrideAndAreLiteral) {
  const Scenario s = ParseScenario(
      "scenario: x\nvars:\n  d: /file\nexpect:\n  - {op: create, disk_path: '${d}'}\n", "s.yaml",
      {{"d", "/given/${x}"}});
  const Report report = Check(
      s, recorder::ParseRecords("{\"op\":\"create\",\"disk_path\":\"/given/${x}\"}\n", "r"));
  EXPECT_EQ(report.outcome, Outcome::kPass) << testing::FailureText(report);
}

TEST(ScenarioLoadTest, DollarDollarBraceIsALiteral) {
  const Report report = testing::CheckInline("scenario: x\nexpect:\n  - {op: a, v: '$${x}'}\n",
                                             "{\"op\":\"a\",\"v\":\"${x}\"}\n");
  EXPECT_EQ(report.outcome, Outcome::kPass) << testing::FailureText(report);
}

TEST(ScenarioLoadTest, UnterminatedReference) {
  EXPECT_SCENARIO_ERROR("scenario: x\nexpect:\n  - {op: a, v: '${x'}\n", 3, 16,
                        "unterminated '${'");
}

TEST(ScenarioLoadTest, VariableThatExpandsToItselfIsNamed) {
  EXPECT_SCENARIO_ERROR(
      "scenario: x\nvars:\n  a: ${b}\n  b: x${a}\nexpect:\n  - {op: c, v: '${a}'}\n", 3, 6,
      "variable 'a' expands to itself (a -> b -> a)");
}

TEST(ScenarioLoadTest, CaptureUsedBeforeItIsBound) {
  EXPECT_SCENARIO_ERROR(
      "scenario: x\nexpect:\n  - {op: create, mac: '${mac}'}\n  - {op: reserve, mac: {capture: "
      "mac}}\n",
      3, 23, "capture 'mac' is used before it is bound (bound at line 4)");
}

TEST(ScenarioLoadTest, CaptureFromTheOtherListIsRejected) {
  EXPECT_SCENARIO_ERROR(
      "scenario: x\nmembers: [a]\nper_member:\n  expect:\n    - {op: reserve, mac: {capture: "
      "mac}}\nexpect:\n  - {op: close, mac: '${mac}'}\n",
      7, 22, "capture 'mac' is bound in another expectation list");
}

TEST(ScenarioLoadTest, CaptureBoundTwice) {
  EXPECT_SCENARIO_ERROR(
      "scenario: x\nexpect:\n  - {op: a, m: {capture: m}}\n  - {op: b, m: {capture: m}}\n", 4,
      26, "capture 'm' is already bound at line 3");
}

TEST(ScenarioLoadTest, CaptureInsideAnotherMatcherIsRejected) {
  EXPECT_SCENARIO_ERROR("scenario: x\nexpect:\n  - {op: a, m: {not: {capture: m}}}\n", 3, 32,
                        "'capture' binds a whole field");
}

TEST(ScenarioLoadTest, MemberOutsidePerMember) {
  EXPECT_SCENARIO_ERROR("scenario: x\nexpect:\n  - {op: stop, name: '${member}'}\n", 3, 22,
                        "${member} is only defined inside per_member");
}

TEST(ScenarioLoadTest, OrderNamingAnUnknownId) {
  EXPECT_SCENARIO_ERROR(
      "scenario: x\nexpect:\n  - {id: a, op: a}\n  - {id: b, op: b}\norder: [a, c]\n", 5, 12,
      "'order' names unknown id 'c'");
}

TEST(ScenarioLoadTest, PerMemberOrderCannotNameTopLevelIds) {
  EXPECT_SCENARIO_ERROR(
      "scenario: x\nmembers: [m]\nper_member:\n  expect:\n    - {id: a, op: a}\n  order: [a, "
      "close]\nexpect:\n  - {id: close, op: close}\n",
      6, 14, "'per_member.order' names unknown id 'close'");
}

TEST(ScenarioLoadTest, OrderChainNeedsTwoIds) {
  EXPECT_SCENARIO_ERROR("scenario: x\nexpect:\n  - {id: a, op: a}\norder: [[a]]\n", 4, 9,
                        "an order chain needs at least two ids");
}

TEST(ScenarioLoadTest, OrderMixingIdsAndListsIsOneChainWithAGroup) {
  // [[a, b], c] is the group {a, b} then c; naming a twice is the error.
  EXPECT_SCENARIO_ERROR(
      "scenario: x\nexpect:\n  - {id: a, op: a}\n  - {id: b, op: b}\norder: [[a, b], a]\n", 5,
      17, "'order' names 'a' twice in one chain");
}

TEST(ScenarioLoadTest, UniqueNamingAnUnknownId) {
  EXPECT_SCENARIO_ERROR(
      "scenario: x\nexpect:\n  - {id: a, op: a}\nunique:\n  - {id: nope, field: mac}\n", 5, 10,
      "'unique' names unknown id 'nope'");
}

TEST(ScenarioLoadTest, DuplicateId) {
  EXPECT_SCENARIO_ERROR("scenario: x\nexpect:\n  - {id: a, op: a}\n  - {id: a, op: b}\n", 4, 10,
                        "duplicate id 'a' (first at line 3)");
}

TEST(ScenarioLoadTest, BadRegex) {
  EXPECT_SCENARIO_ERROR("scenario: x\nexpect:\n  - {op: a, v: {regex: 'a(b'}}\n", 3, 24,
                        "bad regex 'a(b': missing )");
}

TEST(ScenarioLoadTest, BadCidr) {
  EXPECT_SCENARIO_ERROR("scenario: x\nexpect:\n  - {op: a, ip: {ip_in: 10.0.0.0/33}}\n", 3, 25,
                        "bad CIDR '10.0.0.0/33'");
  EXPECT_SCENARIO_ERROR("scenario: x\nexpect:\n  - {op: a, ip: {ip_in: 10.0.0/8}}\n", 3, 25,
                        "bad CIDR '10.0.0/8'");
}

TEST(ScenarioLoadTest, UnknownFormatAndFileCheck) {
  EXPECT_SCENARIO_ERROR("scenario: x\nexpect:\n  - {op: a, v: {format: uuid}}\n", 3, 25,
                        "unknown format 'uuid' (expected mac or ipv4)");
  EXPECT_SCENARIO_ERROR("scenario: x\nexpect:\n  - {op: a, v: {file: readable}}\n", 3, 23,
                        "unknown file check 'readable'");
}

TEST(ScenarioLoadTest, AbsentTakesTrueOnly) {
  EXPECT_SCENARIO_ERROR("scenario: x\nexpect:\n  - {op: a, v: {absent: false}}\n", 3, 25,
                        "'absent' takes true (use {present: true} for the opposite)");
}

TEST(ScenarioLoadTest, EmptyMatcherMap) {
  EXPECT_SCENARIO_ERROR("scenario: x\nexpect:\n  - {op: a, v: {}}\n", 3, 16, "empty matcher");
}

TEST(ScenarioLoadTest, CountErrors) {
  EXPECT_SCENARIO_ERROR("scenario: x\nexpect:\n  - {op: a, count: -1}\n", 3, 20,
                        "count must be a non-negative integer");
  EXPECT_SCENARIO_ERROR("scenario: x\nexpect:\n  - {op: a, count: {min: 3, max: 1}}\n", 3, 20,
                        "count has min 3 above max 1");
  EXPECT_SCENARIO_ERROR("scenario: x\nexpect:\n  - {op: a, count: {least: 1}}\n", 3, 21,
                        "unknown key 'least' in count");
}

TEST(ScenarioLoadTest, LengthMustBeAnInteger) {
  EXPECT_SCENARIO_ERROR("scenario: x\nexpect:\n  - {op: a, v: {length: two}}\n", 3, 25,
                        "'length' must be a non-negative integer");
}

TEST(ScenarioLoadTest, ExpectationWithoutFields) {
  EXPECT_SCENARIO_ERROR("scenario: x\nexpect:\n  - {id: a, count: 2}\n", 3, 5,
                        "expectation names no record field");
}

TEST(ScenarioLoadTest, PerMemberNeedsMembers) {
  EXPECT_SCENARIO_ERROR("scenario: x\nper_member:\n  expect:\n    - {op: a}\n", 3, 3,
                        "'per_member' needs 'members'");
}

TEST(ScenarioLoadTest, MembersErrors) {
  EXPECT_SCENARIO_ERROR(
      "scenario: x\nmembers: [a, a]\nper_member:\n  expect: [{op: x, name: '${member}'}]\n", 2,
      14, "member 'a' is listed twice");
  EXPECT_SCENARIO_ERROR(
      "scenario: x\nmembers: {form: create}\nper_member:\n  expect: [{op: x}]\n", 2, 11,
      "unknown key 'form' in members");
  EXPECT_SCENARIO_ERROR("scenario: x\nmembers: web-1\nlifecycle: [a, b]\n", 2, 10,
                        "'members' must be a list of names or {from: OP}, not a scalar");
}

TEST(ScenarioLoadTest, LifecycleErrors) {
  EXPECT_SCENARIO_ERROR("scenario: x\nlifecycle: [create]\n", 2, 12,
                        "'lifecycle' needs at least two ops");
  EXPECT_SCENARIO_ERROR("scenario: x\nlifecycle: [create, stop, create]\n", 2, 27,
                        "lifecycle names op 'create' twice");
}

TEST(ScenarioLoadTest, WritersMustBePositive) {
  EXPECT_SCENARIO_ERROR("scenario: x\nwriters: 0\n", 2, 10, "'writers' must be between 1");
}

TEST(ScenarioLoadTest, ScenarioThatChecksNothing) {
  EXPECT_SCENARIO_ERROR("scenario: x\ndescription: nothing\n", 1, 1, "scenario checks nothing");
}

TEST(ScenarioLoadTest, RecordVariableMustBeAName) {
  EXPECT_SCENARIO_ERROR("scenario: x\nrecord_variable: 'A B'\nexpect: [{op: a}]\n", 2, 18,
                        "'record_variable' must be an environment variable name");
}

TEST(ScenarioLoadTest, RecordVariableThatProgramsLoadOrRunIsRefused) {
  EXPECT_SCENARIO_ERROR("scenario: x\nrecord_variable: BASH_ENV\nexpect: [{op: a}]\n", 2, 18,
                        "'record_variable' cannot be 'BASH_ENV': the variable names a file");
  EXPECT_SCENARIO_ERROR("scenario: x\nrecord_variable: LD_PRELOAD\nexpect: [{op: a}]\n", 2, 18,
                        "'record_variable' cannot be 'LD_PRELOAD': variables of this family");
}

TEST(ScenarioLoadTest, ReservedVariableNames) {
  EXPECT_SCENARIO_ERROR("scenario: x\nvars:\n  member: a\nexpect: [{op: a}]\n", 3, 11,
                        "variable name 'member' is reserved");
  const ScenarioError e = LoadError("scenario: x\nexpect: [{op: a}]\n", {{"env", "x"}});
  EXPECT_EQ(e.message(), "variable name 'env' is reserved");
}

TEST(ScenarioLoadTest, VariablesMustBeScalars) {
  EXPECT_SCENARIO_ERROR("scenario: x\nvars:\n  a: [1, 2]\nexpect: [{op: a}]\n", 3, 6,
                        "variable 'a' must be a string, number or boolean, not a list");
}

TEST(ScenarioLoadTest, MissingFileIsAnErrorWithoutPosition) {
  try {
    LoadScenario("/nonexistent/witness/scenario.yaml");
    FAIL() << "loaded a missing file";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.line(), 0u);
    EXPECT_STREQ(e.what(),
                 "/nonexistent/witness/scenario.yaml: cannot open scenario file "
                 "'/nonexistent/witness/scenario.yaml': no such file or directory");
  }
}

TEST(ScenarioLoadTest, DirectoryIsAnError) {
  try {
    LoadScenario(WITNESS_TESTDATA_DIR);
    FAIL() << "loaded a directory";
  } catch (const ScenarioError& e) {
    EXPECT_THAT(e.message(), HasSubstr("is a directory"));
  }
}

TEST(ScenarioLoadTest, ExampleScenarioLoads) {
  ::setenv("FLEETBOX_HOME", "/tmp/fleetbox-home", 1);
  const Scenario s =
      LoadScenario(std::string(WITNESS_TESTDATA_DIR) + "/scenarios/cluster-of-three.yaml");
  EXPECT_EQ(s.name(), "cluster-of-three");
  EXPECT_EQ(s.description(), "three members start and tear down cleanly");
  EXPECT_TRUE(s.strict());
  EXPECT_TRUE(s.has_negative_expectations());
}

}  // namespace
}  // namespace witness::assertions
