// What green proves: WaitForChange wakes for appends made by another thread
// and for a file created after the watch began, with inotify and with
// polling alone, and returns false when nothing changes. It does not prove
// anything about network filesystems, where only polling can see writes
// made on other hosts.
#include "witness/cli/file_watcher.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <thread>

#include "cli_test_support.h"

namespace witness::cli {
namespace {

using std::chrono::milliseconds;
using testing::ScratchDir;

void Append(const std::string& path, const std::string& text) {
  int fd = open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  close(fd);
}

class FileWatcherTest : public ::testing::TestWithParam<bool> {
 protected:
  FileWatcherOptions Options() const {
    FileWatcherOptions options;
    options.polling_only = GetParam();
    options.poll_interval = milliseconds(20);
    return options;
  }
  ScratchDir dir_;
};

// Waits on `watcher` while another thread appends to `path` after 50 ms.
// The deadline is generous: the tests assert the wake-up, not its latency.
bool WaitWhileAnotherThreadAppends(FileWatcher& watcher, const std::string& path) {
  std::thread writer([&] {
    std::this_thread::sleep_for(milliseconds(50));
    Append(path, "{\"op\":\"close\"}\n");
  });
  bool changed = watcher.WaitForChange(FileWatcher::Clock::now() + std::chrono::seconds(30));
  writer.join();
  return changed;
}

TEST_P(FileWatcherTest, WakesWhenAnotherThreadAppends) {
  std::string path = dir_.File("record.jsonl");
  Append(path, "{\"op\":\"close\"}\n");
  FileWatcher watcher({path}, Options());
  EXPECT_EQ(watcher.using_inotify(), !GetParam());
  EXPECT_TRUE(WaitWhileAnotherThreadAppends(watcher, path));
}

TEST_P(FileWatcherTest, WakesWhenTheFileIsCreated) {
  std::string path = dir_.File("late.jsonl");
  FileWatcher watcher({path}, Options());
  EXPECT_TRUE(WaitWhileAnotherThreadAppends(watcher, path));
}

TEST_P(FileWatcherTest, SeesAChangeMadeBetweenTwoWaits) {
  std::string path = dir_.File("record.jsonl");
  Append(path, "a\n");
  FileWatcher watcher({path}, Options());
  Append(path, "b\n");
  EXPECT_TRUE(watcher.WaitForChange(FileWatcher::Clock::now() + std::chrono::seconds(30)));
}

TEST_P(FileWatcherTest, ReturnsFalseAtTheDeadlineWhenNothingChanges) {
  std::string path = dir_.File("record.jsonl");
  Append(path, "a\n");
  std::string other = dir_.File("other.jsonl");
  FileWatcher watcher({path}, Options());
  Append(other, "unrelated\n");  // same directory, another file
  EXPECT_FALSE(watcher.WaitForChange(FileWatcher::Clock::now() + milliseconds(100)));
}

INSTANTIATE_TEST_SUITE_P(InotifyAndPolling, FileWatcherTest, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "Polling" : "Inotify";
                         });

}  // namespace
}  // namespace witness::cli
