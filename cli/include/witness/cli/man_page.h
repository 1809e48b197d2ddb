// Man pages for a command described by a CommandSpec, made from the text
// --help prints: one page per subcommand (witness-check(1), ...) and one
// for the command itself, as git names its pages.
//
//   WriteOutputFile("witness-check.1", RenderManPage(spec, spec.subcommands[0], "0.1.0"));
#ifndef WITNESS_CLI_MAN_PAGE_H_
#define WITNESS_CLI_MAN_PAGE_H_

#include <string>

#include "witness/cli/command_line_spec.h"

namespace witness::cli {

// The page's file name: "witness.1" for the program, "witness-check.1" for
// a subcommand.
std::string ManPageName(const CommandSpec& program, const CommandSpec& command);

// A man page in roff (section 1) for `command`, which is `program` or one of
// its subcommands: NAME, SYNOPSIS, DESCRIPTION, OPTIONS (or COMMANDS), the
// footer --help ends with as it is, and SEE ALSO. `version` goes in the
// page's header.
std::string RenderManPage(const CommandSpec& program, const CommandSpec& command,
                          const std::string& version);

// Writes the page of `program` and of each of its subcommands into
// `directory`, under ManPageName. Throws UsageError when one cannot be
// written.
void WriteManPages(const CommandSpec& program, const std::string& directory,
                   const std::string& version);

}  // namespace witness::cli

#endif  // WITNESS_CLI_MAN_PAGE_H_
