// Appending records to a record file shared by many threads and processes.
//
//   auto writer = Writer::FromEnvironment("FLEETBOX_FAKE_RECORD");  // nullptr: off
//   Event stop;
//   stop.op = "stop";
//   stop.name = "web-1";
//   if (writer) writer->Append(stop);
//
// Each record reaches the file with exactly one write(2) on a descriptor
// opened once per process with O_APPEND: Linux serialises such appends to one
// file, so concurrent writers never interleave (not on NFS: see
// docs/record-format.md). Nothing is buffered across calls.
#ifndef WITNESS_RECORDER_WRITER_H_
#define WITNESS_RECORDER_WRITER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "witness/recorder/error.h"

namespace witness::recorder {

// What one backend call received. Empty strings and zero numbers are
// omitted from the record, as the reference Go fake omits them. The views
// need only outlive the Append call.
struct Event {
  std::string_view op;
  std::string_view name;
  std::string_view disk_path;
  std::string_view seed_path;
  std::string_view efi_path;
  std::vector<std::string_view> fixture_paths;
  std::string_view assigned_ip;
  std::string_view mac;
  std::string_view ip_hint;
  std::int64_t cpus = 0;
  std::int64_t memory_bytes = 0;
  std::string_view serial_log_path;
  std::string_view error;
  // Further string fields, written after the known ones in this order.
  std::vector<std::pair<std::string_view, std::string_view>> extra;
};

// A record could not be opened or written. what() names the path and the
// system's reason: "cannot append to record file '/x/y': no space left on device".
class RecordWriteError : public Error {
 public:
  RecordWriteError(std::string path, int error_number, const std::string& message);
  const std::string& path() const noexcept { return path_; }
  // errno of the failing call; for a short write (which sets none) the cause
  // found afterwards, ENOSPC or EFBIG, or 0 when neither explains it.
  int error_number() const noexcept { return error_number_; }

 private:
  std::string path_;
  int error_number_;
};

struct WriterOptions {
  // Receives warnings (a record file on a network filesystem) and the first
  // write error. Default: one line on stderr.
  std::function<void(const std::string&)> warn;
};

// Thread-safe: Append may be called from any number of threads at once.
// Fork-safe: after fork() the child appends with its own pid and a seq that
// starts again at 1, after its own session record.
class Writer {
 public:
  // The process-wide writer for `path`, opened (O_APPEND | O_CLOEXEC |
  // O_NOFOLLOW, created 0600) on first use; later calls with the same path
  // (or another path to the same file) return the same writer, with the
  // options of the first call, while the path still names that file; a
  // deleted or replaced file is opened afresh. Appends a session record
  // when this process first opens the file, and warns (options.warn) when
  // the file is on a network or FUSE filesystem. Writers live until the
  // process exits, when each appends its session_end record. Throws
  // RecordWriteError (a symlink, a directory, a FIFO, a missing parent, no
  // permission, a file owned by another user, or the session record could
  // not be written, e.g. a full disk).
  static std::shared_ptr<Writer> Open(const std::string& path, const WriterOptions& options = {});

  // Open() on the path named by the environment variable `variable`;
  // nullptr when it (or `variable`) is unset or empty: recording is off.
  static std::shared_ptr<Writer> FromEnvironment(const char* variable,
                                                 const WriterOptions& options = {});

  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  // Appends the session_end record (counts of records and write errors) if
  // the process exit has not already done so. Runs only for a writer whose
  // file was replaced at its path: Open keeps the others alive until exit.
  ~Writer();

  // Serialises `event` with this process's pid, the next seq and the
  // realtime clock, and appends it in one write(2). The record is in the
  // file when Append returns; records of a megabyte and more stay whole.
  // Throws RecordWriteError (and reports the first one through
  // options.warn); a short write is an error, never finished with a second
  // write that could interleave. Throws std::invalid_argument for an extra
  // key that repeats another key.
  void Append(const Event& event);

  // The path as first given to Open.
  const std::string& path() const noexcept { return path_; }
  // Call records this process appended (what session_end will report).
  std::uint64_t records_written() const noexcept;
  // Appends (and session records) this process failed to write.
  std::uint64_t write_errors() const noexcept;

  // Not API: public only so the process-wide registry can name it.
  class Impl;

 private:
  Writer(std::string path, std::unique_ptr<Impl> impl);

  std::string path_;
  std::unique_ptr<Impl> impl_;
};

// Serialises one record line, newline included, into `out` (cleared first).
// Valid JSON for any input: quotes, backslashes and control characters are
// escaped, invalid UTF-8 becomes U+FFFD. Exposed for benchmarks and tests;
// Writer::Append uses it.
void FormatRecord(const Event& event, std::int64_t pid, std::uint64_t seq, std::int64_t ts_ns,
                  std::string& out);

}  // namespace witness::recorder

#endif  // WITNESS_RECORDER_WRITER_H_
