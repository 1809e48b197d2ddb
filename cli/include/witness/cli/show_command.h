// `witness show RECORD.jsonl... [--member NAME] [--format text|json|html|mermaid]
// [--limit N]`: a recording as a timeline per member, for a person looking
// at what happened (html: a page of lanes; mermaid: a sequence diagram).
//
//   ShowCommandOptions options;
//   options.record_files = {"record.jsonl"};
//   return RunShowCommand(options, std::cout);
#ifndef WITNESS_CLI_SHOW_COMMAND_H_
#define WITNESS_CLI_SHOW_COMMAND_H_

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace witness::cli {

// --format text|json|html|mermaid for show.
enum class ShowFormat { kText, kJson, kHtml, kMermaid };

// Throws UsageError for anything but "text", "json", "html" or "mermaid".
ShowFormat ParseShowFormat(std::string_view text);

struct ShowCommandOptions {
  std::vector<std::string> record_files;  // several: shards merged by time
  std::optional<std::string> member;
  ShowFormat format = ShowFormat::kText;
  bool color = false;  // text only
  // Mermaid only: at most this many records become messages.
  std::size_t limit = 100;
};

// Prints the timeline; returns kExitPass. Throws RecordFileError for a file
// that cannot be read and UsageError for a member the recording lacks.
int RunShowCommand(const ShowCommandOptions& options, std::ostream& out);

}  // namespace witness::cli

#endif  // WITNESS_CLI_SHOW_COMMAND_H_
