// Turns record lines into records and diagnostics. Not API: the reader
// streams a file (or a buffer) through LineSplitter into LineParser.
#ifndef WITNESS_RECORDER_INTERNAL_LINE_PARSER_H_
#define WITNESS_RECORDER_INTERNAL_LINE_PARSER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include <memory>

#include "witness/recorder/internal/record_scan.h"
#include "witness/recorder/internal/record_store.h"
#include "witness/recorder/reader.h"

namespace witness::recorder::internal {

// Parses one line at a time into `out`. Owns the policy for bad lines:
// resynchronisation on kRecordPrefix, the incomplete tail, field checks.
class LineParser {
 public:
  // `out` must outlive the parser; records go to out.records, holding `store`.
  // `use_scanner` false: every line goes to the full parser (the reference
  // the scanner is held to; see ParseRecordsWithFullParser).
  LineParser(std::shared_ptr<RecordStore> store, const ReadOptions& options, Recording& out,
             bool use_scanner = true);

  // `line` is line number `number` (1-based) without its '\n', starting at
  // byte `offset` of the file; `terminated` is false only for a last line
  // that has no '\n'. `stable`: the bytes live as long as the store (they
  // are in one of its chunks), so records may point into them.
  void Line(std::string_view line, std::size_t number, std::uint64_t offset, bool terminated,
            bool stable);

  // A follower reads live until its final read, which settles the tail.
  void set_live(bool live) noexcept { options_.live = live; }

  // How many records so far point into stable bytes they were handed.
  std::size_t stable_records() const noexcept { return stable_records_; }
  // How many bytes of such records' lines so far.
  std::size_t stable_bytes() const noexcept { return stable_bytes_; }

  // A line of `length` bytes (not counting '\n') that was skipped unread
  // because it exceeded the limit; `head` holds its first bytes.
  void TooLong(std::string_view head, std::size_t number, std::uint64_t offset,
               std::uint64_t length, bool terminated);

 private:
  struct Attempt;

  // The fast path: a line the scanner certifies becomes a record here.
  bool Certified(std::string_view line, std::size_t number, std::uint64_t offset, bool stable);
  std::uint32_t InternString(const JsonStringText& text);
  Attempt TryParse(std::string_view segment) const;
  void Accept(Attempt& attempt, std::string_view line, std::size_t segment_start,
              std::size_t number, std::uint64_t offset);
  // The diagnostic for bad segment [begin, end) of `line`: torn when a
  // record follows it, an incomplete tail when it ends an unterminated line.
  void ReportBadSegment(Attempt& attempt, std::string_view line, std::size_t begin,
                        std::size_t end, std::size_t number, std::uint64_t offset,
                        bool terminated);
  void Report(DiagnosticKind kind, std::string_view line, std::size_t column, std::size_t number,
              std::uint64_t offset, std::string message);

  std::shared_ptr<RecordStore> store_;
  const std::string& file_;
  ReadOptions options_;
  Recording& out_;
  bool use_scanner_;
  std::size_t stable_records_ = 0;
  std::size_t stable_bytes_ = 0;
};

// Cuts a byte stream into lines for a LineParser, holding at most
// options.max_line_bytes of a line in memory: longer lines are skipped.
class LineSplitter {
 public:
  explicit LineSplitter(LineParser& parser, std::size_t max_line_bytes);

  // `stable`: as for LineParser::Line.
  void Feed(std::string_view bytes, bool stable = false);
  // End of input: a pending line without '\n' is handed over unterminated.
  void Finish();

 private:
  void CompleteLine(std::string_view line, bool terminated, bool stable);

  LineParser& parser_;
  std::size_t max_line_bytes_;
  std::string pending_;        // the start of a line not yet terminated
  bool skipping_ = false;      // the current line is over the limit
  std::uint64_t skipped_ = 0;  // bytes of the current line seen so far
  std::size_t line_number_ = 1;
  std::uint64_t line_offset_ = 0;  // file offset of the current line
};

// Printable excerpt of `line` around the 1-based `column`: at most about 60
// bytes, control and invalid bytes shown as \xNN, "..." where cut.
std::string Excerpt(std::string_view line, std::size_t column);

// ParseRecords without the scanner: what every line would give if none were
// certified. The differential fuzzer and its replay hold the two equal.
Recording ParseRecordsWithFullParser(std::string_view content, const std::string& name,
                                     const ReadOptions& options = {});

}  // namespace witness::recorder::internal

#endif  // WITNESS_RECORDER_INTERNAL_LINE_PARSER_H_
