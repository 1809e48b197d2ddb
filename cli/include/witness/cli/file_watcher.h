// Waiting for record files to change, for `witness check --wait`: inotify on
// the files' directories (so a file that does not exist yet is seen when it
// appears), with polling of size, mtime and inode as the fallback where
// inotify is unavailable or blind (NFS and FUSE writes from other hosts).
//
//   FileWatcher watcher({"/tmp/run/record.jsonl"});
//   while (!ScenarioHolds() && watcher.WaitForChange(deadline)) {
//   }
#ifndef WITNESS_CLI_FILE_WATCHER_H_
#define WITNESS_CLI_FILE_WATCHER_H_

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace witness::cli {

struct FileWatcherOptions {
  // Skip inotify and only poll (also what happens when inotify fails).
  bool polling_only = false;
  // How often the files are stat()ed, with or without inotify.
  std::chrono::milliseconds poll_interval{100};
};

// Owns an inotify descriptor; neither copyable nor movable. Not thread-safe.
class FileWatcher {
 public:
  using Clock = std::chrono::steady_clock;

  // Never throws for a path it cannot watch: it polls that path instead.
  explicit FileWatcher(std::vector<std::string> paths, FileWatcherOptions options = {});
  FileWatcher(const FileWatcher&) = delete;
  FileWatcher& operator=(const FileWatcher&) = delete;
  ~FileWatcher();

  // Blocks until one of the files was created, written, truncated or
  // replaced since the previous call (or since construction), or until
  // `deadline`. True for a change (rarely a spurious one), false when the
  // deadline passed first.
  bool WaitForChange(Clock::time_point deadline);

  // False when inotify could not be set up and only polling is used.
  bool using_inotify() const noexcept { return inotify_fd_ >= 0; }

 private:
  struct Snapshot {
    bool exists = false;
    dev_t device = 0;
    ino_t inode = 0;
    off_t size = 0;
    std::int64_t mtime_ns = 0;
    bool operator==(const Snapshot& other) const;
  };
  Snapshot Stat(const std::string& path) const;
  bool ChangedSinceLastLook();
  bool DrainInotify();

  std::vector<std::string> paths_;
  std::vector<std::string> names_;  // basename of each path, for inotify events
  std::vector<Snapshot> last_;
  FileWatcherOptions options_;
  int inotify_fd_ = -1;
};

}  // namespace witness::cli

#endif  // WITNESS_CLI_FILE_WATCHER_H_
