// Time between records, for `within`, `max_gap` and their reports. Time is
// the writer's ts_ns; recordings without it (the Go reference's) cannot show
// how soon anything happened, so a time check on them is unverifiable.
#ifndef WITNESS_ASSERTIONS_INTERNAL_TIMING_H_
#define WITNESS_ASSERTIONS_INTERNAL_TIMING_H_

#include <cstdint>
#include <optional>
#include <string>

#include "witness/recorder/record.h"

namespace witness::assertions::internal {

// b's ts_ns minus a's, or nullopt when either has none.
std::optional<std::int64_t> NanosecondsBetween(const recorder::Record& a,
                                               const recorder::Record& b);

// A span as a report says it: "31.2 s", "5 s", "250 ms", "2 m 5 s" (to a
// tenth of a second past one second, to the millisecond below it).
std::string SpanText(std::int64_t ns);

// Why a time check cannot be made: "'within' needs timestamps, and
// rec.jsonl:3 has no ts_ns (recordings by the Go reference carry none)".
std::string NoTimestampReason(const std::string& what, const recorder::Record& record);

}  // namespace witness::assertions::internal

#endif  // WITNESS_ASSERTIONS_INTERNAL_TIMING_H_
