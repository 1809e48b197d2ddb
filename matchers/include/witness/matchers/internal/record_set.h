// The one view of a recording every relation matcher works on, whatever the
// caller holds: a Recording, a std::vector<Record>, or the pointers
// Recording::CallRecords() returns.
#ifndef WITNESS_MATCHERS_INTERNAL_RECORD_SET_H_
#define WITNESS_MATCHERS_INTERNAL_RECORD_SET_H_

#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <gmock/gmock.h>

#include "witness/recorder/reader.h"
#include "witness/recorder/record.h"

namespace witness::matchers::internal {

// Borrows from the container it was made from, which must outlive it.
struct RecordSet {
  // Ordinary records (backend calls) in recording order. Session records
  // are set apart: relations ignore them, as the engine's expectations do.
  std::vector<const recorder::Record*> ordinary;
  // The writer's session and session_end records.
  std::vector<const recorder::Record*> sessions;
  // The files read; empty when the records did not come from a Recording.
  std::vector<std::string> files;
  // Reader diagnostics in the Recording (bad or torn lines).
  std::size_t bad_lines = 0;
};

RecordSet View(const recorder::Recording& recording);
RecordSet View(const std::vector<recorder::Record>& records);
RecordSet View(const recorder::RecordVector& records);
// Null pointers are skipped.
RecordSet View(const std::vector<const recorder::Record*>& records);

// Whether the records prove that a recorder ran: a session record, or at
// least one ordinary record (files written by the Go reference have no
// session records). `evidence` says which, or why not, in words.
struct Liveness {
  bool alive = false;
  std::string evidence;
};
Liveness AssessLiveness(const RecordSet& set);

// True for what View accepts.
template <typename T, typename = void>
struct IsRecordCollection : std::false_type {};
template <typename T>
struct IsRecordCollection<T, std::void_t<decltype(View(std::declval<const T&>()))>>
    : std::true_type {};

template <typename>
inline constexpr bool kNotACollection = false;

// The gmock face every relation shares: matches whatever View accepts by
// handing the view to Derived::MatchSet (CRTP, so each relation stays a
// plain copyable class as gmock's polymorphic matchers are).
template <typename Derived>
class RecordSetMatcher {
 public:
  using is_gtest_matcher = void;

  template <typename Recordings>
  bool MatchAndExplain(const Recordings& recordings,
                       testing::MatchResultListener* listener) const {
    if constexpr (IsRecordCollection<Recordings>::value) {
      return static_cast<const Derived&>(*this).MatchSet(View(recordings), listener);
    } else {
      // Most often a relation put inside Contains or Each, which hand it
      // one record at a time.
      static_assert(kNotACollection<Recordings>,
                    "a relation (HasRecord, HappensBefore, InOrder, Threads, UniqueBy, "
                    "RecorderWasAlive) matches a whole recording, not one record; inside "
                    "Contains, Each or ElementsAre use record matchers: Op(...), "
                    "RecordWith(...)");
      return false;
    }
  }
};

}  // namespace witness::matchers::internal

#endif  // WITNESS_MATCHERS_INTERNAL_RECORD_SET_H_
