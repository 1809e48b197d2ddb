// What checking a recording against a scenario found: the outcome, every
// expectation's result with the records it matched, the closest records when
// a pattern matched nothing, and the scenario-wide checks (order, unique,
// lifecycle, strict, writers, clean_exit).
//
//   Report report = Check(scenario, recording);
//   if (report.outcome != Outcome::kPass)
//     for (const std::string& line : report.Failures()) std::cerr << line << "\n";
#ifndef WITNESS_ASSERTIONS_REPORT_H_
#define WITNESS_ASSERTIONS_REPORT_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "witness/recorder/reader.h"

namespace witness::assertions {

// The verdict. kUnverifiable is neither pass nor fail: the scenario says
// "never" (or "at most") but the recording does not prove that a recorder was
// alive, so the absence of records proves nothing.
enum class Outcome { kPass, kFail, kUnverifiable };

// "pass", "fail", "unverifiable".
std::string_view ToString(Outcome outcome) noexcept;

// One field of a pattern compared with one record.
struct FieldDiff {
  std::string field;
  std::string expected;  // the matcher in words: `equal to "aa:bb:..."`, `absent`
  std::string actual;    // the record's value as JSON, or "(absent)"
  bool matched = false;
};

// A record close to a pattern that matched nothing (or too little).
struct NearMiss {
  recorder::SourceLocation where;
  std::string record;               // the record as one JSON line
  std::vector<FieldDiff> fields;    // every field of the pattern, in pattern order
  std::size_t fields_matched = 0;
};

// How close a record came to a pattern. Near misses are shown in one
// order by `witness check` and the C++ matchers alike: a record of the
// pattern's op first, then the one matching more fields, then the earlier.
struct Closeness {
  bool same_op = false;
  std::size_t fields_matched = 0;
  std::size_t position = 0;  // the record's place in its recording
};
bool CloserThan(const Closeness& a, const Closeness& b);

// A record a report refers to, small enough to keep one for each of a
// soak's 100,000 records: its file (an index into Report::files), its line
// and its byte offset. Report::Where() turns it into a SourceLocation.
struct RecordRef {
  std::uint32_t file = 0;
  std::uint32_t line = 0;
  std::uint64_t offset = 0;
};

// The result of one expectation (one instance per member for per_member ones).
struct ExpectationResult {
  std::string id;        // as written; "" when the expectation has none
  std::string member;    // "" outside per_member
  std::string label;     // id (or "line N" when there is none) plus " [member]"
  std::string defined_at;  // "scenario.yaml:12:7"
  std::string pattern;   // the pattern in words, variables resolved
  std::string count;     // "exactly 1", "never", "between 1 and 3"
  bool passed = true;
  std::vector<RecordRef> matched;  // in recording order
  std::vector<std::string> failures;              // why it failed
  std::vector<NearMiss> near_misses;              // closest first
  // An index into Report::causes when a root cause explains this failure.
  std::optional<std::size_t> cause;
};

// Scenario-wide checks besides expectations, and what `witness run` checks
// of the command it ran.
enum class CheckKind {
  kOrder,      // an `order` chain
  kUnique,     // a `unique` entry
  kLifecycle,  // the `lifecycle` shorthand, one result per member
  kStrict,     // unmatched records and bad lines under `strict: true`
  kMembers,    // `members: {from: OP}` found no member
  kWriters,    // `writers: N`
  kCleanExit,  // `clean_exit: true`
  kLiveness,   // proof that a recorder was alive (see Outcome::kUnverifiable)
  kFields,     // under `strict`: a field named that neither the format nor a record has
  kCommand,    // `witness run`: how the command ended, or text its output had to hold
  kNoneBetween,  // a `none_between` entry (one result per member inside per_member)
};

// "order", "unique", "lifecycle", "strict", "members", "writers",
// "clean_exit", "liveness", "fields", "command", "none_between".
std::string_view ToString(CheckKind kind) noexcept;

struct CheckResult {
  CheckKind kind = CheckKind::kOrder;
  std::string name;    // "order reserve -> create -> stop [web-1]"
  std::string member;  // "" unless the check is about one member
  // Where the scenario asks for the check, "scenario.yaml:31:5"; "" for a
  // check the scenario does not write (kCommand).
  std::string defined_at;
  bool passed = true;
  std::vector<std::string> failures;               // each names records by file:line
  std::vector<recorder::SourceLocation> records;   // the records involved
  // What was found, for a check whose pass is news too: "the command exited
  // with status 1, as expected" says more than the check's name. The text
  // report shows it even when it lists no passes.
  std::string finding;
  // An index into Report::causes when a root cause explains this failure.
  std::optional<std::size_t> cause;
};

// A value one expectation captured and later ones compared with (the MAC
// taken at reserve and required at create): where it was bound and who used
// it, so a reader can follow the value from record to record.
struct CaptureUse {
  std::size_t expectation = 0;  // index into Report::expectations
  std::string field;            // the field whose matcher names the capture
};

struct CaptureThread {
  std::string name;        // "mac"
  std::string value;       // the bound value as compact JSON
  std::size_t binder = 0;  // index into Report::expectations
  RecordRef bound_at;      // the record the value was taken from
  std::vector<CaptureUse> uses;  // in evaluation order
};

// One fact that explains other failures, said before them: "the recorder
// never started", "no record names member 'web-3'", "the file holds 2 runs".
// The failures it explains point to it; reports list them under it (the
// text report only with -v), so one wrong fact costs one line.
struct RootCause {
  std::string text;
  std::size_t explains = 0;  // how many failing expectations and checks point here
};

// How many expectations and checks passed and failed, the one count every
// output states: the text summary, the verdict on stderr, JSON and JUnit.
struct Tally {
  std::size_t passed = 0;
  std::size_t failed = 0;
  std::size_t explained = 0;  // of the failed, those a root cause explains
  std::size_t total() const noexcept { return passed + failed; }
};

// Who claimed a record in the annotated listing.
struct Claim {
  std::string id;      // the expectation's label when it has no id
  std::string member;
};

enum class LineStatus {
  kClaimed,    // matched by at least one expectation
  kUnclaimed,  // matched by none (a failure under strict)
  kSession,    // the writer's own session / session_end record
  kBad,        // a reader diagnostic: bad or torn bytes
};

// One entry of the annotated listing, in file order (line, then offset).
struct ListingLine {
  recorder::SourceLocation where;
  LineStatus status = LineStatus::kUnclaimed;
  std::string text;           // the record as JSON, or the bad bytes' excerpt
  std::vector<Claim> claims;  // for kClaimed
  std::string note;           // the diagnostic for kBad; why a claim failed
};

// What `--update` proposes for a failing scenario: the changes that make
// the recording pass, in the scenario language's terms (DiffScenarios), and
// where the pending scenario went.
struct ProposedUpdate {
  std::string scenario_file;
  // Where the pending scenario was written; "" when it was not (see
  // not_written).
  std::string pending_file;
  // Why nothing was written: "CI is set (use --update=always to write)",
  // "the update does not make the scenario pass".
  std::string not_written;
  bool passes = false;                  // the pending scenario passes on the recording
  std::vector<std::string> changes;     // one line per change in meaning
  std::vector<std::string> unresolved;  // failures the update leaves to a person
};

struct Report {
  std::string scenario;       // the scenario's name
  std::string scenario_file;
  std::vector<std::string> files;  // the record files read
  Outcome outcome = Outcome::kPass;
  // Set when outcome is kUnverifiable: "the recorder never started: no
  // session record and no records in 'rec.jsonl'".
  std::string unverifiable_reason;
  std::size_t records = 0;          // ordinary records
  std::size_t session_records = 0;  // session and session_end records
  std::vector<ExpectationResult> expectations;
  std::vector<CheckResult> checks;
  // The reader's diagnostics, in file order; they fail the scenario only
  // under strict (then also reported by a kStrict check).
  std::vector<recorder::Diagnostic> diagnostics;
  // Empty unless CheckOptions::listing was set.
  std::vector<ListingLine> listing;
  // What is probably wrong but does not fail the scenario: a field the
  // scenario names that no record has and the format does not define (a
  // typo, most likely; under `strict` it is a failure instead).
  std::vector<std::string> warnings;
  // What explains the failures, most fundamental first; empty when nothing
  // does (each failure then stands on its own).
  std::vector<RootCause> causes;
  // Set when the scenario fails in a way that records appended to the file
  // later cannot undo: a "never" that matched, an order already broken, a
  // forbidden record between two others, every writer's session closed.
  // `witness check --wait` stops waiting on it.
  std::string final_failure;
  // Every capture that was bound, with the expectations that used it.
  std::vector<CaptureThread> threads;
  // How long the run took, when the caller timed it (`witness run`: the
  // command and the check; `witness check`: the read and the check).
  std::optional<std::uint64_t> duration_ms;
  // Set by `--update` when the scenario failed.
  std::optional<ProposedUpdate> update;

  Tally Count() const noexcept;
  bool passed() const noexcept { return outcome == Outcome::kPass; }
  recorder::SourceLocation Where(const RecordRef& record) const;
  // Diagnostics that are records cut short by a writer that died mid-write
  // (torn in mid-line, or an incomplete last line).
  std::size_t TornRecords() const noexcept;
  // One line per failure, each naming what is wrong and where:
  // "create [web-2]: expected exactly 1 record, matched 0".
  std::vector<std::string> Failures() const;
};

}  // namespace witness::assertions

#endif  // WITNESS_ASSERTIONS_REPORT_H_
