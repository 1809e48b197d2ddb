// GoogleMock matchers over record files: the checks of a YAML scenario,
// written in C++ and composable with EXPECT_THAT, AllOf, Contains, Each,
// ElementsAre, StartsWith, MatchesRegex and every other gmock matcher.
// docs/matchers.md shows each next to its YAML equivalent.
//
//   using namespace witness;
//   const recorder::Recording rec = ReadRecords(record_path);
//   EXPECT_THAT(rec, RecorderWasAlive());
//   EXPECT_THAT(rec, HasRecord(Op("create"), Name("web-1"), Mac(testing::StartsWith("52:54:"))));
//   EXPECT_THAT(rec, HappensBefore(Op("reserve"), Op("create")));
//   EXPECT_THAT(rec, Threads("mac", Op("reserve"), Op("create")));
//
// Two kinds of matcher:
// - Record matchers (Op, Mac, Field, HasField, RecordWith) match one
//   recorder::Record, or a pointer to one. Use them alone or inside gmock's
//   container matchers, which a Recording satisfies over its call records:
//   EXPECT_THAT(rec, Contains(AllOf(Op("create"), Name("web-2")))),
//   EXPECT_THAT(rec, Contains(Op("stop")).Times(3)), Each, ElementsAre,
//   UnorderedElementsAre, IsEmpty, SizeIs.
// - Relations (HasRecord, HappensBefore, InOrder, Threads, UniqueBy,
//   RecorderWasAlive, SatisfiesScenario) match a whole recording: a
//   recorder::Recording, a std::vector<recorder::Record>, or the
//   std::vector<const recorder::Record*> from Recording::CallRecords().
//
// Session records (op `session` and `session_end`, which the writer appends
// about itself) are not backend calls: every relation ignores them, as the
// engine's expectations do, and only RecorderWasAlive looks at them.
//
// A relation explains a failure with the records involved (file:line and the
// record) and, for a pattern that matched nothing, the closest records with
// every failing field. Patterns built with RecordWith (or passed to HasRecord
// as several matchers) get per-field near misses; an opaque matcher such as
// testing::AllOf is one part, so only whole-record mismatches are shown.
//
// Thread-safety: matchers are immutable once built and may be used from
// several threads, as gmock's own are.
#ifndef WITNESS_MATCHERS_H_
#define WITNESS_MATCHERS_H_

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "witness/assertions/scenario.h"
#include "witness/matchers/internal/field_matcher.h"
#include "witness/matchers/internal/has_record_matcher.h"
#include "witness/matchers/internal/order_matcher.h"
#include "witness/matchers/internal/pattern.h"
#include "witness/matchers/internal/recording_health_matchers.h"
#include "witness/matchers/internal/scenario_matcher.h"
#include "witness/matchers/internal/threads_matcher.h"
#include "witness/matchers/internal/unique_by_matcher.h"
#include "witness/matchers/internal/wait_for_record.h"
#include "witness/matchers/internal/wait_for_scenario.h"
#include "witness/recorder/format.h"
#include "witness/recorder/reader.h"
#include "witness/recorder/record.h"

namespace witness {

// ---------------------------------------------------------------------------
// Loading

// What ReadRecords does with a bad or torn line.
enum class BadLines {
  kFail,      // each one is a non-fatal test failure located at file:line
  kTolerate,  // kept in Recording::diagnostics; assert on them with HasNoBadLines()
};

// Reads a record file through the recorder's reader. A file that cannot be
// read throws recorder::RecordFileError (the test cannot go on); under
// BadLines::kFail every reader diagnostic is reported with ADD_FAILURE_AT at
// the record file's line, and the good records are returned all the same.
recorder::Recording ReadRecords(const std::string& path, BadLines bad_lines = BadLines::kFail);

// Several files (one per process, for instance), merged by the reader in
// ts_ns, pid, seq order.
recorder::Recording ReadRecords(const std::vector<std::string>& paths,
                                BadLines bad_lines = BadLines::kFail);

// Copies of the recording's ordinary records (session records left out).
// The container matchers take the Recording itself; this is for code that
// wants a std::vector.
std::vector<recorder::Record> CallRecords(const recorder::Recording& recording);

// ---------------------------------------------------------------------------
// Record matchers
//
// Each takes a gmock matcher or a literal (a literal means equality). A
// record without the field never matches: the explanation says "which has no
// field `mac`", and Not(Mac("x")) matches it.

// The field `key`, read as a T. T is deduced from a literal (an integer
// literal reads the field as std::int64_t, a floating one as double, bool as
// bool) and is std::string for a matcher; name it for other types:
//   Field("serial_log_path", testing::EndsWith(".log"))
//   Field("cpus", 2)                        // an integer field equal to 2
//   Field<std::int64_t>("memory_bytes", testing::Ge(1 << 30))
//   Field<std::vector<std::string>>("fixture_paths", testing::SizeIs(2))
//   Field<nlohmann::json>("extra", testing::_)   // any JSON value
// A value of another JSON type does not match.
template <typename T = matchers::internal::DeducedFieldType, typename M>
matchers::internal::FieldMatcher<matchers::internal::FieldTypeFor<T, M>> Field(std::string key,
                                                                               M&& matcher) {
  using Value = matchers::internal::FieldTypeFor<T, M>;
  using D = std::decay_t<M>;
  if constexpr (std::is_constructible_v<Value, const D&>) {
    // A literal: keep a copy of the value, never a pointer to the caller's.
    return {std::move(key), testing::Matcher<const Value&>(testing::Eq(Value(matcher)))};
  } else {
    return {std::move(key), testing::MatcherCast<const Value&>(std::forward<M>(matcher))};
  }
}

// The key is present, whatever its value.
inline matchers::internal::HasFieldMatcher HasField(std::string key) {
  return matchers::internal::HasFieldMatcher(std::move(key));
}

// `op`: the backend call ("reserve", "create", "start", "stop", "close").
template <typename M>
matchers::internal::FieldMatcher<std::string> Op(M&& m) {
  return Field<std::string>(std::string(recorder::keys::kOp), std::forward<M>(m));
}
// `name`: the member the call was for.
template <typename M>
matchers::internal::FieldMatcher<std::string> Name(M&& m) {
  return Field<std::string>(std::string(recorder::keys::kName), std::forward<M>(m));
}
// `disk_path` of a create.
template <typename M>
matchers::internal::FieldMatcher<std::string> DiskPath(M&& m) {
  return Field<std::string>(std::string(recorder::keys::kDiskPath), std::forward<M>(m));
}
// `seed_path` of a create.
template <typename M>
matchers::internal::FieldMatcher<std::string> SeedPath(M&& m) {
  return Field<std::string>(std::string(recorder::keys::kSeedPath), std::forward<M>(m));
}
// `efi_path` of a create.
template <typename M>
matchers::internal::FieldMatcher<std::string> EfiPath(M&& m) {
  return Field<std::string>(std::string(recorder::keys::kEfiPath), std::forward<M>(m));
}
// `fixture_paths`, a list of strings: FixturePaths(ElementsAre(EndsWith(".img"))),
// FixturePaths({"/a.img", "/b.img"}).
template <typename M>
matchers::internal::FieldMatcher<std::vector<std::string>> FixturePaths(M&& m) {
  return Field<std::vector<std::string>>(std::string(recorder::keys::kFixturePaths),
                                         std::forward<M>(m));
}
inline matchers::internal::FieldMatcher<std::vector<std::string>> FixturePaths(
    std::vector<std::string> paths) {
  return Field<std::vector<std::string>>(std::string(recorder::keys::kFixturePaths),
                                         std::move(paths));
}
// `mac` of a reserve or a create.
template <typename M>
matchers::internal::FieldMatcher<std::string> Mac(M&& m) {
  return Field<std::string>(std::string(recorder::keys::kMac), std::forward<M>(m));
}
// `assigned_ip` of a create.
template <typename M>
matchers::internal::FieldMatcher<std::string> AssignedIp(M&& m) {
  return Field<std::string>(std::string(recorder::keys::kAssignedIp), std::forward<M>(m));
}
// `ip_hint` of a reserve.
template <typename M>
matchers::internal::FieldMatcher<std::string> IpHint(M&& m) {
  return Field<std::string>(std::string(recorder::keys::kIpHint), std::forward<M>(m));
}
// `error`: why a call the fake was told to fail failed.
template <typename M>
matchers::internal::FieldMatcher<std::string> Error(M&& m) {
  return Field<std::string>(std::string(recorder::keys::kError), std::forward<M>(m));
}

// A record matching every one of `matchers`. Like testing::AllOf, except
// that its explanation lists every failing field (not only the first) and
// relations can show per-field near misses for it.
template <typename M, typename... Rest>
matchers::internal::RecordWithMatcher RecordWith(const M& matcher, const Rest&... rest) {
  return matchers::internal::RecordWithMatcher(matchers::internal::Conjunction(matcher, rest...));
}

// ---------------------------------------------------------------------------
// Relations over a whole recording (session records ignored)

// At least one record matches all of `matchers` (see RecordWith). Chain
// .Times(n) or .Times(matcher) for a count: HasRecord(Op("stop"), Name("boom")).Times(0).
// A count that allows zero ("never", "at most") fails on a recording that
// does not show a live recorder, exactly as RecorderWasAlive() would: an
// empty file proves nothing.
template <typename M, typename... Rest>
matchers::internal::HasRecordMatcher HasRecord(const M& matcher, const Rest&... rest) {
  return matchers::internal::HasRecordMatcher(matchers::internal::Conjunction(matcher, rest...));
}

// Both kinds of record exist, and every record matching `before` precedes
// every record matching `after` in recording order.
template <typename A, typename B>
matchers::internal::OrderMatcher HappensBefore(const A& before, const B& after) {
  return matchers::internal::OrderMatcher(
      {matchers::internal::ToPattern(before), matchers::internal::ToPattern(after)});
}

// One chain: HappensBefore for each consecutive pair, every kind present.
template <typename A, typename B, typename... Rest>
matchers::internal::OrderMatcher InOrder(const A& first, const B& second, const Rest&... rest) {
  return matchers::internal::OrderMatcher(
      {matchers::internal::ToPattern(first), matchers::internal::ToPattern(second),
       matchers::internal::ToPattern(rest)...});
}

// Per member (records grouped by `name`), the field `key` of every record
// matching `to` equals the field in the member's first record matching
// `from`: Threads("mac", Op("reserve"), Op("create")) checks that the MAC
// handed out by reserve reaches create. A member with `to` records but no
// `from` record fails, and at least one member must have both.
template <typename From, typename To>
matchers::internal::ThreadsMatcher Threads(std::string key, const From& from, const To& to) {
  return matchers::internal::ThreadsMatcher(std::move(key), matchers::internal::ToPattern(from),
                                            matchers::internal::ToPattern(to));
}

// At least one record matches `matcher`, each has the field `key`, and the
// values are pairwise distinct: UniqueBy("mac", Op("create")).
template <typename M>
matchers::internal::UniqueByMatcher UniqueBy(std::string key, const M& matcher) {
  return matchers::internal::UniqueByMatcher(std::move(key), matchers::internal::ToPattern(matcher));
}

// The recording proves a recorder ran: a session record, or (for files the
// Go reference wrote, which have none) at least one record. Assert it before
// trusting any "never".
inline matchers::internal::RecorderWasAliveMatcher RecorderWasAlive() { return {}; }

// A Recording whose reader found no bad or torn line (for recordings read
// with BadLines::kTolerate).
inline matchers::internal::HasNoBadLinesMatcher HasNoBadLines() { return {}; }

// The recording passes the YAML scenario at `path` (docs/scenarios.md), as
// `witness check` would; the explanation of a failure is the engine's text
// report. The scenario is loaded here, so a scenario that does not load
// throws assertions::ScenarioError (with file:line:column) from this call.
// "Unverifiable" (a "never" on a recording without a live recorder) is a
// mismatch.
matchers::internal::SatisfiesScenarioMatcher SatisfiesScenario(const std::string& path);
// With values for ${NAME}, overriding the scenario's own `vars`.
matchers::internal::SatisfiesScenarioMatcher SatisfiesScenario(
    const std::string& path, const assertions::Variables& vars);
// A scenario already loaded (or parsed from a string with ParseScenario).
matchers::internal::SatisfiesScenarioMatcher SatisfiesScenario(assertions::Scenario scenario);

// ---------------------------------------------------------------------------
// Waiting for a process that records asynchronously

// Succeeds as soon as an ordinary record of the file at `path` matches all
// of `matcher` (the file may not exist yet), waking on inotify events and
// polling where inotify is unavailable. After `timeout` it fails with the
// records seen and the closest ones. Use with ASSERT_TRUE / EXPECT_TRUE:
//   ASSERT_TRUE(WaitForRecord(path, RecordWith(Op("stop"), Name("web-1")), 5s));
template <typename M>
testing::AssertionResult WaitForRecord(const std::string& path, const M& matcher,
                                       std::chrono::milliseconds timeout) {
  return matchers::internal::WaitForPattern(path, matchers::internal::ToPattern(matcher), timeout,
                                            matchers::internal::WatchMode::kInotify);
}

// Succeeds once the record file at `path` satisfies `scenario` and, with a
// `hold`, keeps satisfying it that long after (a forbidden record that lands
// a moment after the first pass is caught). Fails as soon as the scenario
// can no longer pass (a "never" matched, an order broken, every writer's
// session closed), or after `timeout`, explaining with the text report:
//   ASSERT_TRUE(WaitForScenario(path, LoadScenario("fleet.yaml"), 10s, 2s));
inline testing::AssertionResult WaitForScenario(
    const std::string& path, const assertions::Scenario& scenario,
    std::chrono::milliseconds timeout,
    std::chrono::milliseconds hold = std::chrono::milliseconds(0)) {
  return matchers::internal::WaitForScenarioIn(path, scenario, timeout, hold,
                                               matchers::internal::WatchMode::kInotify);
}

}  // namespace witness

namespace witness::recorder {

// How gtest prints records in failure messages: "rec.jsonl:3 {"op":...}".
// Defined here, beside the matchers, because the recorder does not depend on
// GoogleTest.
void PrintTo(const Record& record, std::ostream* os);
void PrintTo(const Record* record, std::ostream* os);
// A summary ("7 records, 2 session records from 'rec.jsonl':"), then the
// first 32 call records, one a line, each with the index gmock's container
// matchers name ("#3 rec.jsonl:5 {...}").
void PrintTo(const Recording& recording, std::ostream* os);

}  // namespace witness::recorder

#endif  // WITNESS_MATCHERS_H_
