// `witness run SCENARIO.yaml -- COMMAND [ARGS...]`: gives the command a fresh
// record file in a private temporary directory (exported under the
// scenario's record variable), runs it, then checks what it recorded and
// how it ended.
//
//   RunCommandOptions options;
//   options.scenario_file = "solo.yaml";
//   options.command = {"./client", "up", "--members", "solo"};
//   options.expect_exit = ParseExitExpectation("nonzero");  // a run meant to fail
//   options.expect_output = {"rolled back"};
//   return RunRunCommand(options, std::cout, std::cerr);
#ifndef WITNESS_CLI_RUN_COMMAND_H_
#define WITNESS_CLI_RUN_COMMAND_H_

#include <chrono>
#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "witness/assertions/scenario.h"
#include "witness/cli/command_expectations.h"
#include "witness/cli/report_output.h"
#include "witness/cli/update_request.h"

namespace witness::cli {

struct RunCommandOptions {
  std::string scenario_file;
  std::vector<std::string> command;
  assertions::Variables vars;
  ReportOutputOptions output;
  bool annotate = false;
  // --update: propose a pending scenario when the scenario fails.
  UpdateRequest update;
  // Keep the record file after a pass too (it is always kept after a
  // failure) and print its path.
  bool keep = false;
  // SIGTERM (then SIGKILL) for a command still running after this long; the
  // run then fails.
  std::optional<std::chrono::milliseconds> timeout;
  // After the command exits and the scenario holds, keep checking the
  // record file for this long and fail if it stops holding: a helper that
  // outlives its client may still write.
  std::optional<std::chrono::milliseconds> hold;
  // Lines of the command's output shown when it fails.
  std::size_t tail_lines = 20;
  // Pass the command's output through as it runs, instead of only its tail
  // on failure.
  bool stream_output = false;
  // How the command must end: with status 0 unless a test means it to fail.
  ExitExpectation expect_exit;
  // Text the command's output (stdout and stderr together) must contain,
  // and RE2 patterns one of its lines must match (see OutputExpectations).
  std::vector<std::string> expect_output;
  std::vector<std::string> expect_output_regex;
  // Set in the command's environment besides the record variable, which
  // they may not replace.
  std::vector<std::pair<std::string, std::string>> environment;
};

// Fails (kExitFailed) when the command does not end as expect_exit says or
// an expected output is missing (each said on `err`, with the tail of the
// output), when the recorder never started (no record file, or one without
// a single record), or when the scenario does not hold. The report carries
// the command's outcome as kCommand checks. On failure the record file is
// kept and its path printed on `err`. The scenario's `faults` reach the
// command as FLEETBOX_FAKE_FAULTS. Throws ScenarioError before running
// anything for a bad scenario (a malformed fault rule too), UsageError for
// a bad regex, an environment entry naming the record variable (or
// FLEETBOX_FAKE_FAULTS when the scenario has `faults`), or a malformed
// FLEETBOX_FAKE_FAULTS from --env or witness's own environment,
// ChildProcessError for a command that cannot be started, and TempDirError.
int RunRunCommand(const RunCommandOptions& options, std::ostream& out, std::ostream& err);

// The message for a command that left no record: "the recorder never
// started: is FLEETBOX_FAKE_RECORD passed to the helper?" with the scenario's
// variable.
std::string RecorderNeverStartedMessage(const std::string& record_variable);

}  // namespace witness::cli

#endif  // WITNESS_CLI_RUN_COMMAND_H_
