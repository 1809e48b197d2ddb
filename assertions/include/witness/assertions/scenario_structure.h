// Loading a scenario to judge the file itself, on a machine that may not have
// the environment it is checked in: `witness review` validates a pending
// scenario update here, whose ${env:NAME} values belong to the CI machine
// that wrote it.
//
//   try {
//     LoadScenarioStructure("fleet.yaml.new", {{"home", "/tmp"}});
//   } catch (const ScenarioError& e) {
//     std::cerr << e.what() << "\n";  // "fleet.yaml.new:7:12: unknown matcher 'glub'"
//   }
#ifndef WITNESS_ASSERTIONS_SCENARIO_STRUCTURE_H_
#define WITNESS_ASSERTIONS_SCENARIO_STRUCTURE_H_

#include <string>

#include "witness/assertions/scenario.h"

namespace witness::assertions {

// As LoadScenario, except that an ${env:NAME} this process's environment
// lacks stands for a placeholder instead of being an error: every other rule
// of the language (keys, types, matchers, ids, captures, limits, variables
// that `vars` must define) is enforced. The result is for validation only:
// the placeholders would match nothing real. Throws ScenarioError.
Scenario LoadScenarioStructure(const std::string& path, const Variables& vars = {});

}  // namespace witness::assertions

#endif  // WITNESS_ASSERTIONS_SCENARIO_STRUCTURE_H_
