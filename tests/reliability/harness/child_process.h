// Starting, watching and killing helper processes for multi-process tests.
//
//   ChildProcess child = ChildProcess::Start({tool, "write", "--path", path});
//   std::string acks;
//   child.Drain(acks, nullptr);   // what it printed so far, without blocking
//   child.Kill(SIGKILL);
//   int status = child.Wait();
#ifndef WITNESS_TESTS_RELIABILITY_HARNESS_CHILD_PROCESS_H_
#define WITNESS_TESTS_RELIABILITY_HARNESS_CHILD_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace witness::reliability {

struct ChildOptions {
  // Variables set (or replaced) in the child's copy of this environment.
  std::vector<std::pair<std::string, std::string>> set_env;
  // Variables removed from it.
  std::vector<std::string> unset_env;
  // The child's working directory; "" keeps this process's.
  std::string cwd;
};

// One started process with its stdout and stderr on pipes. Move-only; the
// destructor kills (SIGKILL) and reaps a child that is still running, so a
// failing test never leaves writers behind. Not thread-safe.
class ChildProcess {
 public:
  // Throws std::runtime_error when the process cannot be started.
  static ChildProcess Start(const std::vector<std::string>& argv, const ChildOptions& options = {});

  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();

  pid_t pid() const noexcept { return pid_; }
  void Kill(int signal) noexcept;
  // Appends whatever the child has written so far without blocking; false
  // once both pipes reached end of file.
  bool Drain(std::string& out, std::string* err);
  // Waits until the child writes something to stdout or `timeout` passes.
  void WaitForOutput(std::chrono::milliseconds timeout);
  // True while the child runs; false once it has ended (it is then reaped,
  // and Wait returns its status without blocking).
  bool Running();
  // Reads both pipes to end of file, then reaps; returns the wait status.
  int Wait(std::string* out = nullptr, std::string* err = nullptr);

 private:
  ChildProcess(pid_t pid, int out_fd, int err_fd) : pid_(pid), out_fd_(out_fd), err_fd_(err_fd) {}
  void Release() noexcept;

  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  bool reaped_ = false;
  int status_ = 0;
};

// Runs argv to completion; the wait status and both outputs.
struct ChildResult {
  int status = 0;
  std::string out;
  std::string err;
  bool Exited(int code) const;
};
ChildResult RunChild(const std::vector<std::string>& argv, const ChildOptions& options = {});

// "exited with status 1", "killed by signal 9 (Killed)".
std::string DescribeStatus(int status);

}  // namespace witness::reliability

#endif  // WITNESS_TESTS_RELIABILITY_HARNESS_CHILD_PROCESS_H_
