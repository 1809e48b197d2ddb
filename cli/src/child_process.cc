#include "witness/cli/child_process.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <map>

#include "witness/recorder/internal/system_reason.h"
#include "witness/recorder/internal/unique_fd.h"

extern char** environ;

namespace witness::cli {
namespace {

using recorder::internal::UniqueFd;

constexpr std::size_t kMaxTailBytes = 64 * 1024;
constexpr int kForwardedSignals[] = {SIGINT, SIGTERM, SIGHUP};

volatile sig_atomic_t g_child_pid = 0;

// Passes on signals another process sent us with kill(2). Signals the
// kernel raised for a terminal (si_code > 0) already reached the child with
// the rest of the foreground process group.
void ForwardSignal(int signal, siginfo_t* info, void*) {
  int saved_errno = errno;
  if (g_child_pid > 0 && (info == nullptr || info->si_code <= 0)) {
    kill(static_cast<pid_t>(g_child_pid), signal);
  }
  errno = saved_errno;
}

// Installs the forwarding handlers for the child's lifetime.
class SignalForwarding {
 public:
  explicit SignalForwarding(pid_t child) {
    g_child_pid = child;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = ForwardSignal;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&action.sa_mask);
    for (std::size_t i = 0; i < std::size(kForwardedSignals); ++i) {
      sigaction(kForwardedSignals[i], &action, &previous_[i]);
    }
  }
  SignalForwarding(const SignalForwarding&) = delete;
  SignalForwarding& operator=(const SignalForwarding&) = delete;
  ~SignalForwarding() {
    for (std::size_t i = 0; i < std::size(kForwardedSignals); ++i) {
      sigaction(kForwardedSignals[i], &previous_[i], nullptr);
    }
    g_child_pid = 0;
  }

 private:
  struct sigaction previous_[std::size(kForwardedSignals)];
};

std::string LastLines(const std::string& text, std::size_t lines) {
  if (lines == 0) return "";
  std::size_t end = text.size();
  // A final newline ends the last line; it does not start an empty one.
  std::size_t pos = end > 0 && text[end - 1] == '\n' ? end - 1 : end;
  std::size_t found = 0;
  while (pos > 0) {
    std::size_t nl = text.rfind('\n', pos - 1);
    if (nl == std::string::npos) return text;
    if (++found == lines) return text.substr(nl + 1);
    pos = nl;
  }
  return text;
}

}  // namespace

std::string SignalName(int signal) {
  const char* abbrev = sigabbrev_np(signal);
  if (abbrev == nullptr) return "signal " + std::to_string(signal);
  return std::string("SIG") + abbrev;
}

std::string ChildResult::Describe() const {
  std::string out;
  if (exited) {
    out = "exited with status " + std::to_string(exit_status);
  } else if (signal != 0) {
    out = "killed by signal " + std::to_string(signal) + " (" + SignalName(signal) + ")";
    if (core_dumped) out += ", core dumped";
  } else {
    out = "ended in an unknown way";
  }
  if (timed_out) out += " when its time was up";
  return out;
}

ChildResult RunChildProcess(const ChildOptions& options) {
  if (options.argv.empty() || options.argv[0].empty()) {
    throw ChildProcessError("no command to run");
  }
  // Everything the child needs is built before fork: between fork and exec
  // only async-signal-safe calls are allowed.
  std::vector<char*> argv;
  for (const std::string& arg : options.argv) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  std::vector<std::string> env_strings;
  std::map<std::string, bool> overridden;
  for (const auto& [key, value] : options.environment) {
    overridden[key] = true;
    env_strings.push_back(key + "=" + value);
  }
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view entry(*e);
    std::string key(entry.substr(0, entry.find('=')));
    if (overridden.count(key) == 0) env_strings.emplace_back(entry);
  }
  std::vector<char*> envp;
  for (std::string& entry : env_strings) envp.push_back(entry.data());
  envp.push_back(nullptr);

  int output_pipe[2];
  int exec_error_pipe[2];
  if (pipe2(output_pipe, O_CLOEXEC) != 0) {
    throw ChildProcessError(std::string("cannot create a pipe: ") +
                            recorder::internal::SystemReason(errno));
  }
  UniqueFd output_read(output_pipe[0]);
  UniqueFd output_write(output_pipe[1]);
  if (pipe2(exec_error_pipe, O_CLOEXEC) != 0) {
    throw ChildProcessError(std::string("cannot create a pipe: ") +
                            recorder::internal::SystemReason(errno));
  }
  UniqueFd error_read(exec_error_pipe[0]);
  UniqueFd error_write(exec_error_pipe[1]);

  pid_t pid = fork();
  if (pid < 0) {
    throw ChildProcessError("cannot run '" + options.argv[0] +
                            "': " + recorder::internal::SystemReason(errno));
  }
  if (pid == 0) {
    // dup2 clears O_CLOEXEC on the copies; the originals close at exec.
    if (dup2(output_pipe[1], STDOUT_FILENO) < 0 || dup2(output_pipe[1], STDERR_FILENO) < 0) {
      int e = errno;
      (void)!write(exec_error_pipe[1], &e, sizeof e);
      _exit(127);
    }
    execvpe(argv[0], argv.data(), envp.data());
    int e = errno;
    (void)!write(exec_error_pipe[1], &e, sizeof e);
    _exit(127);
  }
  output_write.reset();
  error_write.reset();

  int exec_errno = 0;
  ssize_t got;
  do {
    got = read(error_read.get(), &exec_errno, sizeof exec_errno);
  } while (got < 0 && errno == EINTR);
  if (got == static_cast<ssize_t>(sizeof exec_errno)) {
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    throw ChildProcessError("cannot run '" + options.argv[0] +
                            "': " + recorder::internal::SystemReason(exec_errno));
  }

  SignalForwarding forwarding(pid);
  fcntl(output_read.get(), F_SETFL, fcntl(output_read.get(), F_GETFL) | O_NONBLOCK);

  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  std::optional<Clock::time_point> term_at;
  if (options.timeout) term_at = start + *options.timeout;
  std::optional<Clock::time_point> kill_at;

  ChildResult result;
  std::string kept;
  bool pipe_open = true;
  bool reaped = false;
  int status = 0;
  char buffer[16 * 1024];
  auto drain = [&]() {
    while (true) {
      ssize_t n = read(output_read.get(), buffer, sizeof buffer);
      if (n > 0) {
        std::string_view chunk(buffer, static_cast<std::size_t>(n));
        result.output_bytes += chunk.size();
        if (options.on_output) options.on_output(chunk);
        kept.append(chunk);
        if (kept.size() > 2 * kMaxTailBytes) kept.erase(0, kept.size() - kMaxTailBytes);
        continue;
      }
      if (n == 0) {
        pipe_open = false;
      } else if (errno == EINTR) {
        continue;
      }
      return;  // EOF, EAGAIN or an error that ends the output
    }
  };
  while (!reaped) {
    Clock::time_point now = Clock::now();
    if (term_at && now >= *term_at && !result.timed_out) {
      result.timed_out = true;
      kill(pid, SIGTERM);
      kill_at = now + options.kill_grace;
    }
    if (kill_at && now >= *kill_at) {
      kill(pid, SIGKILL);
      kill_at.reset();
    }
    // Short waits once output has ended: the child is about to exit.
    int wait_ms = pipe_open ? 100 : 10;
    auto wake_by = [&](Clock::time_point when) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(when - now).count();
      wait_ms = static_cast<int>(std::clamp<long long>(left, 0, wait_ms));
    };
    if (term_at && !result.timed_out) wake_by(*term_at);
    if (kill_at) wake_by(*kill_at);
    if (pipe_open) {
      pollfd fds{output_read.get(), POLLIN, 0};
      int ready = poll(&fds, 1, wait_ms);
      if (ready > 0) drain();
    } else {
      poll(nullptr, 0, wait_ms);
    }
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) reaped = true;
  }
  // What the child wrote before exiting is in the pipe; a grandchild that
  // holds the pipe open is not waited for.
  if (pipe_open) drain();

  if (WIFEXITED(status)) {
    result.exited = true;
    result.exit_status = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
    result.core_dumped = WCOREDUMP(status);
  }
  if (kept.size() > kMaxTailBytes) kept.erase(0, kept.size() - kMaxTailBytes);
  result.tail = LastLines(kept, options.tail_lines);
  return result;
}

}  // namespace witness::cli
