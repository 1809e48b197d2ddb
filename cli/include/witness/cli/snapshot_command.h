// `witness snapshot RECORD.jsonl [--var-from-env NAME]... [--output FILE]`:
// writes a scenario the recording satisfies, with volatile values redacted,
// as the starting point for a hand-edited scenario.
//
//   SnapshotCommandOptions options;
//   options.record_files = {"record.jsonl"};
//   options.env_variables = {"FLEETBOX_HOME"};
//   options.output_file = "solo.yaml";
//   return RunSnapshotCommand(options, std::cout, std::cerr);
#ifndef WITNESS_CLI_SNAPSHOT_COMMAND_H_
#define WITNESS_CLI_SNAPSHOT_COMMAND_H_

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace witness::cli {

struct SnapshotCommandOptions {
  std::vector<std::string> record_files;
  // Environment variables whose values, as path prefixes, become
  // ${env:NAME} in the scenario. Each must be set and non-empty.
  std::vector<std::string> env_variables;
  // The `scenario:` name; by default the first record file's name without
  // its extension.
  std::optional<std::string> name;
  // Where the YAML goes; stdout when absent.
  std::optional<std::string> output_file;
};

// Returns kExitPass. Warns on `err` about bad lines left out. Throws
// RecordFileError, and UsageError for an unset variable, a recording with no
// record to describe, or an output file that cannot be written.
int RunSnapshotCommand(const SnapshotCommandOptions& options, std::ostream& out, std::ostream& err);

}  // namespace witness::cli

#endif  // WITNESS_CLI_SNAPSHOT_COMMAND_H_
