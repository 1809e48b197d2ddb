#include "harness/segments.h"

#include "witness/recorder/format.h"

namespace witness::reliability {

std::vector<Segment> ScanSegments(std::string_view bytes) {
  std::vector<Segment> segments;
  const std::string_view prefix = recorder::kRecordPrefix;
  std::size_t line_start = 0;
  std::size_t line = 1;
  while (line_start < bytes.size()) {
    std::size_t newline = bytes.find('\n', line_start);
    bool terminated = newline != std::string_view::npos;
    std::size_t line_end = terminated ? newline : bytes.size();  // exclusive of '\n'
    // Starts of the pieces of this line: its first byte, then every prefix.
    std::vector<std::size_t> starts{line_start};
    for (std::size_t at = bytes.find(prefix, line_start); at < line_end;
         at = bytes.find(prefix, at + 1)) {
      if (at != line_start) starts.push_back(at);
    }
    for (std::size_t i = 0; i < starts.size(); ++i) {
      Segment segment;
      segment.offset = starts[i];
      segment.line = line;
      bool last = i + 1 == starts.size();
      std::size_t end = last ? line_end : starts[i + 1];
      if (!last) {
        segment.kind = SegmentKind::kTorn;
      } else if (!terminated) {
        segment.kind = SegmentKind::kIncompleteTail;
      } else if (bytes.compare(starts[i], prefix.size(), prefix) != 0) {
        // A terminated line piece that does not start a record: garbage.
        segment.kind = SegmentKind::kTorn;
        end = line_end + 1;
      } else {
        segment.kind = SegmentKind::kComplete;
        end = line_end + 1;
      }
      segment.length = end - starts[i];
      segments.push_back(segment);
    }
    line_start = terminated ? newline + 1 : bytes.size();
    ++line;
  }
  return segments;
}

}  // namespace witness::reliability
