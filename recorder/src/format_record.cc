// Record serialisation: a fixed schema written by hand rather than through a
// JSON DOM, because Append must cost little more than the write(2) itself
// (building and dumping an nlohmann::json costs several microseconds).
#include <stdexcept>
#include <string>

#include "witness/recorder/format.h"
#include "witness/recorder/internal/json_text.h"
#include "witness/recorder/internal/session_lines.h"
#include "witness/recorder/writer.h"

namespace witness::recorder {
namespace {

using internal::AppendInteger;
using internal::AppendJsonStringBody;
using internal::AppendUnsigned;

// Appends `,"key":` (or `{"key":` for the first key). Keys are the constants
// of format.h, which need no escaping.
void AppendKey(std::string_view key, std::string& out) {
  out += ",\"";
  out += key;
  out += "\":";
}

void AppendQuoted(std::string_view value, std::string& out) {
  out += '"';
  AppendJsonStringBody(value, out);
  out += '"';
}

void AppendStringField(std::string_view key, std::string_view value, std::string& out) {
  if (value.empty()) return;  // omitted when empty, as the Go reference does
  AppendKey(key, out);
  AppendQuoted(value, out);
}

void AppendIntegerField(std::string_view key, std::int64_t value, std::string& out) {
  if (value == 0) return;
  AppendKey(key, out);
  AppendInteger(value, out);
}

bool IsRecordKey(std::string_view key) {
  static constexpr std::string_view kRecordKeys[] = {
      keys::kOp,     keys::kName,          keys::kDiskPath,   keys::kSeedPath,
      keys::kEfiPath, keys::kFixturePaths, keys::kAssignedIp, keys::kMac,
      keys::kIpHint, keys::kCpus,          keys::kMemoryBytes, keys::kSerialLogPath,
      keys::kError,  keys::kPid,           keys::kSeq,        keys::kTsNs};
  for (std::string_view record_key : kRecordKeys) {
    if (key == record_key) return true;
  }
  return false;
}

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
        throw std::invalid_argument("record extra field '" + std::string(key) +
                                    "' is given twice");
      }
    }
  }
}

std::size_t EstimateSize(const Event& event) {
  std::size_t size = 160 + event.op.size() + event.name.size() + event.disk_path.size() +
                     event.seed_path.size() + event.efi_path.size() + event.assigned_ip.size() +
                     event.mac.size() + event.ip_hint.size() + event.serial_log_path.size() +
                     event.error.size();
  for (std::string_view path : event.fixture_paths) size += path.size() + 3;
  for (const auto& field : event.extra) size += field.first.size() + field.second.size() + 6;
  return size;
}

}  // namespace

void FormatRecord(const Event& event, std::int64_t pid, std::uint64_t seq, std::int64_t ts_ns,
                  std::string& out) {
  if (!event.extra.empty()) CheckExtraKeys(event);
  out.clear();
  out.reserve(EstimateSize(event));
  // `op` is always first and always present: kRecordPrefix depends on it.
  out += kRecordPrefix;
  AppendQuoted(event.op, out);
  AppendStringField(keys::kName, event.name, out);
  AppendStringField(keys::kDiskPath, event.disk_path, out);
  AppendStringField(keys::kSeedPath, event.seed_path, out);
  AppendStringField(keys::kEfiPath, event.efi_path, out);
  if (!event.fixture_paths.empty()) {
    AppendKey(keys::kFixturePaths, out);
    out += '[';
    for (std::size_t i = 0; i < event.fixture_paths.size(); ++i) {
      if (i != 0) out += ',';
      AppendQuoted(event.fixture_paths[i], out);
    }
    out += ']';
  }
  AppendStringField(keys::kAssignedIp, event.assigned_ip, out);
  AppendStringField(keys::kMac, event.mac, out);
  AppendStringField(keys::kIpHint, event.ip_hint, out);
  AppendIntegerField(keys::kCpus, event.cpus, out);
  AppendIntegerField(keys::kMemoryBytes, event.memory_bytes, out);
  AppendStringField(keys::kSerialLogPath, event.serial_log_path, out);
  AppendStringField(keys::kError, event.error, out);
  // Extra fields are written even when empty: the caller named them.
  for (const auto& field : event.extra) {
    out += ",\"";
    AppendJsonStringBody(field.first, out);
    out += "\":";
    AppendQuoted(field.second, out);
  }
  AppendKey(keys::kPid, out);
  AppendInteger(pid, out);
  AppendKey(keys::kSeq, out);
  AppendUnsigned(seq, out);
  AppendKey(keys::kTsNs, out);
  AppendInteger(ts_ns, out);
  out += "}\n";
}

namespace internal {

void FormatSessionRecord(std::int64_t pid, std::int64_t ts_ns, std::string_view argv0,
                         std::string_view host, std::string& out) {
  out.clear();
  out += kRecordPrefix;
  AppendQuoted(ops::kSession, out);
  AppendKey(keys::kPid, out);
  AppendInteger(pid, out);
  AppendKey(keys::kTsNs, out);
  AppendInteger(ts_ns, out);
  AppendKey(keys::kSchema, out);
  AppendInteger(kSchemaVersion, out);
  AppendKey(keys::kArgv0, out);
  AppendQuoted(argv0, out);
  AppendKey(keys::kHost, out);
  AppendQuoted(host, out);
  out += "}\n";
}

void FormatSessionEndRecord(std::int64_t pid, std::int64_t ts_ns, std::uint64_t records,
                            std::uint64_t write_errors, std::string& out) {
  out.clear();
  out += kRecordPrefix;
  AppendQuoted(ops::kSessionEnd, out);
  AppendKey(keys::kPid, out);
  AppendInteger(pid, out);
  AppendKey(keys::kTsNs, out);
  AppendInteger(ts_ns, out);
  AppendKey(keys::kRecords, out);
  AppendUnsigned(records, out);
  AppendKey(keys::kWriteErrors, out);
  AppendUnsigned(write_errors, out);
  out += "}\n";
}

}  // namespace internal
}  // namespace witness::recorder
