#include "support/forked_writers.h"

#include <fcntl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <exception>
#include <vector>

namespace witness::bench {
namespace {

// What a child sends back: smaller than PIPE_BUF, so one write(2) each and
// the results of different children never interleave.
struct ChildResult {
  std::uint32_t index;
  std::int32_t ok;
  std::int64_t end_ns;
  std::int64_t cpu_ns;
  char message[232];
};
static_assert(sizeof(ChildResult) <= 512, "a child result must fit one atomic pipe write");

constexpr std::uint32_t kMaxProcesses = 64;

void WriteAll(int fd, const void* data, std::size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
}

[[noreturn]] void RunChild(std::uint32_t index, const PrepareChild& prepare, int ready_fd,
                           int release_fd, int result_fd) {
  ChildResult result{};
  result.index = index;
  std::function<void()> work;
  try {
    work = prepare(index);
  } catch (const std::exception& e) {
    std::snprintf(result.message, sizeof(result.message), "process %u: %s", index, e.what());
  }
  const char ready = 'r';
  WriteAll(ready_fd, &ready, 1);
  if (work) {
    char byte;
    while (::read(release_fd, &byte, 1) < 0 && errno == EINTR) {
    }
    try {
      const std::int64_t cpu_start_ns = ProcessCpuNanos();
      work();
      result.end_ns = MonotonicNanos();
      result.cpu_ns = ProcessCpuNanos() - cpu_start_ns;
      result.ok = 1;
      work = nullptr;  // closes and flushes what the work owned
    } catch (const std::exception& e) {
      result.ok = 0;
      std::snprintf(result.message, sizeof(result.message), "process %u: %s", index, e.what());
    }
  }
  WriteAll(result_fd, &result, sizeof(result));
  ::_exit(result.ok ? 0 : 1);
}

}  // namespace

std::int64_t MonotonicNanos() noexcept {
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<std::int64_t>(now.tv_sec) * 1000000000 + now.tv_nsec;
}

std::int64_t ProcessCpuNanos() noexcept {
  timespec now{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<std::int64_t>(now.tv_sec) * 1000000000 + now.tv_nsec;
}

ForkedRound RunForkedWriters(std::uint32_t processes, const PrepareChild& prepare) {
  ForkedRound round;
  if (processes == 0 || processes > kMaxProcesses) {
    round.error = "process count must be 1 to " + std::to_string(kMaxProcesses);
    return round;
  }
  int ready[2], release[2], results[2];
  if (::pipe2(ready, O_CLOEXEC) != 0 || ::pipe2(release, O_CLOEXEC) != 0 ||
      ::pipe2(results, O_CLOEXEC) != 0) {
    round.error = std::string("cannot create pipes: ") + std::strerror(errno);
    return round;
  }
  std::vector<pid_t> children;
  for (std::uint32_t i = 0; i < processes; ++i) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::close(ready[0]);
      ::close(release[1]);
      ::close(results[0]);
      RunChild(i, prepare, ready[1], release[0], results[1]);
    }
    if (pid < 0) {
      round.error = std::string("cannot fork: ") + std::strerror(errno);
      break;
    }
    children.push_back(pid);
  }
  ::close(ready[1]);
  ::close(release[0]);
  ::close(results[1]);

  // Every child reports ready, even one whose preparation failed, so this
  // cannot wait forever on a child that is alive.
  for (std::size_t got = 0; got < children.size();) {
    char byte;
    const ssize_t n = ::read(ready[0], &byte, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // a child died before reporting: its result says so
    ++got;
  }
  const std::int64_t start_ns = MonotonicNanos();
  ::close(release[1]);

  std::vector<ChildResult> reports;
  for (;;) {
    ChildResult result{};
    std::size_t got = 0;
    while (got < sizeof(result)) {
      const ssize_t n = ::read(results[0], reinterpret_cast<char*>(&result) + got, sizeof(result) - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    if (got < sizeof(result)) break;
    reports.push_back(result);
  }
  ::close(ready[0]);
  ::close(results[0]);

  std::int64_t end_ns = start_ns;
  for (const ChildResult& result : reports) {
    if (!result.ok && round.error.empty()) round.error = result.message;
    if (result.ok) {
      end_ns = std::max(end_ns, result.end_ns);
      round.cpu_ns += result.cpu_ns;
    }
  }
  for (pid_t pid : children) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (round.error.empty() && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
      round.error = WIFSIGNALED(status)
                        ? "a writer process was killed by signal " + std::to_string(WTERMSIG(status))
                        : "a writer process exited with status " + std::to_string(WEXITSTATUS(status));
    }
  }
  if (round.error.empty() && reports.size() != children.size()) {
    round.error = "a writer process sent no result";
  }
  round.wall_ns = end_ns - start_ns;
  return round;
}

}  // namespace witness::bench
