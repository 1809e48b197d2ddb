// An independent account of what a record file holds, computed from raw
// bytes without the reader: where each record starts and whether it ended.
// Crash tests compare the reader's records and diagnostics with it.
//
//   MappedFile file(path);
//   for (const Segment& s : ScanSegments(file.bytes()))
//     if (s.kind != SegmentKind::kComplete) ExpectDiagnosticAt(s.offset, s.line);
//
// It relies on two facts of the format: a record's only raw newline is its
// last byte (newlines inside strings are escaped), and every record begins
// with kRecordPrefix, which cannot appear raw inside a JSON string because
// its quotes would be escaped. So a writer killed mid-record leaves bytes
// without a newline, directly followed by the next record's prefix.
#ifndef WITNESS_TESTS_RELIABILITY_HARNESS_SEGMENTS_H_
#define WITNESS_TESTS_RELIABILITY_HARNESS_SEGMENTS_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace witness::reliability {

enum class SegmentKind {
  kComplete,        // from a record prefix to its newline
  kTorn,            // cut short: the next record (or line end) follows at once
  kIncompleteTail,  // the end of the file without a newline
};

struct Segment {
  SegmentKind kind = SegmentKind::kComplete;
  std::uint64_t offset = 0;  // of the first byte
  std::uint64_t length = 0;  // newline included for complete segments
  std::size_t line = 0;      // 1-based
};

std::vector<Segment> ScanSegments(std::string_view bytes);

}  // namespace witness::reliability

#endif  // WITNESS_TESTS_RELIABILITY_HARNESS_SEGMENTS_H_
