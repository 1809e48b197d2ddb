#include "witness/cli/hold.h"

#include <optional>

#include "witness/cli/file_watcher.h"
#include "witness/recorder/reader.h"

namespace witness::cli {

std::optional<assertions::Report> HoldScenario(const assertions::Scenario& scenario,
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
    std::optional<assertions::Report> report;
    if (follower) {
      if (follower->Poll() || first) report = assertions::Check(scenario, follower->recording(), check);
    } else {
      report = assertions::Check(scenario, recorder::ReadRecordFiles(record_files, read), check);
    }
    first = false;
    if (report && !report->passed()) return report;
  } while (watcher.WaitForChange(deadline));
  return std::nullopt;
}

}  // namespace witness::cli
