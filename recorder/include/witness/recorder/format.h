// Record format v1: the one place that defines what a record line is.
//
// Shared by the writer and the reader (as leveldb's log_format.h is), so the
// two can never disagree about key names or limits. docs/record-format.md is
// the prose version of this file.
//
//   {"op":"create","name":"web-1","disk_path":"/v/web-1/disk.raw","pid":7,"seq":3,"ts_ns":1700000000000000000}
#ifndef WITNESS_RECORDER_FORMAT_H_
#define WITNESS_RECORDER_FORMAT_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace witness::recorder {

// Bumped only for changes an older reader would misread.
inline constexpr int kSchemaVersion = 1;

// Every record line begins with this, so a reader can find the next record
// inside a line whose first record was torn by a writer killed mid-write.
inline constexpr std::string_view kRecordPrefix = "{\"op\":";

// Keys written by the reference Go fake (and omitted when empty, as it does).
namespace keys {
inline constexpr std::string_view kOp = "op";
inline constexpr std::string_view kName = "name";
inline constexpr std::string_view kDiskPath = "disk_path";
inline constexpr std::string_view kSeedPath = "seed_path";
inline constexpr std::string_view kEfiPath = "efi_path";
inline constexpr std::string_view kFixturePaths = "fixture_paths";
inline constexpr std::string_view kAssignedIp = "assigned_ip";
inline constexpr std::string_view kMac = "mac";
inline constexpr std::string_view kIpHint = "ip_hint";
// Added by Witness; omitted when zero or empty.
inline constexpr std::string_view kCpus = "cpus";
inline constexpr std::string_view kMemoryBytes = "memory_bytes";
inline constexpr std::string_view kSerialLogPath = "serial_log_path";
inline constexpr std::string_view kError = "error";
// Added by Witness in v1 (older readers ignore them): the fault a rule of
// FLEETBOX_FAKE_FAULTS injected into the call, and that rule's text.
inline constexpr std::string_view kFault = "fault";
inline constexpr std::string_view kFaultRule = "fault_rule";
// Provenance, always written by Witness, never by the Go reference.
inline constexpr std::string_view kPid = "pid";
inline constexpr std::string_view kSeq = "seq";
inline constexpr std::string_view kTsNs = "ts_ns";
// Session records only.
inline constexpr std::string_view kSchema = "schema";
inline constexpr std::string_view kArgv0 = "argv0";
inline constexpr std::string_view kHost = "host";
inline constexpr std::string_view kRecords = "records";
inline constexpr std::string_view kWriteErrors = "write_errors";
}  // namespace keys

// The type a known key's value must have. A record whose known key holds
// another type is still read, with a diagnostic (DiagnosticKind::kBadField).
enum class FieldType { kString, kStringArray, kInteger };

struct KnownField {
  std::string_view key;
  FieldType type;
};

// Every key of format v1, in the order the writer writes them. The one list:
// the reader's type checks, the record scanner, the timeline's columns and
// the field-name checks of scenarios read it from here.
inline constexpr KnownField kKnownFields[] = {
    {keys::kOp, FieldType::kString},
    {keys::kName, FieldType::kString},
    {keys::kDiskPath, FieldType::kString},
    {keys::kSeedPath, FieldType::kString},
    {keys::kEfiPath, FieldType::kString},
    {keys::kFixturePaths, FieldType::kStringArray},
    {keys::kAssignedIp, FieldType::kString},
    {keys::kMac, FieldType::kString},
    {keys::kIpHint, FieldType::kString},
    {keys::kCpus, FieldType::kInteger},
    {keys::kMemoryBytes, FieldType::kInteger},
    {keys::kSerialLogPath, FieldType::kString},
    {keys::kError, FieldType::kString},
    {keys::kFault, FieldType::kString},
    {keys::kFaultRule, FieldType::kString},
    {keys::kPid, FieldType::kInteger},
    {keys::kSeq, FieldType::kInteger},
    {keys::kTsNs, FieldType::kInteger},
    {keys::kSchema, FieldType::kInteger},
    {keys::kArgv0, FieldType::kString},
    {keys::kHost, FieldType::kString},
    {keys::kRecords, FieldType::kInteger},
    {keys::kWriteErrors, FieldType::kInteger},
};

// The entry for `key`, or nullptr for a key format v1 does not define.
constexpr const KnownField* FindKnownField(std::string_view key) noexcept {
  for (const KnownField& field : kKnownFields) {
    if (field.key == key) return &field;
  }
  return nullptr;
}

// The known key closest to `key` by edit distance, when it is close enough
// to be a typo of it (at most two edits, and fewer than the key's length);
// "" otherwise. For "did you mean" hints.
std::string_view NearestKnownField(std::string_view key) noexcept;

// Backend calls recorded by the fake and by RecordingBackend.
namespace ops {
inline constexpr std::string_view kReserve = "reserve";
inline constexpr std::string_view kCreate = "create";
inline constexpr std::string_view kStart = "start";
inline constexpr std::string_view kStop = "stop";
inline constexpr std::string_view kClose = "close";
// Recorded only when a fault rule touched the call: untouched waits are
// not backend actions a test states.
inline constexpr std::string_view kWait = "wait";
inline constexpr std::string_view kWaitForIp = "wait_for_ip";
// Written by the writer itself: a process opened the file / exited cleanly.
// They prove the recorder was alive, so a "never" expectation can be trusted.
inline constexpr std::string_view kSession = "session";
inline constexpr std::string_view kSessionEnd = "session_end";
}  // namespace ops

// True for the writer's own bookkeeping records, which ordinary
// expectations ignore.
constexpr bool IsSessionOp(std::string_view op) noexcept {
  return op == ops::kSession || op == ops::kSessionEnd;
}

// The reader refuses (with a diagnostic, never by growing without bound) a
// line longer than this. Writers may write records up to this size.
inline constexpr std::size_t kMaxLineBytes = 64u << 20;  // 64 MiB

// A reader refuses a recording larger than this unless told otherwise
// (ReadOptions::max_total_bytes): a soak of 100,000 records is 3-17 MB.
inline constexpr std::uint64_t kDefaultMaxRecordingBytes = 1ull << 30;  // 1 GiB

// Deeper JSON nesting than this is reported as a bad line: records are flat.
inline constexpr int kMaxJsonDepth = 64;

}  // namespace witness::recorder

#endif  // WITNESS_RECORDER_FORMAT_H_
