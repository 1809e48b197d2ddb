// Shell completion for a command described by a CommandSpec: what
// `witness completion bash|zsh` prints and the package installs.
//
//   std::cout << RenderBashCompletion(DescribeCommandLine(app));
#ifndef WITNESS_CLI_SHELL_COMPLETION_H_
#define WITNESS_CLI_SHELL_COMPLETION_H_

#include <string>

#include "witness/cli/command_line_spec.h"

namespace witness::cli {

// A bash completion script (a function and a `complete -F` line, as
// bash-completion loads them): subcommands, their options, the choices of
// an option that names them, and file names for other values.
std::string RenderBashCompletion(const CommandSpec& spec);

// A zsh completion script (`#compdef`, one _arguments per subcommand).
std::string RenderZshCompletion(const CommandSpec& spec);

}  // namespace witness::cli

#endif  // WITNESS_CLI_SHELL_COMPLETION_H_
