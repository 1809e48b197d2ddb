// `--var K=V` on the command line, turned into the scenario variables the
// engine substitutes for ${K}.
//
//   assertions::Variables vars = ParseVariables({"vms=/tmp/home/vms", "n=3"});
#ifndef WITNESS_CLI_VARIABLES_H_
#define WITNESS_CLI_VARIABLES_H_

#include <string>
#include <vector>

#include "witness/assertions/scenario.h"

namespace witness::cli {

// Each entry is NAME=VALUE (the value may be empty and may contain '=');
// a later entry for the same name wins, so a script can override a default.
// Throws UsageError for an entry without '=' or with an empty name.
assertions::Variables ParseVariables(const std::vector<std::string>& assignments);

}  // namespace witness::cli

#endif  // WITNESS_CLI_VARIABLES_H_
