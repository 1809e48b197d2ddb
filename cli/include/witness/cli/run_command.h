// `witness run SCENARIO.yaml -- COMMAND [ARGS...]`: gives the command a fresh
// record file in a private temporary directory (exported under the
// scenario's record variable), runs it, then checks what it recorded.
//
//   RunCommandOptions options;
//   options.scenario_file = "solo.yaml";
//   options.command = {"./client", "up", "--members", "solo"};
//   return RunRunCommand(options, std::cout, std::cerr);
#ifndef WITNESS_CLI_RUN_COMMAND_H_
#define WITNESS_CLI_RUN_COMMAND_H_

#include <chrono>
#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "witness/assertions/scenario.h"
#include "witness/cli/report_output.h"

namespace witness::cli {

struct RunCommandOptions {
  std::string scenario_file;
  std::vector<std::string> command;
  assertions::Variables vars;
  ReportOutputOptions output;
  bool annotate = false;
  // Keep the record file after a pass too (it is always kept after a
  // failure) and print its path.
  bool keep = false;
  // SIGTERM (then SIGKILL) for a command still running after this long; the
  // run then fails.
  std::optional<std::chrono::milliseconds> timeout;
  // Lines of the command's output shown when it fails.
  std::size_t tail_lines = 20;
  // Pass the command's output through as it runs, instead of only its tail
  // on failure.
  bool stream_output = false;
};

// Fails (kExitFailed) when the command exits non-zero or is killed (its
// status and the tail of its output go to `err`), when the recorder never
// started (no record file, or one without a single record), or when the
// scenario does not hold. On failure the record file is kept and its path
// printed on `err`. Throws ScenarioError before running anything for a bad
// scenario, ChildProcessError for a command that cannot be started,
// TempDirError and UsageError.
int RunRunCommand(const RunCommandOptions& options, std::ostream& out, std::ostream& err);

// The message for a command that left no record: "the recorder never
// started: is FLEETBOX_FAKE_RECORD passed to the helper?" with the scenario's
// variable.
std::string RecorderNeverStartedMessage(const std::string& record_variable);

}  // namespace witness::cli

#endif  // WITNESS_CLI_RUN_COMMAND_H_
