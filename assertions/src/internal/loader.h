// Loading with a stand-in environment: lets the snapshot writer prove that
// its output holds for the recording it came from, with the variable values
// it was given rather than whatever this process's environment says.
#ifndef WITNESS_ASSERTIONS_INTERNAL_LOADER_H_
#define WITNESS_ASSERTIONS_INTERNAL_LOADER_H_

#include <map>
#include <string>
#include <string_view>

#include "witness/assertions/scenario.h"

namespace witness::assertions::internal {

// As ParseScenario, but ${env:NAME} reads `environment` first and the
// process environment only for names it lacks.
Scenario ParseScenarioWithEnvironment(std::string_view yaml, const std::string& name,
                                      const Variables& vars,
                                      const std::map<std::string, std::string>& environment);

}  // namespace witness::assertions::internal

#endif  // WITNESS_ASSERTIONS_INTERNAL_LOADER_H_
