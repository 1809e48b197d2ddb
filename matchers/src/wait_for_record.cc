#include "witness/matchers/internal/wait_for_record.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "witness/matchers/internal/near_miss.h"
#include "witness/matchers/internal/record_set.h"
#include "witness/matchers/internal/record_text.h"
#include "witness/recorder/reader.h"

namespace witness::matchers::internal {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxShownLastRecords = 5;

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

// Wakes its owner when the watched file may have changed. The watch is on
// the directory, so the file's creation (or its replacement by a rename) is
// seen too. Falls back to plain sleeping when inotify cannot be used (no
// inotify, out of watches, a directory that does not exist yet).
class FileWatch {
 public:
  FileWatch(const std::string& path, WatchMode mode) : name_(BaseNameOf(path)) {
    if (mode != WatchMode::kInotify) return;
    fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd_ < 0) return;
    const int watch = inotify_add_watch(fd_, DirectoryOf(path).c_str(),
                                        IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO |
                                            IN_ATTRIB);
    if (watch < 0) {
      close(fd_);
      fd_ = -1;
    }
  }
  FileWatch(const FileWatch&) = delete;
  FileWatch& operator=(const FileWatch&) = delete;
  ~FileWatch() {
    if (fd_ >= 0) close(fd_);
  }

  // Returns when the file may have changed, or after at most `limit`.
  void Wait(std::chrono::milliseconds limit) {
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

 private:
  // Reads the pending events; true when one is about our file (or events
  // were lost, which may hide one).
  bool Drain() {
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

  std::string name_;
  int fd_ = -1;
};

}  // namespace

testing::AssertionResult WaitForPattern(const std::string& path, const Pattern& pattern,
                                        std::chrono::milliseconds timeout, WatchMode mode) {
  const auto deadline = Clock::now() + timeout;
  FileWatch watch(path, mode);
  // Follows the file: each wake-up parses only what was appended, and the
  // last line may still be being written until it ends with its newline.
  recorder::RecordFollower follower(path);
  bool file_seen = false;
  std::string missing_reason;
  std::size_t checked = 0;  // records already compared with the pattern
  std::size_t restarts = follower.restarts();
  for (;;) {
    // Reading an existing file can only fail for good reasons (a directory,
    // no permission): the wait could never succeed, so that throws.
    follower.Poll();
    if (follower.file_seen()) {
      file_seen = true;
      const RecordSet set = View(follower.recording());
      if (follower.restarts() != restarts) {  // replaced or rewritten: all new records
        restarts = follower.restarts();
        checked = 0;
      }
      for (std::size_t i = checked; i < set.ordinary.size(); ++i) {
        if (pattern.Matches(*set.ordinary[i])) {
          return testing::AssertionSuccess()
                 << "record " << RecordText(*set.ordinary[i]) << " " << pattern.Describe();
        }
      }
      checked = set.ordinary.size();
    } else {
      missing_reason = std::strerror(ENOENT);
    }
    const auto now = Clock::now();
    if (now >= deadline) break;
    watch.Wait(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now) +
               std::chrono::milliseconds(1));
  }

  std::ostringstream os;
  os << "no record that " << pattern.Describe() << " appeared in '" << path << "' within "
     << timeout.count() << " ms";
  if (!file_seen) {
    os << "; the file was never there (" << missing_reason << ")";
    return testing::AssertionFailure() << os.str();
  }
  const RecordSet set = View(follower.recording());
  if (set.ordinary.empty()) {
    os << "; it has no record";
    if (!set.sessions.empty()) os << " besides " << set.sessions.size() << " session record(s)";
  } else {
    os << "; it has " << set.ordinary.size() << (set.ordinary.size() == 1 ? " record" : " records");
    ExplainNearMisses(pattern, set.ordinary, 2, os);
    const std::size_t from =
        set.ordinary.size() > kMaxShownLastRecords ? set.ordinary.size() - kMaxShownLastRecords : 0;
    os << "\n  the last records:";
    ListRecords(std::vector<const recorder::Record*>(set.ordinary.begin() +
                                                         static_cast<std::ptrdiff_t>(from),
                                                     set.ordinary.end()),
                4, os, kMaxShownLastRecords);
  }
  for (const recorder::Diagnostic& d : follower.recording().diagnostics) {
    os << "\n  bad line: " << DiagnosticText(d);
  }
  return testing::AssertionFailure() << os.str();
}

}  // namespace witness::matchers::internal
