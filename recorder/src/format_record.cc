// Record serialisation: a fixed schema written by hand into raw memory
// rather than through a JSON DOM, because Append must cost little more than
// the write(2) itself (building and dumping an nlohmann::json costs several
// microseconds; growing a std::string append by append, a few hundred ns).
// A record is first copied with no escaping at all, its strings judged on
// the way; only a record with a string that needs escaping (rare: a quote
// in an error message) is written again, escaped.
#include <array>
#include <cstring>
#include <stdexcept>
#include <string>

#include "witness/recorder/format.h"
#include "witness/recorder/internal/json_text.h"
#include "witness/recorder/internal/record_text.h"
#include "witness/recorder/writer.h"

namespace witness::recorder {
namespace internal {
namespace {

// Room for every key of format v1 with its quotes, colon and comma, the
// braces, the brackets of fixture_paths, the digits of the numbers and the
// newline.
constexpr std::size_t kFixedBytes = 384;

// A key's prefix is copied as a whole block of this size, its padding
// written over by what follows: the room past the end of a line.
constexpr std::size_t kPrefixBlock = 32;

char* WriteRaw(std::string_view text, char* out) noexcept {
  std::memcpy(out, text.data(), text.size());
  return out + text.size();
}

// `,"key":` for a key of format.h (which needs no escaping), or `,"key":"`
// for a string field, padded to kPrefixBlock bytes at compile time: writing
// one is then a fixed-size copy of two 16-byte moves, whatever the key.
struct FieldPrefix {
  std::array<char, kPrefixBlock> text;
  std::size_t size;
};

constexpr FieldPrefix MakeFieldPrefix(std::string_view key, bool quoted) {
  FieldPrefix prefix{};
  std::size_t at = 0;
  prefix.text[at++] = ',';
  prefix.text[at++] = '"';
  for (char c : key) prefix.text[at++] = c;
  prefix.text[at++] = '"';
  prefix.text[at++] = ':';
  if (quoted) prefix.text[at++] = '"';
  prefix.size = at;
  return prefix;
}

template <const std::string_view& kKey, bool kQuoted>
constexpr FieldPrefix kFieldPrefix = MakeFieldPrefix(kKey, kQuoted);

char* WritePrefix(const FieldPrefix& prefix, char* out) noexcept {
  std::memcpy(out, prefix.text.data(), kPrefixBlock);
  return out + prefix.size;
}

template <const std::string_view& kKey>
char* WriteKey(char* out) noexcept {
  return WritePrefix(kFieldPrefix<kKey, false>, out);
}

template <const std::string_view& kKey>
char* WriteIntegerField(std::int64_t value, char* out) noexcept {
  if (value == 0) return out;
  return WriteInteger(value, WriteKey<kKey>(out));
}

// How WriteLine writes a string's body (no quotes) at `out`, returning the
// end. Copying, for nearly every record (names, paths, addresses): the
// bytes go as they are while `plain` gathers whether any needed escaping,
// and if one did the line is written again with Escaping. One flag for the
// record, rather than a test per string, keeps the code this path runs
// small.
struct Copying {
  bool plain = true;
  char* operator()(std::string_view value, char* out) noexcept {
    plain &= CopyIfPlain(value, out);
    return out + value.size();
  }
};

struct Escaping {
  char* operator()(std::string_view value, char* out) const noexcept {
    return WriteJsonStringBody(value, out);
  }
};

template <class Body>
char* WriteQuoted(std::string_view value, char* out, Body& body) noexcept {
  *out++ = '"';
  out = body(value, out);
  *out++ = '"';
  return out;
}

// Escaped: for the writer's own records, written once per process.
char* WriteQuoted(std::string_view value, char* out) noexcept {
  Escaping escaping;
  return WriteQuoted(value, out, escaping);
}

// Omitted when empty, as the Go reference (omitempty) omits it.
template <const std::string_view& kKey, class Body>
char* WriteStringField(std::string_view value, char* out, Body& body) noexcept {
  if (value.empty()) return out;
  out = body(value, WritePrefix(kFieldPrefix<kKey, true>, out));
  *out++ = '"';
  return out;
}

// The record's line in format v1's key order: the one place that order is
// written down.
template <class Body>
char* WriteLine(const Event& event, std::string_view pid_digits, std::uint64_t seq,
                std::int64_t ts_ns, char* out, Body& body) noexcept {
  // `op` is always first and always present: kRecordPrefix depends on it.
  out = WriteQuoted(event.op, WriteRaw(kRecordPrefix, out), body);
  out = WriteStringField<keys::kName>(event.name, out, body);
  out = WriteStringField<keys::kDiskPath>(event.disk_path, out, body);
  out = WriteStringField<keys::kSeedPath>(event.seed_path, out, body);
  out = WriteStringField<keys::kEfiPath>(event.efi_path, out, body);
  if (!event.fixture_paths.empty()) {
    out = WriteKey<keys::kFixturePaths>(out);
    *out = '[';
    for (std::string_view path : event.fixture_paths) {
      out = WriteQuoted(path, out + 1, body);
      *out = ',';
    }
    *out++ = ']';  // over the last comma
  }
  out = WriteStringField<keys::kAssignedIp>(event.assigned_ip, out, body);
  out = WriteStringField<keys::kMac>(event.mac, out, body);
  out = WriteStringField<keys::kIpHint>(event.ip_hint, out, body);
  out = WriteIntegerField<keys::kCpus>(event.cpus, out);
  out = WriteIntegerField<keys::kMemoryBytes>(event.memory_bytes, out);
  out = WriteStringField<keys::kSerialLogPath>(event.serial_log_path, out, body);
  out = WriteStringField<keys::kError>(event.error, out, body);
  out = WriteStringField<keys::kFault>(event.fault, out, body);
  out = WriteStringField<keys::kFaultRule>(event.fault_rule, out, body);
  // Extra fields are written even when empty: the caller named them.
  for (const auto& field : event.extra) {
    *out++ = ',';
    out = WriteQuoted(field.first, out, body);
    *out++ = ':';
    out = WriteQuoted(field.second, out, body);
  }
  out = WriteRaw(pid_digits, WriteKey<keys::kPid>(out));
  out = WriteUnsigned(seq, WriteKey<keys::kSeq>(out));
  out = WriteInteger(ts_ns, WriteKey<keys::kTsNs>(out));
  *out++ = '}';
  *out++ = '\n';
  return out;
}

bool IsRecordKey(std::string_view key) noexcept {
  static constexpr std::string_view kRecordKeys[] = {
      keys::kOp,      keys::kName,         keys::kDiskPath,    keys::kSeedPath,
      keys::kEfiPath, keys::kFixturePaths, keys::kAssignedIp,  keys::kMac,
      keys::kIpHint,  keys::kCpus,         keys::kMemoryBytes, keys::kSerialLogPath,
      keys::kError,   keys::kFault,        keys::kFaultRule,   keys::kPid,
      keys::kSeq,     keys::kTsNs};
  for (std::string_view record_key : kRecordKeys) {
    if (key == record_key) return true;
  }
  return false;
}

}  // namespace

// A colliding extra key would make a line with a duplicate key, which the
// reader reports as damage: refuse it where the mistake is made.
void CheckExtraKeys(const Event& event) {
  for (std::size_t i = 0; i < event.extra.size(); ++i) {
    const std::string_view key = event.extra[i].first;
    if (key.empty()) throw std::invalid_argument("record extra field has an empty key");
    if (IsRecordKey(key)) {
      throw std::invalid_argument("record extra field '" + std::string(key) +
                                  "' collides with a key of record format v1");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (event.extra[j].first == key) {
        throw std::invalid_argument("record extra field '" + std::string(key) + "' is given twice");
      }
    }
  }
}

std::size_t RecordTextBytes(const Event& event) noexcept {
  std::size_t text = event.op.size() + event.name.size() + event.disk_path.size() +
                     event.seed_path.size() + event.efi_path.size() + event.assigned_ip.size() +
                     event.mac.size() + event.ip_hint.size() + event.serial_log_path.size() +
                     event.error.size() + event.fault.size() + event.fault_rule.size();
  for (std::string_view path : event.fixture_paths) text += path.size();
  for (const auto& field : event.extra) text += field.first.size() + field.second.size();
  return text;
}

std::size_t RecordSizeBound(const Event& event, std::size_t text_bytes) noexcept {
  // Quotes and comma per fixture path; quotes, colon and comma per extra.
  const std::size_t punctuation =
      kFixedBytes + kPrefixBlock + 3 * event.fixture_paths.size() + 6 * event.extra.size();
  return text_bytes * kMaxEscapedBytesPerByte + punctuation;
}

char* WriteRecord(const Event& event, std::string_view pid_digits, std::uint64_t seq,
                  std::int64_t ts_ns, char* out) noexcept {
  Copying copying;
  char* const end = WriteLine(event, pid_digits, seq, ts_ns, out, copying);
  if (copying.plain) return end;
  Escaping escaping;
  return WriteLine(event, pid_digits, seq, ts_ns, out, escaping);
}

PidDigits::PidDigits(std::int64_t pid) noexcept {
  size_ = static_cast<std::size_t>(WriteInteger(pid, digits_) - digits_);
}

void FormatSessionRecord(std::int64_t pid, std::int64_t ts_ns, std::string_view argv0,
                         std::string_view host, std::string& out) {
  out.resize(kFixedBytes + kPrefixBlock + (argv0.size() + host.size()) * kMaxEscapedBytesPerByte);
  char* end = WriteQuoted(ops::kSession, WriteRaw(kRecordPrefix, out.data()));
  end = WriteInteger(pid, WriteKey<keys::kPid>(end));
  end = WriteInteger(ts_ns, WriteKey<keys::kTsNs>(end));
  end = WriteInteger(kSchemaVersion, WriteKey<keys::kSchema>(end));
  end = WriteQuoted(argv0, WriteKey<keys::kArgv0>(end));
  end = WriteQuoted(host, WriteKey<keys::kHost>(end));
  *end++ = '}';
  *end++ = '\n';
  out.resize(static_cast<std::size_t>(end - out.data()));
}

void FormatSessionEndRecord(std::int64_t pid, std::int64_t ts_ns, std::uint64_t records,
                            std::uint64_t write_errors, std::string& out) {
  out.resize(kFixedBytes + kPrefixBlock);
  char* end = WriteQuoted(ops::kSessionEnd, WriteRaw(kRecordPrefix, out.data()));
  end = WriteInteger(pid, WriteKey<keys::kPid>(end));
  end = WriteInteger(ts_ns, WriteKey<keys::kTsNs>(end));
  end = WriteUnsigned(records, WriteKey<keys::kRecords>(end));
  end = WriteUnsigned(write_errors, WriteKey<keys::kWriteErrors>(end));
  *end++ = '}';
  *end++ = '\n';
  out.resize(static_cast<std::size_t>(end - out.data()));
}

char* LineBuffer::Reserve(std::size_t size) {
  if (size > capacity_) {
    // new char[] leaves the bytes uninitialised: nothing is cleared.
    data_.reset(new char[size]);
    capacity_ = size;
  }
  return data_.get();
}

void LineBuffer::Trim() noexcept {
  if (capacity_ > kKeptBytes) {
    data_.reset();
    capacity_ = 0;
  }
}

}  // namespace internal

void FormatRecord(const Event& event, std::int64_t pid, std::uint64_t seq, std::int64_t ts_ns,
                  std::string& out) {
  internal::CheckExtraKeys(event);
  thread_local internal::LineBuffer buffer;
  char* const begin =
      buffer.Reserve(internal::RecordSizeBound(event, internal::RecordTextBytes(event)));
  const internal::PidDigits pid_digits(pid);
  const char* const end = internal::WriteRecord(event, pid_digits.view(), seq, ts_ns, begin);
  out.assign(begin, static_cast<std::size_t>(end - begin));
  buffer.Trim();
}

}  // namespace witness::recorder
