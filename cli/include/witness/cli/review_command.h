// `witness review [DIR|FILE...]`: shows each pending scenario update
// (`SCENARIO.yaml.new`) as what it changes in meaning and as a text diff, and
// accepts (replaces the scenario) or rejects (deletes the update) it: asked
// at a terminal, or for all with --accept / --reject. `--check` lists the
// pending updates and the scenarios no test uses, for CI.
//
//   ReviewCommandOptions options;
//   options.targets = {"scenarios"};
//   options.mode = ReviewMode::kAccept;
//   return RunReviewCommand(options, std::cin, std::cout, std::cerr);
#ifndef WITNESS_CLI_REVIEW_COMMAND_H_
#define WITNESS_CLI_REVIEW_COMMAND_H_

#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "witness/assertions/scenario.h"

namespace witness::cli {

enum class ReviewMode {
  kAsk,       // ask for each update at a terminal; without one, as kDiffOnly
  kAccept,    // accept every valid update
  kReject,    // reject every update
  kDiffOnly,  // show, change nothing
  kCheck,     // list pending updates and stale scenarios, change nothing
};

struct ReviewCommandOptions {
  // Folders (searched recursively) and files; none means ".".
  std::vector<std::string> targets;
  ReviewMode mode = ReviewMode::kAsk;
  // A CI artifact of pending files mirrored from the project root, applied
  // to the scenarios under `root` (default: the current folder).
  std::optional<std::string> from_dir;
  std::optional<std::string> root;
  // kCheck: the build folder whose CTest tests say which scenarios are used;
  // without it stale scenarios are not looked for.
  std::optional<std::string> ctest_dir;
  // For validating pending files that need --var values.
  assertions::Variables vars;
  // Whether `answers` and `out` are a terminal (kAsk asks only then).
  bool terminal = false;
  bool color = false;
};

// Returns kExitPass when nothing is pending (after the accepts and rejects)
// and, for kCheck, no scenario is stale; kExitFailed when something is;
// kExitUsage when a pending file is not a valid scenario (it is refused,
// with its file:line:column on `err`, and the others still handled).
// Throws UsageError for bad arguments and files that cannot be read,
// replaced or removed.
int RunReviewCommand(const ReviewCommandOptions& options, std::istream& answers,
                     std::ostream& out, std::ostream& err);

}  // namespace witness::cli

#endif  // WITNESS_CLI_REVIEW_COMMAND_H_
