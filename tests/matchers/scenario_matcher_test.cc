// SatisfiesScenario: the engine's verdict as a matcher, its text report as
// the explanation, and "unverifiable" as a mismatch.
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "matcher_text.h"
#include "temp_dir.h"
#include "witness/assertions.h"
#include "witness/matchers.h"
#include "witness/recorder/reader.h"

namespace witness {
namespace {

using recorder::Recording;
using ::testing::DescribeMatcher;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using testing_support::TempDir;

using testing_support::Explain;

// The engine's report as the matcher shows it: each line indented by four.
std::string IndentedReport(const assertions::Scenario& scenario, const Recording& recording) {
  std::istringstream lines(assertions::RenderText(assertions::Check(scenario, recording)));
  std::string out;
  std::string line;
  while (std::getline(lines, line)) out += "\n    " + line;
  return out;
}

constexpr char kScenario[] = R"(scenario: two-members
members: [web-1, web-2]
per_member:
  expect:
    - id: reserve
      op: reserve
      name: ${member}
      mac: {capture: mac}
    - id: create
      op: create
      name: ${member}
      mac: ${mac}
  order: [reserve, create]
expect:
  - op: stop
    name: boom
    count: 0
)";

constexpr char kGood[] =
    R"({"op":"session","pid":7,"schema":1})" "\n"
    R"({"op":"reserve","name":"web-1","mac":"aa"})" "\n"
    R"({"op":"reserve","name":"web-2","mac":"bb"})" "\n"
    R"({"op":"create","name":"web-1","mac":"aa"})" "\n"
    R"({"op":"create","name":"web-2","mac":"bb"})" "\n";

Recording Parse(const std::string& content) { return recorder::ParseRecords(content, "rec.jsonl"); }

TEST(SatisfiesScenarioTest, MatchesARecordingThatPasses) {
  const assertions::Scenario scenario = assertions::ParseScenario(kScenario, "two.yaml");
  const Recording good = Parse(kGood);
  EXPECT_THAT(good, SatisfiesScenario(scenario));
  EXPECT_EQ(Explain(SatisfiesScenario(scenario), good), "which passes it:" + IndentedReport(scenario, good));
  EXPECT_EQ(DescribeMatcher<const Recording&>(SatisfiesScenario(scenario)),
            "satisfies scenario `two-members` (two.yaml)");
  EXPECT_EQ(DescribeMatcher<const Recording&>(SatisfiesScenario(scenario), /*negation=*/true),
            "does not satisfy scenario `two-members` (two.yaml)");
}

TEST(SatisfiesScenarioTest, ExplainsAFailureWithTheEngineReport) {
  const assertions::Scenario scenario = assertions::ParseScenario(kScenario, "two.yaml");
  std::string content = kGood;
  content.replace(content.rfind("\"bb\""), 4, "\"cc\"");  // web-2's create lost its MAC
  const Recording broken = Parse(content);
  EXPECT_THAT(broken, Not(SatisfiesScenario(scenario)));
  const std::string explanation = Explain(SatisfiesScenario(scenario), broken);
  EXPECT_EQ(explanation, "which fails it:" + IndentedReport(scenario, broken));
  EXPECT_THAT(explanation, HasSubstr("rec.jsonl:5"));  // the near miss, by file:line
}

TEST(SatisfiesScenarioTest, UnverifiableIsAMismatch) {
  const assertions::Scenario scenario = assertions::ParseScenario(kScenario, "two.yaml");
  const Recording empty = Parse("");
  const assertions::Report report = assertions::Check(scenario, empty);
  ASSERT_EQ(report.outcome, assertions::Outcome::kUnverifiable);
  EXPECT_THAT(empty, Not(SatisfiesScenario(scenario)));
  EXPECT_EQ(Explain(SatisfiesScenario(scenario), empty),
            "which leaves it unverifiable: " + report.unverifiable_reason + ":" + IndentedReport(scenario, empty));
}

TEST(SatisfiesScenarioTest, LoadsAFileWithVariables) {
  TempDir dir;
  const std::string path = dir.Write("create.yaml", R"(scenario: one-create
expect:
  - op: create
    disk_path: ${vms}/web-1/disk.raw
)");
  const Recording rec = Parse(R"({"op":"create","name":"web-1","disk_path":"/h/vms/web-1/disk.raw"})" "\n");
  EXPECT_THAT(rec, SatisfiesScenario(path, {{"vms", "/h/vms"}}));
  EXPECT_THAT(rec, Not(SatisfiesScenario(path, {{"vms", "/elsewhere"}})));
  EXPECT_EQ(DescribeMatcher<const Recording&>(SatisfiesScenario(path, {{"vms", "/h/vms"}})),
            "satisfies scenario `one-create` (" + path + ")");
}

TEST(SatisfiesScenarioTest, AcceptsAVectorOfRecords) {
  const assertions::Scenario scenario = assertions::ParseScenario(kScenario, "two.yaml");
  const Recording good = Parse(kGood);
  EXPECT_THAT(good.records, SatisfiesScenario(scenario));
  EXPECT_THAT(std::vector<recorder::Record>{}, Not(SatisfiesScenario(scenario)));
}

TEST(SatisfiesScenarioTest, AScenarioThatDoesNotLoadThrowsWhereTheMatcherIsBuilt) {
  TempDir dir;
  const std::string path = dir.Write("bad.yaml", "scenario: x\nexpect:\n  - op: create\n    bogus_matcher: {frobnicate: 1}\n");
  EXPECT_THROW(SatisfiesScenario(path), assertions::ScenarioError);
  EXPECT_THROW(SatisfiesScenario(dir.File("absent.yaml")), assertions::ScenarioError);
}

}  // namespace
}  // namespace witness
