// Scenario files that no test uses: a scenario left behind when its test
// went away still reads as coverage to whoever opens the folder.
//
//   std::set<std::string> used = ScenariosNamedByTests("build");
//   for (const std::string& file : ScenarioFilesIn("scenarios")) {
//     if (!IsNamedByTests(file, used)) std::cout << "stale: " << file << "\n";
//   }
#ifndef WITNESS_CLI_STALE_SCENARIOS_H_
#define WITNESS_CLI_STALE_SCENARIOS_H_

#include <set>
#include <string>
#include <vector>

namespace witness::cli {

// The scenario files under `dir`, recursively: `*.yaml` and `*.yml` files
// whose document is a mapping with a `scenario` key (other YAML, a CI
// configuration say, is not a scenario). Sorted by path. Throws UsageError
// when `dir` is not a folder.
std::vector<std::string> ScenarioFilesIn(const std::string& dir);

// The canonical paths of the `.yaml`/`.yml` files that the CTest tests of
// build folder `build_dir` name on their command lines (an argument that is
// the path, or ends in `=PATH`), read from `ctest --show-only=json-v1`;
// relative paths are taken from the test's working directory. Throws
// UsageError when ctest cannot be run or its answer cannot be read.
std::set<std::string> ScenariosNamedByTests(const std::string& build_dir);

// Whether `scenario_file` is among `named` (canonical paths).
bool IsNamedByTests(const std::string& scenario_file, const std::set<std::string>& named);

}  // namespace witness::cli

#endif  // WITNESS_CLI_STALE_SCENARIOS_H_
