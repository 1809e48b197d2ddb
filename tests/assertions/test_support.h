// Helpers shared by the assertions tests: scenarios and recordings from
// inline text.
#ifndef WITNESS_TESTS_ASSERTIONS_TEST_SUPPORT_H_
#define WITNESS_TESTS_ASSERTIONS_TEST_SUPPORT_H_

#include <string>
#include <string_view>
#include <vector>

#include "witness/assertions.h"
#include "witness/recorder/reader.h"

namespace witness::assertions::testing {

inline Report CheckInline(std::string_view yaml, std::string_view jsonl,
                          const CheckOptions& options = {}) {
  const Scenario scenario = ParseScenario(yaml, "s.yaml");
  return Check(scenario, recorder::ParseRecords(jsonl, "rec.jsonl"), options);
}

// All failure lines joined, for substring assertions.
inline std::string FailureText(const Report& report) {
  std::string text;
  for (const std::string& line : report.Failures()) text += line + "\n";
  return text;
}

// The error a scenario text raises; fails the test when it loads.
inline ScenarioError LoadError(std::string_view yaml, const Variables& vars = {}) {
  try {
    ParseScenario(yaml, "s.yaml", vars);
  } catch (const ScenarioError& e) {
    return e;
  }
  return ScenarioError("s.yaml", 0, 0, "<loaded without error>");
}

}  // namespace witness::assertions::testing

#endif  // WITNESS_TESTS_ASSERTIONS_TEST_SUPPORT_H_
