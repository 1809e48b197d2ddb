#include "witness/cli/variables.h"

#include "witness/cli/usage_error.h"

namespace witness::cli {

assertions::Variables ParseVariables(const std::vector<std::string>& assignments) {
  assertions::Variables vars;
  for (const std::string& assignment : assignments) {
    std::size_t equals = assignment.find('=');
    if (equals == std::string::npos) {
      throw UsageError("--var needs NAME=VALUE, got '" + assignment + "'");
    }
    if (equals == 0) {
      throw UsageError("--var needs a name before '=', got '" + assignment + "'");
    }
    vars[assignment.substr(0, equals)] = assignment.substr(equals + 1);
  }
  return vars;
}

}  // namespace witness::cli
