#include "witness/cli/check_command.h"

#include <utility>

#include "witness/assertions/check.h"
#include "witness/cli/duration.h"
#include "witness/cli/exit_code.h"
#include "witness/cli/file_watcher.h"
#include "witness/cli/hold.h"
#include "witness/cli/update_request.h"
#include "witness/cli/usage_error.h"
#include "witness/recorder/printable.h"
#include "witness/recorder/reader.h"

namespace witness::cli {
namespace {

using Clock = std::chrono::steady_clock;

std::string Since(Clock::time_point from) {
  return FormatDuration(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - from));
}

// Reads and checks once, keeping what was read in `recording` (the HTML
// report draws it). A file that does not exist yet is not an error while
// there is time left to wait for it.
std::optional<assertions::Report> TryCheck(const assertions::Scenario& scenario,
                                           const CheckCommandOptions& options, bool live,
                                           recorder::Recording& recording) {
  recorder::ReadOptions read;
  read.live = live;
  try {
    recording = recorder::ReadRecordFiles(options.record_files, read);
    assertions::CheckOptions check;
    check.listing = options.annotate;
    return assertions::Check(scenario, recording, check);
  } catch (const recorder::RecordFileError&) {
    if (live) return std::nullopt;
    throw;
  }
}

// Writes the report where the options say, the verdict on `err`.
int Deliver(assertions::Report& report, const CheckCommandOptions& options,
            Clock::time_point start, const recorder::Recording* recording, std::ostream& out,
            std::ostream& err) {
  if (recording != nullptr) {
    ProposeUpdate(options.update, options.scenario_file, options.vars, *recording, report, err);
  }
  report.duration_ms = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
  DeliverReport(report, options.output, out, recording);
  const std::string verdict = VerdictLine(report);
  if (!verdict.empty()) err << "witness: " << verdict << "\n";
  return ExitCodeFor(report);
}

}  // namespace

int RunCheckCommand(const CheckCommandOptions& options, std::ostream& out, std::ostream& err) {
  const Clock::time_point start = Clock::now();
  recorder::Recording read;
  // The recording the report was made from: `read`, or the follower's.
  const recorder::Recording* checked = &read;
  assertions::Scenario scenario = assertions::LoadScenario(options.scenario_file, options.vars);

  std::optional<assertions::Report> report;
  if (options.wait || options.hold) {
    for (const std::string& path : options.record_files) {
      // Standard input is read once, to its end: there is nothing to wait for
      // after that, and each pass of the wait would find it empty.
      if (path == recorder::kStandardInput) {
        throw UsageError(std::string(options.wait ? "--wait" : "--hold") +
                         " cannot follow standard input ('-'): the check already reads it to "
                         "its end; give the record file's path to wait on it");
      }
    }
    const Clock::time_point deadline =
        start + options.wait.value_or(std::chrono::milliseconds(0));
    FileWatcherOptions watch;
    watch.polling_only = options.polling_only;
    FileWatcher watcher(options.record_files, watch);
    // One file is followed: each change parses only the appended bytes, and
    // the scenario is checked again only when records arrived. Shards are
    // merged by time, so several files are read again whole.
    std::optional<recorder::RecordFollower> follower;
    if (options.record_files.size() == 1) follower.emplace(options.record_files.front());
    bool first = true;
    // While waiting, a last line without its newline is a record still
    // being written, not a torn one; the final read below judges it.
    while (true) {
      bool fresh = false;  // a report was made in this pass
      if (follower) {
        bool arrived = false;
        try {
          arrived = follower->Poll();
        } catch (const recorder::RecordFileError&) {
          // Unreadable for now (no permission yet, say): the final read
          // below reports it if it stays so.
        }
        if ((arrived || first) && follower->file_seen()) {
          assertions::CheckOptions check;
          check.listing = options.annotate;
          report = assertions::Check(scenario, follower->recording(), check);
          checked = &follower->recording();
          fresh = true;
        }
      } else {
        report = TryCheck(scenario, options, /*live=*/true, read);
        checked = &read;
        fresh = report.has_value();
      }
      first = false;
      if (fresh && report->passed()) break;
      if (fresh && options.wait && !report->final_failure.empty()) {
        // Waiting longer cannot help: say so now rather than at the deadline.
        err << "witness: stopped waiting after " << Since(start) << ": "
            << recorder::Printable(report->final_failure) << "\n";
        break;
      }
      if (!watcher.WaitForChange(deadline)) {
        report.reset();
        break;
      }
    }
    std::optional<BrokenHold> broken;
    if (report && report->passed() && options.hold) {
      HoldOptions hold;
      hold.polling_only = options.polling_only;
      hold.annotate = options.annotate;
      const Clock::time_point held_from = Clock::now();
      broken = HoldScenario(scenario, options.record_files, *options.hold, hold);
      if (broken) {
        err << "witness: the scenario held for " << Since(held_from)
            << ", then stopped holding\n";
        report = std::move(broken->report);
        checked = &broken->recording;
      }
    } else if (!report && !options.wait) {
      // --hold alone: the first check did not pass, so there was nothing to
      // hold; the final read below reports it.
    } else if (!report && follower && follower->file_seen()) {
      err << "witness: waited " << FormatDuration(*options.wait)
          << " for the scenario to hold; checking what is there now\n";
      follower->Finish();
      assertions::CheckOptions check;
      check.listing = options.annotate;
      report = assertions::Check(scenario, follower->recording(), check);
      checked = &follower->recording();
    } else if (!report) {
      err << "witness: waited " << FormatDuration(*options.wait)
          << " for the scenario to hold; checking what is there now\n";
    }
    if (report) return Deliver(*report, options, start, checked, out, err);
  }
  report = TryCheck(scenario, options, /*live=*/false, read);
  return Deliver(*report, options, start, &read, out, err);
}

}  // namespace witness::cli
