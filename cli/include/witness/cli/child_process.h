// Running the command under test for `witness run`: fork and exec with extra
// environment variables, its stdout and stderr captured together, and the
// tail kept for the failure message.
//
//   ChildOptions options;
//   options.argv = {"./helper", "--members", "3"};
//   options.environment = {{"FLEETBOX_FAKE_RECORD", "/tmp/witness-run-x/record.jsonl"}};
//   ChildResult result = RunChildProcess(options);
//   if (!result.Succeeded()) std::cerr << result.Describe() << "\n" << result.tail;
#ifndef WITNESS_CLI_CHILD_PROCESS_H_
#define WITNESS_CLI_CHILD_PROCESS_H_

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "witness/recorder/error.h"

namespace witness::cli {

// The command could not be started at all (not found, not executable).
// what(): "cannot run 'helperx': no such file or directory".
class ChildProcessError : public Error {
 public:
  using Error::Error;
};

struct ChildOptions {
  // argv[0] is looked up in PATH as a shell would.
  std::vector<std::string> argv;
  // Set (or replaced) in the child's environment; the rest is inherited.
  std::vector<std::pair<std::string, std::string>> environment;
  // How much of the output to keep for ChildResult::tail.
  std::size_t tail_lines = 20;
  // Each chunk of output as it arrives, for callers that also stream it.
  std::function<void(std::string_view)> on_output;
  // After this long the child gets SIGTERM, and SIGKILL if it is still
  // there kill_grace later. nullopt: no limit.
  std::optional<std::chrono::milliseconds> timeout;
  std::chrono::milliseconds kill_grace{2000};
};

struct ChildResult {
  // Set when the child exited; exit_status is its status.
  bool exited = false;
  int exit_status = 0;
  // Set when a signal ended the child.
  int signal = 0;
  bool core_dumped = false;
  // The timeout expired and the child was signalled for it.
  bool timed_out = false;
  // The last tail_lines lines of stdout and stderr as the child interleaved
  // them (at most 64 KiB), and how many bytes it wrote in all.
  std::string tail;
  std::size_t output_bytes = 0;

  bool Succeeded() const noexcept { return exited && exit_status == 0 && !timed_out; }
  // "exited with status 3", "killed by signal 9 (SIGKILL)", "killed by
  // signal 15 (SIGTERM) when its time was up".
  std::string Describe() const;
};

// Runs the command to completion. stdin is inherited. A SIGINT, SIGTERM or
// SIGHUP sent to this process by kill(2) is passed on to the child while it
// runs (a terminal's Ctrl-C already reaches it as a member of the foreground
// process group). Output written by the child's own children after it exits
// is not waited for. Throws ChildProcessError when the command cannot be
// executed. Not thread-safe with respect to other signal handlers for those
// three signals, which it replaces while the child runs.
ChildResult RunChildProcess(const ChildOptions& options);

// "SIGKILL" for 9; "signal 64" for numbers without a name.
std::string SignalName(int signal);

}  // namespace witness::cli

#endif  // WITNESS_CLI_CHILD_PROCESS_H_
