// The `witness` command line as plain data: its subcommands and their
// options, read from the CLI11 parser that --help prints. Shell completion
// and the man pages are rendered from it, so they cannot drift from --help.
//
//   CLI::App app;  ... the subcommands, as main.cc adds them ...
//   CommandSpec spec = DescribeCommandLine(app);
//   std::cout << RenderBashCompletion(spec);   // shell_completion.h
#ifndef WITNESS_CLI_COMMAND_LINE_SPEC_H_
#define WITNESS_CLI_COMMAND_LINE_SPEC_H_

#include <string>
#include <vector>

namespace CLI {
class App;
}  // namespace CLI

namespace witness::cli {

struct OptionSpec {
  std::vector<std::string> names;  // "-v", "--verbose"; empty for a positional
  std::string positional;          // the positional's name ("scenario"); "" for an option
  std::string value_name;          // "FILE", "DURATION", "SCENARIO.yaml"; "" for a flag
  std::string description;
  std::vector<std::string> choices;  // the values it accepts, when it names them
  std::string default_value;         // "" when --help shows none
  bool takes_value = false;
  bool required = false;
};

struct CommandSpec {
  std::string name;  // "witness", "check", ...
  std::string description;
  std::string footer;               // the example and exit codes --help ends with
  std::vector<OptionSpec> options;  // --help and --version included
  std::vector<CommandSpec> subcommands;
};

// What `app` parses. Options and subcommands in an empty group (hidden from
// --help) are left out, as --help leaves them out.
CommandSpec DescribeCommandLine(const CLI::App& app);

}  // namespace witness::cli

#endif  // WITNESS_CLI_COMMAND_LINE_SPEC_H_
