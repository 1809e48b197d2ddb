// The exit codes every `witness` subcommand returns, so CI scripts and CTest
// can tell "the program under test misbehaved" from "the check itself could
// not run".
//
//   if (report.outcome == Outcome::kPass) return witness::cli::kExitPass;
//   return witness::cli::kExitFailed;
#ifndef WITNESS_CLI_EXIT_CODE_H_
#define WITNESS_CLI_EXIT_CODE_H_

namespace witness::cli {

// The scenario holds (or, for show and snapshot, the command did its job).
inline constexpr int kExitPass = 0;
// The scenario failed or could not be verified, or the command under
// `witness run` did not end as expected (by default: it failed) or did not
// write an expected output.
inline constexpr int kExitFailed = 1;
// Bad arguments or input: a scenario that does not load, a record file that
// cannot be read, a command that cannot be started.
inline constexpr int kExitUsage = 2;

}  // namespace witness::cli

#endif  // WITNESS_CLI_EXIT_CODE_H_
