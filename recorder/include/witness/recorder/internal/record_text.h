// Writing record lines into raw memory: the serialiser behind FormatRecord
// and Writer::Append, and the writer's own session records. Not API.
#ifndef WITNESS_RECORDER_INTERNAL_RECORD_TEXT_H_
#define WITNESS_RECORDER_INTERNAL_RECORD_TEXT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "witness/recorder/writer.h"

namespace witness::recorder::internal {

// The bytes of `event`'s strings before escaping: a lower bound of its
// line's size.
std::size_t RecordTextBytes(const Event& event) noexcept;

// At least as many bytes as WriteRecord can write for `event`, whose
// RecordTextBytes are `text_bytes`.
std::size_t RecordSizeBound(const Event& event, std::size_t text_bytes) noexcept;

// Throws std::invalid_argument when an extra key is empty, repeated, or one
// of format v1's own keys (the line would have a duplicate key).
void CheckExtraKeys(const Event& event);

// A pid in decimal, written once per process rather than once per record.
class PidDigits {
 public:
  explicit PidDigits(std::int64_t pid) noexcept;
  std::string_view view() const noexcept { return {digits_, size_}; }

 private:
  char digits_[24];
  std::size_t size_;
};

// Writes `event`'s line, newline included, at `out`, which must have room
// for RecordSizeBound bytes, and returns the end. CheckExtraKeys must have
// accepted `event`.
char* WriteRecord(const Event& event, std::string_view pid_digits, std::uint64_t seq,
                  std::int64_t ts_ns, char* out) noexcept;

// {"op":"session","pid":P,"ts_ns":T,"schema":1,"argv0":"...","host":"..."}\n
void FormatSessionRecord(std::int64_t pid, std::int64_t ts_ns, std::string_view argv0,
                         std::string_view host, std::string& out);

// {"op":"session_end","pid":P,"ts_ns":T,"records":N,"write_errors":E}\n
void FormatSessionEndRecord(std::int64_t pid, std::int64_t ts_ns, std::uint64_t records,
                            std::uint64_t write_errors, std::string& out);

// Scratch memory for one line, reused across calls without being cleared
// (std::string would zero what it grows). One per thread on the append
// path, so appending takes no lock.
class LineBuffer {
 public:
  // Room for `size` bytes; the contents are unspecified.
  char* Reserve(std::size_t size);
  // Gives back memory after an unusually large record.
  void Trim() noexcept;

 private:
  static constexpr std::size_t kKeptBytes = std::size_t{1} << 16;

  std::unique_ptr<char[]> data_;
  std::size_t capacity_ = 0;
};

}  // namespace witness::recorder::internal

#endif  // WITNESS_RECORDER_INTERNAL_RECORD_TEXT_H_
