#include "witness/matchers/internal/scenario_matcher.h"

#include <string>

#include "witness/assertions/check.h"
#include "witness/assertions/render.h"
#include "witness/assertions/report.h"
#include "witness/matchers.h"
#include "witness/matchers/internal/record_text.h"

namespace witness {

matchers::internal::SatisfiesScenarioMatcher SatisfiesScenario(const std::string& path) {
  return matchers::internal::SatisfiesScenarioMatcher(assertions::LoadScenario(path));
}

matchers::internal::SatisfiesScenarioMatcher SatisfiesScenario(const std::string& path,
                                                               const assertions::Variables& vars) {
  return matchers::internal::SatisfiesScenarioMatcher(assertions::LoadScenario(path, vars));
}

matchers::internal::SatisfiesScenarioMatcher SatisfiesScenario(assertions::Scenario scenario) {
  return matchers::internal::SatisfiesScenarioMatcher(std::move(scenario));
}

namespace matchers::internal {
bool SatisfiesScenarioMatcher::MatchAndExplain(const recorder::Recording& recording,
                                               testing::MatchResultListener* listener) const {
  const assertions::Report report = assertions::Check(scenario_, recording);
  if (!listener->IsInterested()) return report.passed();
  switch (report.outcome) {
    case assertions::Outcome::kPass:
      *listener << "which passes it:";
      break;
    case assertions::Outcome::kFail:
      *listener << "which fails it:";
      break;
    case assertions::Outcome::kUnverifiable:
      *listener << "which leaves it unverifiable: " << report.unverifiable_reason << ":";
      break;
  }
  *listener << IndentedLines(assertions::RenderText(report));
  return report.passed();
}

bool SatisfiesScenarioMatcher::MatchAndExplain(const std::vector<recorder::Record>& records,
                                               testing::MatchResultListener* listener) const {
  recorder::Recording recording;
  recording.records.assign(records.begin(), records.end());
  return MatchAndExplain(recording, listener);
}

bool SatisfiesScenarioMatcher::MatchAndExplain(const recorder::RecordVector& records,
                                               testing::MatchResultListener* listener) const {
  recorder::Recording recording;
  recording.records = records;
  return MatchAndExplain(recording, listener);
}

void SatisfiesScenarioMatcher::DescribeTo(std::ostream* os) const {
  *os << "satisfies scenario `" << scenario_.name() << "` (" << scenario_.file() << ")";
}

void SatisfiesScenarioMatcher::DescribeNegationTo(std::ostream* os) const {
  *os << "does not satisfy scenario `" << scenario_.name() << "` (" << scenario_.file() << ")";
}

}  // namespace matchers::internal
}  // namespace witness
