#include "witness/cli/hold.h"

#include <optional>
#include <utility>

#include "witness/cli/file_watcher.h"
#include "witness/recorder/reader.h"

namespace witness::cli {

std::optional<BrokenHold> HoldScenario(const assertions::Scenario& scenario,
                                               const std::vector<std::string>& record_files,
                                               std::chrono::milliseconds duration,
                                               const HoldOptions& options) {
  const auto deadline = std::chrono::steady_clock::now() + duration;
  FileWatcherOptions watch;
  watch.polling_only = options.polling_only;
  FileWatcher watcher(record_files, watch);
  assertions::CheckOptions check;
  check.listing = options.annotate;
  // One file is followed (each change parses only what was appended);
  // shards are merged by time, so several are read again whole.
  std::optional<recorder::RecordFollower> follower;
  if (record_files.size() == 1) follower.emplace(record_files.front());
  recorder::ReadOptions read;
  read.live = true;
  bool first = true;
  do {
    if (follower) {
      if (follower->Poll() || first) {
        assertions::Report report = assertions::Check(scenario, follower->recording(), check);
        if (!report.passed()) return BrokenHold{std::move(report), follower->recording()};
      }
    } else {
      recorder::Recording recording = recorder::ReadRecordFiles(record_files, read);
      assertions::Report report = assertions::Check(scenario, recording, check);
      if (!report.passed()) return BrokenHold{std::move(report), std::move(recording)};
    }
    first = false;
  } while (watcher.WaitForChange(deadline));
  return std::nullopt;
}

}  // namespace witness::cli
