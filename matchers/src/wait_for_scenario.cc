#include "witness/matchers/internal/wait_for_scenario.h"

#include <optional>
#include <sstream>

#include "witness/assertions/check.h"
#include "witness/assertions/render.h"
#include "witness/matchers/internal/record_text.h"
#include "witness/recorder/duration.h"
#include "witness/recorder/reader.h"

namespace witness::matchers::internal {
namespace {

using Clock = std::chrono::steady_clock;

std::string Since(Clock::time_point from) {
  return recorder::FormatDuration(
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - from));
}

}  // namespace

testing::AssertionResult WaitForScenarioIn(const std::string& path,
                                           const assertions::Scenario& scenario,
                                           std::chrono::milliseconds timeout,
                                           std::chrono::milliseconds hold, WatchMode mode) {
  const auto start = Clock::now();
  auto deadline = start + timeout;
  std::optional<Clock::time_point> held_since;
  FileWatch watch(path, mode);
  // Each wake-up parses only what was appended; a last line without its
  // newline is a record still being written.
  recorder::RecordFollower follower(path);
  std::optional<assertions::Report> report;
  bool first = true;
  for (;;) {
    if ((follower.Poll() || first) && follower.file_seen()) {
      report = assertions::Check(scenario, follower.recording());
      if (report->passed() && !held_since) {
        if (hold.count() == 0) {
          return testing::AssertionSuccess() << "scenario '" << report->scenario << "' holds";
        }
        held_since = Clock::now();
        deadline = *held_since + hold;
      } else if (!report->passed() && held_since) {
        return testing::AssertionFailure()
               << "scenario '" << report->scenario << "' held for " << Since(*held_since)
               << ", then stopped holding:"
               << IndentedLines(assertions::RenderText(*report));
      } else if (!report->passed() && !report->final_failure.empty()) {
        return testing::AssertionFailure()
               << "scenario '" << report->scenario << "' can no longer hold (after "
               << Since(start) << ": " << report->final_failure << "):"
               << IndentedLines(assertions::RenderText(*report));
      }
    }
    first = false;
    const auto now = Clock::now();
    if (now >= deadline) break;
    watch.Wait(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now) +
               std::chrono::milliseconds(1));
  }
  if (held_since) {
    return testing::AssertionSuccess() << "scenario '" << report->scenario << "' held for "
                                       << recorder::FormatDuration(hold);
  }
  std::ostringstream os;
  os << "scenario '" << scenario.name() << "' did not hold within "
     << recorder::FormatDuration(timeout);
  if (!follower.file_seen()) {
    os << "; the record file '" << path << "' was never there";
    return testing::AssertionFailure() << os.str();
  }
  follower.Finish();
  os << ":" << IndentedLines(assertions::RenderText(assertions::Check(scenario, follower.recording())));
  return testing::AssertionFailure() << os.str();
}

}  // namespace witness::matchers::internal
