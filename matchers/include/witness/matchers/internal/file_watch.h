// Wakes a waiter when a record file may have changed: inotify on the file's
// directory (so its creation or replacement by a rename is seen too), plain
// sleeping where inotify cannot be used. WaitForRecord and WaitForScenario
// share it.
#ifndef WITNESS_MATCHERS_INTERNAL_FILE_WATCH_H_
#define WITNESS_MATCHERS_INTERNAL_FILE_WATCH_H_

#include <chrono>
#include <string>

namespace witness::matchers::internal {

enum class WatchMode {
  kInotify,  // wake on changes in the file's directory; polls if inotify fails
  kPolling,  // re-read every kPollInterval
};

// How often the file is re-read when polling, and at the latest between two
// inotify wake-ups (an event can be missed when the file is replaced).
inline constexpr std::chrono::milliseconds kPollInterval{20};
inline constexpr std::chrono::milliseconds kInotifySafetyInterval{250};

class FileWatch {
 public:
  FileWatch(const std::string& path, WatchMode mode);
  FileWatch(const FileWatch&) = delete;
  FileWatch& operator=(const FileWatch&) = delete;
  ~FileWatch();

  // Returns when the file may have changed, or after at most `limit`.
  void Wait(std::chrono::milliseconds limit);

 private:
  // Reads the pending events; true when one is about our file (or events
  // were lost, which may hide one).
  bool Drain();

  std::string name_;
  int fd_ = -1;
};

}  // namespace witness::matchers::internal

#endif  // WITNESS_MATCHERS_INTERNAL_FILE_WATCH_H_
