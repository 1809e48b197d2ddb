// `witness diff A.jsonl B.jsonl [--ignore FIELD]... [--format text|json]`:
// two recordings compared member by member, volatile values (pids,
// temporary directories, MACs, IPs) aliased, so only real differences show.
//
//   DiffCommandOptions options;
//   options.file_a = "green.jsonl";
//   options.file_b = "red.jsonl";
//   return RunDiffCommand(options, std::cout, std::cerr);   // 0 same, 1 different
#ifndef WITNESS_CLI_DIFF_COMMAND_H_
#define WITNESS_CLI_DIFF_COMMAND_H_

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace witness::cli {

// --format text|json for diff.
enum class DiffFormat { kText, kJson };

// Throws UsageError for anything but "text" or "json".
DiffFormat ParseDiffFormat(std::string_view text);

struct DiffCommandOptions {
  std::string file_a;
  std::string file_b;
  std::vector<std::string> ignored_fields;
  DiffFormat format = DiffFormat::kText;
};

// Prints the differences (text: nothing when there are none) and returns
// kExitPass when the recordings are the same, kExitFailed otherwise, with a
// verdict line on `err`. Throws RecordFileError for a file that cannot be
// read, and UsageError for a file with a bad line (naming its file, line and
// column: a comparison that left records out would not be one) and for
// `--ignore op` or `--ignore name`.
int RunDiffCommand(const DiffCommandOptions& options, std::ostream& out, std::ostream& err);

}  // namespace witness::cli

#endif  // WITNESS_CLI_DIFF_COMMAND_H_
