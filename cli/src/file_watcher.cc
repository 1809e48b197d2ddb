#include "witness/cli/file_watcher.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <set>

namespace witness::cli {
namespace {

std::string DirectoryOf(const std::string& path) {
  std::size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string BaseName(const std::string& path) {
  std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

bool FileWatcher::Snapshot::operator==(const Snapshot& other) const {
  return exists == other.exists && device == other.device && inode == other.inode &&
         size == other.size && mtime_ns == other.mtime_ns;
}

FileWatcher::FileWatcher(std::vector<std::string> paths, FileWatcherOptions options)
    : paths_(std::move(paths)), options_(options) {
  for (const std::string& path : paths_) {
    names_.push_back(BaseName(path));
    last_.push_back(Stat(path));
  }
  if (options_.polling_only) return;
  inotify_fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (inotify_fd_ < 0) return;
  // Directories, not files: a file still to be created, or replaced by a
  // rename, has no inode to watch yet.
  std::set<std::string> directories;
  for (const std::string& path : paths_) directories.insert(DirectoryOf(path));
  bool any = false;
  for (const std::string& directory : directories) {
    if (inotify_add_watch(
            inotify_fd_, directory.c_str(),
            IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE | IN_ATTRIB | IN_DELETE) >= 0) {
      any = true;
    }
  }
  if (!any) {
    close(inotify_fd_);
    inotify_fd_ = -1;
  }
}

FileWatcher::~FileWatcher() {
  if (inotify_fd_ >= 0) close(inotify_fd_);
}

FileWatcher::Snapshot FileWatcher::Stat(const std::string& path) const {
  Snapshot snapshot;
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return snapshot;
  snapshot.exists = true;
  snapshot.device = st.st_dev;
  snapshot.inode = st.st_ino;
  snapshot.size = st.st_size;
  snapshot.mtime_ns =
      static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  return snapshot;
}

bool FileWatcher::ChangedSinceLastLook() {
  bool changed = false;
  for (std::size_t i = 0; i < paths_.size(); ++i) {
    Snapshot now = Stat(paths_[i]);
    if (!(now == last_[i])) {
      last_[i] = now;
      changed = true;
    }
  }
  return changed;
}

bool FileWatcher::DrainInotify() {
  bool relevant = false;
  alignas(inotify_event) char buffer[sizeof(inotify_event) + NAME_MAX + 1];
  while (true) {
    ssize_t n = read(inotify_fd_, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    for (ssize_t offset = 0; offset < n;) {
      const auto* event = reinterpret_cast<const inotify_event*>(buffer + offset);
      // An overflowed queue lost events: treat it as a change.
      if ((event->mask & IN_Q_OVERFLOW) != 0) relevant = true;
      if (event->len > 0) {
        std::string name(event->name);
        if (std::find(names_.begin(), names_.end(), name) != names_.end()) relevant = true;
      }
      offset += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
    }
  }
  return relevant;
}

bool FileWatcher::WaitForChange(Clock::time_point deadline) {
  while (true) {
    // stat() catches what inotify cannot see, and changes that happened
    // between two calls.
    if (ChangedSinceLastLook()) return true;
    Clock::time_point now = Clock::now();
    if (now >= deadline) return false;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
    int wait_ms = static_cast<int>(std::min<long long>(left + 1, options_.poll_interval.count()));
    if (inotify_fd_ >= 0) {
      pollfd fds{inotify_fd_, POLLIN, 0};
      if (poll(&fds, 1, wait_ms) > 0 && DrainInotify()) {
        // The event may precede the data being visible to stat (mtime
        // granularity); the caller rereads the file anyway.
        ChangedSinceLastLook();
        return true;
      }
    } else {
      poll(nullptr, 0, wait_ms);
    }
  }
}

}  // namespace witness::cli
