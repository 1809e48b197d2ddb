// Comparing two recordings member by member (`witness diff`): the last green
// run against a red one, or the fake against a real backend wrapped in
// RecordingBackend. Volatile values go through each file's VolatileAliases
// first, so two runs of the same behaviour compare equal.
//
//   RecordingDiff diff = DiffRecordings(ReadRecordFile("green.jsonl"),
//                                       ReadRecordFile("red.jsonl"));
//   if (!diff.Same()) std::cout << RenderRecordingDiffText(diff);
//
// Records are grouped by member (`name`; records without one, such as close
// and the writers' session records, form one group) and paired by op and
// occurrence: the 2nd start of web-1 with the 2nd start of web-1. The order
// between members is not compared: concurrent members interleave differently
// from one run to the next.
#ifndef WITNESS_ASSERTIONS_RECORDING_DIFF_H_
#define WITNESS_ASSERTIONS_RECORDING_DIFF_H_

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "witness/recorder/reader.h"

namespace witness::assertions {

// The version of the JSON document RenderRecordingDiffJson writes
// (docs/diff.schema.json).
inline constexpr int kDiffSchemaVersion = 1;

// Fields never compared: the order of calls and the clock (seq, ts_ns), and
// what a session record says about its process and machine (argv0, host,
// and records, which the call records themselves show).
const std::set<std::string>& AlwaysIgnoredFields();

struct RecordingDiffOptions {
  // Left out of the comparison besides AlwaysIgnoredFields(). `op` and
  // `name` place a record and cannot be left out (DiffRecordings throws
  // std::invalid_argument).
  std::set<std::string> ignored_fields;
  // Where temporary directories live; DefaultTempRoots() when absent.
  std::optional<std::vector<std::string>> temp_roots;
};

// One op of one member, the n-th (1-based) of that op in that member.
struct OpOccurrence {
  std::string op;
  std::size_t occurrence = 1;
  bool operator==(const OpOccurrence& other) const {
    return op == other.op && occurrence == other.occurrence;
  }
};

struct Difference {
  enum class Kind {
    kAdded,      // occurrences of `op` only in b: `count` of them, lines_b
    kRemoved,    // occurrences of `op` only in a: `count` of them, lines_a
    kChanged,    // the paired records `op`/`occurrence` differ in `field`
    kReordered,  // paired records in another order: a_order -> b_order
  };
  Kind kind = Kind::kChanged;
  std::string op;
  std::size_t occurrence = 1;  // kChanged; for kAdded/kRemoved the first one
  std::size_t count = 0;       // kAdded, kRemoved
  std::string field;           // kChanged
  // kChanged: the aliased values; nullopt when the record lacks the field.
  std::optional<nlohmann::json> a;
  std::optional<nlohmann::json> b;
  // Lines of the records involved in each file (kChanged: one each).
  std::vector<std::size_t> lines_a;
  std::vector<std::size_t> lines_b;
  // kReordered: the stretch of the member's paired records that differs,
  // as each file orders it (equal records before and after left out).
  std::vector<OpOccurrence> a_order;
  std::vector<OpOccurrence> b_order;
};

struct MemberDiff {
  std::optional<std::string> member;  // nullopt: records without a name
  std::vector<Difference> differences;
};

struct RecordingDiff {
  std::string file_a;
  std::string file_b;
  std::set<std::string> ignored_fields;  // all of them, the always-ignored too
  // Members with differences only: those of a in order of first
  // appearance, then those only b has, then the records without a member.
  std::vector<MemberDiff> members;

  bool Same() const { return members.empty(); }
  std::size_t DifferenceCount() const;
};

// Compares b against a. Diagnostics of either recording are not looked at:
// a caller that must not compare damaged files checks them first.
RecordingDiff DiffRecordings(const recorder::Recording& a, const recorder::Recording& b,
                             const RecordingDiffOptions& options = {});

// One line per difference, each starting with its member, record values
// escaped for a terminal (Printable); "" when the recordings are the same.
//   web-1: create: disk_path '/a/web-1/disk.raw' -> '/b/web-1/disk.raw'
//   web-2: + pause x3
//   web-3: start and stop swapped
std::string RenderRecordingDiffText(const RecordingDiff& diff);

// The JSON document of docs/diff.schema.json, with a final newline.
std::string RenderRecordingDiffJson(const RecordingDiff& diff);

}  // namespace witness::assertions

#endif  // WITNESS_ASSERTIONS_RECORDING_DIFF_H_
