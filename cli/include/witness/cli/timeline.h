// The timeline `witness show` prints: the records of a recording grouped by
// member, each with its op, key fields, pid and time since the first record;
// bad lines where they occur; then counts per op.
//
//   Recording recording = recorder::ReadRecordFiles(paths);
//   Timeline timeline = BuildTimeline(recording, std::nullopt);
//   std::cout << RenderTimelineText(timeline, Palette(false));
#ifndef WITNESS_CLI_TIMELINE_H_
#define WITNESS_CLI_TIMELINE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "witness/cli/terminal.h"
#include "witness/recorder/reader.h"
#include "witness/recorder/record.h"

namespace witness::cli {

// One row: a record or a bad line (exactly one of the two is set). The
// pointers refer into the Recording the timeline was built from, which must
// outlive the timeline.
struct TimelineEntry {
  const recorder::Record* record = nullptr;
  const recorder::Diagnostic* bad_line = nullptr;
  // ts_ns minus the earliest ts_ns in the recording; absent for records
  // without a timestamp (files written by the Go reference) and bad lines.
  std::optional<std::int64_t> since_first_ns;
};

// The rows of one member, in recording order. Records that name no member
// (session records, close) form the section with has_member == false. A bad
// line is shown where it occurs: in the section of the member its surviving
// bytes name (a torn `{"op":"stop","name":"web-2","pi`), else in the section
// without a member, before the first record of that section after it.
struct TimelineSection {
  bool has_member = true;
  std::string member;
  std::vector<TimelineEntry> entries;
};

struct Timeline {
  std::vector<std::string> files;
  std::vector<TimelineSection> sections;
  // Ops of the records shown, lifecycle order first (reserve, create,
  // start, stop, close), then others by name, the writer's own last.
  std::vector<std::pair<std::string, std::size_t>> counts;
  std::size_t records = 0;    // records shown, session records included
  std::size_t sessions = 0;   // "session" records shown (processes that wrote)
  std::size_t bad_lines = 0;  // always all of them: one may hide any member's record
  std::size_t members = 0;    // members in the whole recording
};

// Groups `recording` by member. With `member`, only that member's records
// (and the bad lines not attributed to another member) are kept; throws UsageError, listing the
// members present, when the recording has no record for it.
Timeline BuildTimeline(const recorder::Recording& recording,
                       const std::optional<std::string>& member);

// Aligned columns (time, op, pid, location, fields), one heading per
// member, the counts last. Control characters in record values are escaped
// so a record cannot drive the terminal.
std::string RenderTimelineText(const Timeline& timeline, const Palette& palette);

// The same content as one JSON document (pretty-printed, newline-terminated):
// {"files", "members": [{"name", "records"}], "other", "bad_lines", "counts"}.
std::string RenderTimelineJson(const Timeline& timeline);
// The same, written to `out` as it is made (a long recording's JSON is many
// times its size).
void WriteTimelineJson(const Timeline& timeline, std::ostream& out);

}  // namespace witness::cli

#endif  // WITNESS_CLI_TIMELINE_H_
