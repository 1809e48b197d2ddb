// What a change to a scenario file means: the differences between two
// versions of a scenario, stated in the scenario language's own terms
// (expectations by name, their fields and counts, order chains, top-level
// keys) rather than as lines. `witness review` shows it before a pending
// update is accepted.
//
//   std::vector<std::string> changes =
//       DiffScenarios(ReadFile("fleet.yaml"), ReadFile("fleet.yaml.new"),
//                     "fleet.yaml", "fleet.yaml.new");
//   for (const std::string& change : changes) std::cout << Printable(change) << "\n";
//   // create [web-1]: disk_path '/a/web-1/disk.raw' -> '/b/web-1/disk.raw'
//   // start: count 1 -> 2
//   // per_member new expectation 'pause' count 3: {op: 'pause', name: '${member}'}
#ifndef WITNESS_ASSERTIONS_SCENARIO_DIFF_H_
#define WITNESS_ASSERTIONS_SCENARIO_DIFF_H_

#include <string>
#include <string_view>
#include <vector>

#include "witness/assertions/scenario_error.h"

namespace witness::assertions {

// The differences in meaning from `before` to `after`, each one line, in the
// order the keys appear in a scenario; empty when the two mean the same
// (comments, layout, quoting that changes no match and key order are not
// differences). The lines quote values from the files as they are written:
// escape them (recorder::Printable) before they reach a terminal.
//
// Both texts are read as YAML only, not validated as scenarios (load them
// with LoadScenario for that): a key the language does not know is compared
// as a plain value. Expectations are paired by `id`, then by `op` in file
// order, then by position; one is named by its id, else its op (with a
// literal `name` in brackets: `create [web-1]`), else `line N`, and those
// under per_member are prefixed `per_member `. `before` may be empty (a new
// scenario file).
//
// Throws ScenarioError (naming the file, line and column) when a text is
// not YAML or its document is not a mapping, or when it exceeds the
// loader's limits (kMaxScenarioBytes, kMaxScenarioDepth, ...).
std::vector<std::string> DiffScenarios(std::string_view before, std::string_view after,
                                       const std::string& before_name,
                                       const std::string& after_name);

// True for a line of DiffScenarios that names what stayed ("per_member order
// reserve -> create unchanged"), given as context for the changes around it:
// not a change itself.
bool IsUnchangedContext(std::string_view line);

}  // namespace witness::assertions

#endif  // WITNESS_ASSERTIONS_SCENARIO_DIFF_H_
