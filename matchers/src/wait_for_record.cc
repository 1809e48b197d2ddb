#include "witness/matchers/internal/wait_for_record.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "witness/matchers/internal/file_watch.h"
#include "witness/matchers/internal/near_miss.h"
#include "witness/matchers/internal/record_set.h"
#include "witness/matchers/internal/record_text.h"
#include "witness/recorder/reader.h"

namespace witness::matchers::internal {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxShownLastRecords = 5;

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
