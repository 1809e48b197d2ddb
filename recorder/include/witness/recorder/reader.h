// Reading record files back: every good record, and a precise diagnostic for
// every bad line, never one at the cost of the other.
//
//   Recording rec = ReadRecordFile("/tmp/run/record.jsonl");
//   for (const Diagnostic& d : rec.diagnostics) std::cerr << d.ToString() << "\n";
//   for (const Record& r : rec) Use(r);            // the backend calls
//   for (const Record& r : rec.records) Use(r);    // session records too
#ifndef WITNESS_RECORDER_READER_H_
#define WITNESS_RECORDER_READER_H_

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "witness/recorder/call_record_iterator.h"
#include "witness/recorder/error.h"
#include "witness/recorder/format.h"
#include "witness/recorder/huge_page_allocator.h"
#include "witness/recorder/record.h"

namespace witness::recorder {

// A record file could not be read at all (missing, a directory, no
// permission). A missing file is never "no records": it throws.
class RecordFileError : public Error {
 public:
  RecordFileError(std::string path, const std::string& message);
  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

// Why a line (or part of one) did not yield a record.
enum class DiagnosticKind {
  kBadJson,         // not parseable JSON
  kNotAnObject,     // valid JSON, but not an object
  kTornRecord,      // a record cut short by a writer that died mid-write
  kIncompleteTail,  // the last line has no newline and does not parse
  kLineTooLong,     // longer than kMaxLineBytes; skipped without buffering it
  kTooDeep,         // nested deeper than kMaxJsonDepth
  kNulByte,         // a NUL byte inside the line
  kDuplicateKey,    // one key twice in one object (the record is still kept)
  kBadField,        // a known key with a value of the wrong type (record kept)
};

std::string_view ToString(DiagnosticKind kind) noexcept;

struct Diagnostic {
  DiagnosticKind kind;
  SourceLocation where;    // line and offset of the bad bytes
  std::size_t column = 0;  // 1-based byte column within the line
  std::string message;     // lower case, says what is wrong
  std::string excerpt;     // a short, printable excerpt of the bad bytes

  // "file:line:column: message: `excerpt`".
  std::string ToString() const;
};

using RecordVector = std::vector<Record, HugePageAllocator<Record>>;

// What a read produced. records are in file order for one file; several
// files (shards) are interleaved by ts_ns, then pid, then seq, then the
// order of the paths, each file keeping its own order. A record without
// ts_ns (the Go reference writes none) sorts with the record before it in
// its file (docs/record-format.md, "Several files").
//
// A Recording is also a read-only container of its call records (session
// records left out), so a range-for and gmock's container matchers see the
// backend calls: EXPECT_THAT(rec, Contains(Op("stop")).Times(3)). size()
// and empty() count those, not `records`.
struct Recording {
  using value_type = Record;
  using const_iterator = CallRecordIterator;
  using iterator = CallRecordIterator;
  using size_type = std::size_t;
  using difference_type = std::ptrdiff_t;

  std::vector<std::string> files;
  RecordVector records;
  std::vector<Diagnostic> diagnostics;

  // Records the writer wrote about itself (session, session_end) are in
  // `records` too; these skip them.
  std::vector<const Record*> CallRecords() const;

  const_iterator begin() const noexcept {
    return const_iterator(records.data(), records.data() + records.size());
  }
  const_iterator end() const noexcept { return const_iterator(); }
  // The number of call records: a walk over `records`, linear in its size.
  size_type size() const noexcept;
  bool empty() const noexcept { return begin() == end(); }
};

struct ReadOptions {
  // A last line without its newline may be a record still being written:
  // when true (reading a live file), it is left unread, not reported.
  bool live = false;
  // Lines longer than this are skipped (kLineTooLong) while streaming,
  // never buffered whole. Lowering it bounds the reader's memory further.
  std::size_t max_line_bytes = kMaxLineBytes;
  // A recording larger than this is refused (RecordFileError) rather than
  // read: it bounds the memory of a read from a stream that never ends.
  // 0: no limit.
  std::uint64_t max_total_bytes = kDefaultMaxRecordingBytes;
};

// The path that names standard input, read as a stream (`helper | witness
// check s.yaml -`).
inline constexpr std::string_view kStandardInput = "-";

// Throws RecordFileError when the file cannot be opened or read, and at
// once for a path that is not a regular file (a directory, a FIFO, a
// device, a socket): only kStandardInput is read as a stream.
Recording ReadRecordFile(const std::string& path, const ReadOptions& options = {});
Recording ReadRecordFiles(const std::vector<std::string>& paths, const ReadOptions& options = {});

// Parses record lines held in memory; `name` stands for the file name in
// locations. Never throws for bad content.
Recording ParseRecords(std::string_view content, const std::string& name = "<memory>",
                       const ReadOptions& options = {});

// Reads one record file as it grows, parsing only what was appended since
// the last Poll(), so waiting on a file costs parse work linear in its final
// size. Until Finish(), a last line without its newline is a record still
// being written and is left for the next Poll() (as ReadOptions::live).
//
//   RecordFollower follower(path);
//   while (!Done(follower.recording())) { WaitForChange(); follower.Poll(); }
//   follower.Finish();
class RecordFollower {
 public:
  explicit RecordFollower(std::string path, const ReadOptions& options = {});
  ~RecordFollower();
  RecordFollower(const RecordFollower&) = delete;
  RecordFollower& operator=(const RecordFollower&) = delete;

  // Reads what was appended. True when records or diagnostics arrived (or
  // the file was replaced or truncated, and read again from its start). A
  // file that does not exist yet is no error: false. Throws RecordFileError
  // as ReadRecordFile does for one that cannot be read.
  bool Poll();
  // The final read: what was appended, and a last line without its newline
  // judged as ReadRecordFile judges it. Throws RecordFileError for a file
  // that still does not exist.
  void Finish();

  const Recording& recording() const noexcept;
  bool file_seen() const noexcept;
  // Every byte read from the file, over every Poll() (a file read again
  // from its start counts twice).
  std::uint64_t bytes_parsed() const noexcept;
  // How many times the file was found replaced or rewritten and read again
  // from its start (records seen before then are gone from recording()).
  std::size_t restarts() const noexcept { return restarts_ - 1; }

 private:
  struct State;
  void Restart();
  bool StartUnchanged();
  bool ReadAppended(std::uint64_t appended);

  std::string path_;
  ReadOptions options_;
  std::unique_ptr<State> state_;
  std::uint64_t bytes_parsed_ = 0;
  std::size_t restarts_ = 0;
};

}  // namespace witness::recorder

#endif  // WITNESS_RECORDER_READER_H_
