#include "harness/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace witness::reliability {
namespace {

// Reads what is available from a non-blocking fd; closes it at end of file.
void ReadAvailable(int& fd, std::string* sink) {
  if (fd < 0) return;
  char buffer[65536];
  while (true) {
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n > 0) {
      if (sink != nullptr) sink->append(buffer, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    close(fd);
    fd = -1;
    return;
  }
}

std::vector<std::string> ChildEnvironment(const ChildOptions& options) {
  std::vector<std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string item(*entry);
    std::string name = item.substr(0, item.find('='));
    bool replaced = std::find(options.unset_env.begin(), options.unset_env.end(), name) !=
                        options.unset_env.end() ||
                    std::any_of(options.set_env.begin(), options.set_env.end(),
                                [&name](const auto& kv) { return kv.first == name; });
    if (!replaced) env.push_back(std::move(item));
  }
  for (const auto& [name, value] : options.set_env) env.push_back(name + "=" + value);
  return env;
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (std::string& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

}  // namespace

ChildProcess ChildProcess::Start(const std::vector<std::string>& argv,
                                 const ChildOptions& options) {
  int out_pipe[2];
  int err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0)
    throw std::runtime_error("pipe: " + std::string(strerror(errno)));
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    close(out_pipe[0]);
    close(out_pipe[1]);
    throw std::runtime_error("pipe: " + std::string(strerror(errno)));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  if (!options.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, options.cwd.c_str());
  std::vector<std::string> args = argv;
  std::vector<std::string> env = ChildEnvironment(options);
  std::vector<char*> arg_pointers = Pointers(args);
  std::vector<char*> env_pointers = Pointers(env);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, args[0].c_str(), &actions, nullptr, arg_pointers.data(),
                       env_pointers.data());
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (rc != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    throw std::runtime_error("cannot start '" + args[0] + "': " + strerror(rc));
  }
  fcntl(out_pipe[0], F_SETFL, O_NONBLOCK);
  fcntl(err_pipe[0], F_SETFL, O_NONBLOCK);
  return ChildProcess(pid, out_pipe[0], err_pipe[0]);
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      out_fd_(std::exchange(other.out_fd_, -1)),
      err_fd_(std::exchange(other.err_fd_, -1)),
      reaped_(other.reaped_),
      status_(other.status_) {}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    Release();
    pid_ = std::exchange(other.pid_, -1);
    out_fd_ = std::exchange(other.out_fd_, -1);
    err_fd_ = std::exchange(other.err_fd_, -1);
    reaped_ = other.reaped_;
    status_ = other.status_;
  }
  return *this;
}

ChildProcess::~ChildProcess() { Release(); }

void ChildProcess::Release() noexcept {
  if (pid_ > 0 && !reaped_) {
    kill(pid_, SIGKILL);
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
  }
  if (out_fd_ >= 0) close(out_fd_);
  if (err_fd_ >= 0) close(err_fd_);
  out_fd_ = err_fd_ = -1;
}

void ChildProcess::Kill(int signal) noexcept {
  if (pid_ > 0 && !reaped_) kill(pid_, signal);
}

bool ChildProcess::Running() {
  if (pid_ <= 0 || reaped_) return false;
  pid_t done = waitpid(pid_, &status_, WNOHANG);
  if (done == pid_) reaped_ = true;
  return !reaped_;
}

bool ChildProcess::Drain(std::string& out, std::string* err) {
  ReadAvailable(out_fd_, &out);
  ReadAvailable(err_fd_, err);
  return out_fd_ >= 0 || err_fd_ >= 0;
}

void ChildProcess::WaitForOutput(std::chrono::milliseconds timeout) {
  if (out_fd_ < 0) return;
  pollfd pfd{out_fd_, POLLIN, 0};
  poll(&pfd, 1, static_cast<int>(timeout.count()));
}

int ChildProcess::Wait(std::string* out, std::string* err) {
  std::string ignored;
  while (out_fd_ >= 0 || err_fd_ >= 0) {
    pollfd pfds[2];
    nfds_t count = 0;
    if (out_fd_ >= 0) pfds[count++] = pollfd{out_fd_, POLLIN, 0};
    if (err_fd_ >= 0) pfds[count++] = pollfd{err_fd_, POLLIN, 0};
    if (poll(pfds, count, -1) < 0 && errno != EINTR) break;
    ReadAvailable(out_fd_, out != nullptr ? out : &ignored);
    ReadAvailable(err_fd_, err != nullptr ? err : &ignored);
  }
  if (pid_ > 0 && !reaped_) {
    while (waitpid(pid_, &status_, 0) < 0 && errno == EINTR) {
    }
    reaped_ = true;
  }
  return status_;
}

bool ChildResult::Exited(int code) const {
  return WIFEXITED(status) && WEXITSTATUS(status) == code;
}

ChildResult RunChild(const std::vector<std::string>& argv, const ChildOptions& options) {
  ChildResult result;
  ChildProcess child = ChildProcess::Start(argv, options);
  result.status = child.Wait(&result.out, &result.err);
  return result;
}

std::string DescribeStatus(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    return "killed by signal " + std::to_string(WTERMSIG(status)) + " (" +
           strsignal(WTERMSIG(status)) + ")";
  }
  return "ended with wait status " + std::to_string(status);
}

}  // namespace witness::reliability
