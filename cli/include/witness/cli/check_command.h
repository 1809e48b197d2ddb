// `witness check SCENARIO.yaml RECORD.jsonl...`: checks a recording against a
// scenario; with a wait, keeps watching the files until the scenario holds or
// the time is up, for helpers that are still writing.
//
//   CheckCommandOptions options;
//   options.scenario_file = "solo.yaml";
//   options.record_files = {"record.jsonl"};
//   options.wait = std::chrono::seconds(10);
//   return RunCheckCommand(options, std::cout, std::cerr);
#ifndef WITNESS_CLI_CHECK_COMMAND_H_
#define WITNESS_CLI_CHECK_COMMAND_H_

#include <chrono>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "witness/assertions/scenario.h"
#include "witness/cli/report_output.h"
#include "witness/cli/update_request.h"

namespace witness::cli {

struct CheckCommandOptions {
  std::string scenario_file;
  std::vector<std::string> record_files;  // several: shards merged by time
  assertions::Variables vars;
  ReportOutputOptions output;
  // Print the recording with the expectation that claimed each line.
  bool annotate = false;
  // --update: propose a pending scenario when the scenario fails.
  UpdateRequest update;
  // Keep rereading until the scenario passes or this much time has passed;
  // record files that do not exist yet are waited for too. The wait ends
  // early, as a failure, when the report says no appended record can make
  // the scenario pass (Report::final_failure).
  std::optional<std::chrono::milliseconds> wait;
  // Once the scenario passes, keep rereading for this long and fail if it
  // stops passing: a forbidden record that lands a moment after the pass
  // is seen. Without `wait`, the first check must pass.
  std::optional<std::chrono::milliseconds> hold;
  // Poll instead of using inotify while waiting (the automatic fallback).
  bool polling_only = false;
};

// Returns kExitPass or kExitFailed (the report is on `out`, a one-line
// verdict on `err`). Throws ScenarioError, RecordFileError (a file that
// cannot be read, or still does not exist when the wait is over) and
// UsageError (an output file that cannot be written).
int RunCheckCommand(const CheckCommandOptions& options, std::ostream& out, std::ostream& err);

}  // namespace witness::cli

#endif  // WITNESS_CLI_CHECK_COMMAND_H_
