#include "witness/matchers/internal/file_watch.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>

namespace witness::matchers::internal {
namespace {

using Clock = std::chrono::steady_clock;

std::string DirectoryOf(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string BaseNameOf(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

// Falls back to plain sleeping when inotify cannot be used (no inotify, out
// of watches, a directory that does not exist yet).
FileWatch::FileWatch(const std::string& path, WatchMode mode) : name_(BaseNameOf(path)) {
  if (mode != WatchMode::kInotify) return;
  fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ < 0) return;
  const int watch = inotify_add_watch(
      fd_, DirectoryOf(path).c_str(),
      IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO | IN_ATTRIB);
  if (watch < 0) {
    close(fd_);
    fd_ = -1;
  }
}

FileWatch::~FileWatch() {
  if (fd_ >= 0) close(fd_);
}

void FileWatch::Wait(std::chrono::milliseconds limit) {
  if (fd_ < 0) {
    std::this_thread::sleep_for(std::min(limit, kPollInterval));
    return;
  }
  const auto until = Clock::now() + std::min(limit, kInotifySafetyInterval);
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
    if (left.count() <= 0) return;
    pollfd pfd{fd_, POLLIN, 0};
    const int ready = poll(&pfd, 1, static_cast<int>(left.count()) + 1);
    if (ready < 0 && errno != EINTR) return;
    if (ready > 0 && Drain()) return;
  }
}

bool FileWatch::Drain() {
  alignas(inotify_event) char buffer[4096];
  bool relevant = false;
  for (;;) {
    const ssize_t n = read(fd_, buffer, sizeof buffer);
    if (n <= 0) return relevant;
    for (ssize_t at = 0; at < n;) {
      inotify_event event;
      std::memcpy(&event, buffer + at, sizeof event);
      const char* name = buffer + at + sizeof(inotify_event);
      if ((event.mask & IN_Q_OVERFLOW) != 0) relevant = true;
      if (event.len > 0 && name_ == name) relevant = true;
      at += static_cast<ssize_t>(sizeof(inotify_event) + event.len);
    }
  }
}

}  // namespace witness::matchers::internal
