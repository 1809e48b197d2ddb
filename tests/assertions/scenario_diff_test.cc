// DiffScenarios: what a change to a scenario means, line by line, in the
// scenario language's terms; layout, comments and key order are no change.
#include "witness/assertions/scenario_diff.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace witness::assertions {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kFleet[] = R"(scenario: fleet
members: [web-1, web-2]
per_member:
  expect:
    - {id: reserve, op: reserve, name: "${member}", mac: {capture: mac}}
    - {id: create, op: create, name: "${member}", mac: "${mac}"}
    - {id: stop, op: stop, name: "${member}"}
  order: [reserve, create, stop]
expect:
  - {op: create, name: web-1, disk_path: /a/web-1/disk.raw}
  - {id: start, op: start}
  - {op: close, count: 1}
strict: false
)";

std::vector<std::string> Diff(const std::string& before, const std::string& after) {
  return DiffScenarios(before, after, "fleet.yaml", "fleet.yaml.new");
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(ScenarioDiffTest, SameScenarioRewrittenIsNoChange) {
  const std::string rewritten = R"(# the same, in block style and another key order
scenario: 'fleet'
strict: false
members:
  - web-1
  - web-2
expect:
  - op: create
    disk_path: /a/web-1/disk.raw
    name: "web-1"
  - {op: start, id: start}
  - {op: close, count: 1}
per_member:
  order: [reserve, create, stop]
  expect:
    - {id: reserve, op: reserve, name: "${member}", mac: {capture: mac}}
    - {id: create, op: create, name: "${member}", mac: "${mac}"}
    - {id: stop, op: stop, name: "${member}"}
)";
  EXPECT_THAT(Diff(kFleet, rewritten), IsEmpty());
}

TEST(ScenarioDiffTest, ChangedValueNamesTheExpectationByOpAndName) {
  EXPECT_THAT(Diff(kFleet, Replace(kFleet, "/a/web-1/", "/b/web-1/")),
              ElementsAre("create [web-1]: disk_path '/a/web-1/disk.raw' -> '/b/web-1/disk.raw'"));
}

TEST(ScenarioDiffTest, ChangedCountCountsAnAbsentCountAsOne) {
  EXPECT_THAT(Diff(kFleet, Replace(kFleet, "{id: start, op: start}", "{id: start, op: start, count: 2}")),
              ElementsAre("start: count 1 -> 2"));
}

TEST(ScenarioDiffTest, AddedAndRemovedExpectationsUnderPerMember) {
  const std::string after = Replace(
      Replace(kFleet, "    - {id: stop, op: stop, name: \"${member}\"}\n",
              "    - {id: pause, op: pause, name: \"${member}\", count: 3}\n"),
      "order: [reserve, create, stop]", "order: [reserve, create, pause]");
  EXPECT_THAT(Diff(kFleet, after),
              ElementsAre("per_member new expectation 'pause' count 3: {op: 'pause', name: "
                          "'${member}'}",
                          "per_member expectation 'stop' removed",
                          "per_member order reserve -> create -> stop changed to reserve -> "
                          "create -> pause"));
}

TEST(ScenarioDiffTest, UnchangedOrderIsNamedBesideChangedExpectations) {
  const std::string after = Replace(kFleet, "{id: create, op: create, name: \"${member}\", mac: \"${mac}\"}",
                                    "{id: create, op: create, name: \"${member}\", mac: '02:00:00:00:00:01'}");
  EXPECT_THAT(Diff(kFleet, after),
              ElementsAre("per_member create: mac '${mac}' -> '02:00:00:00:00:01'",
                          "per_member order reserve -> create -> stop unchanged"));
}

TEST(ScenarioDiffTest, MatcherReplacedByALiteral) {
  const std::string before = "scenario: s\nexpect:\n  - {id: r, op: reserve, mac: {glob: '02:*'}}\n";
  const std::string after = "scenario: s\nexpect:\n  - {id: r, op: reserve, mac: '02:5a:00:00:00:01'}\n";
  EXPECT_THAT(Diff(before, after), ElementsAre("r: mac {glob: '02:*'} -> '02:5a:00:00:00:01'"));
}

TEST(ScenarioDiffTest, QuotingANumberChangesWhatItMatches) {
  const std::string before = "scenario: s\nexpect:\n  - {op: start, attempt: 2}\n";
  const std::string after = "scenario: s\nexpect:\n  - {op: start, attempt: '2'}\n";
  EXPECT_THAT(Diff(before, after), ElementsAre("start: attempt 2 -> '2'"));
}

TEST(ScenarioDiffTest, ExpectationWithoutIdOrOpIsNamedByItsLine) {
  const std::string before = "scenario: s\nexpect:\n  - {name: a}\n";
  const std::string after = "scenario: s\nexpect:\n  - {name: b}\n";
  EXPECT_THAT(Diff(before, after), ElementsAre("line 3 [a]: name 'a' -> 'b'"));
}

TEST(ScenarioDiffTest, TopLevelKeysAddedRemovedAndChanged) {
  const std::string after =
      Replace(Replace(kFleet, "strict: false\n", "strict: true\nwriters: 2\n"), "scenario: fleet\n",
              "scenario: fleet\ndescription: two members\n");
  EXPECT_THAT(Diff(kFleet, after),
              ElementsAre("description added: 'two members'", "strict false -> true",
                          "writers added: 2"));
  EXPECT_THAT(Diff(after, kFleet),
              ElementsAre("description removed (was 'two members')", "strict true -> false",
                          "writers removed (was 2)"));
}

TEST(ScenarioDiffTest, MembersVarsAndFaultsAsEntries) {
  const std::string before = "scenario: s\nvars: {home: /a}\nmembers: [a, b]\nfaults: ['start:a@1=fail']\n"
                             "expect: [{op: close}]\n";
  const std::string after = "scenario: s\nvars: {home: /b, extra: x}\nmembers: [a, c]\nfaults: []\n"
                            "expect: [{op: close}]\n";
  EXPECT_THAT(Diff(before, after),
              ElementsAre("vars.home '/a' -> '/b'", "vars.extra added: 'x'", "members: removed 'b'",
                          "members: added 'c'", "faults: removed 'start:a@1=fail'"));
}

TEST(ScenarioDiffTest, ANewScenarioFileIsAllAdditions) {
  EXPECT_THAT(Diff("", "scenario: s\nexpect: [{op: close}]\n"),
              ElementsAre("scenario added: 's'", "new expectation 'close' count 1: {op: 'close'}"));
}

TEST(ScenarioDiffTest, TextThatIsNotAMappingIsAnErrorWithItsPosition) {
  try {
    Diff(kFleet, "scenario: s\nexpect: [\n");
    FAIL() << "no error";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.file(), "fleet.yaml.new");
    EXPECT_GT(e.line(), 0u);
    EXPECT_THAT(e.message(), HasSubstr("invalid YAML"));
  }
  EXPECT_THROW(Diff(kFleet, "- a\n- b\n"), ScenarioError);
}

}  // namespace
}  // namespace witness::assertions
