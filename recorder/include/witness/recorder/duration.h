// Durations as people type them, in scenarios and on command lines: "300ms",
// "5s", "1.5s", "2m", "1m30s". A bare number is refused: "5" could mean
// seconds or milliseconds, and guessing wrong makes a check flaky or slow.
//
//   std::chrono::milliseconds wait = ParseDuration("1m30s");  // 90000 ms
//   std::cout << FormatDuration(wait);                        // "1m30s"
#ifndef WITNESS_RECORDER_DURATION_H_
#define WITNESS_RECORDER_DURATION_H_

#include <chrono>
#include <string>
#include <string_view>

#include "witness/recorder/error.h"

namespace witness::recorder {

// What ParseDuration throws: "invalid duration '5': a number needs a unit
// (ms, s, m or h) (examples: 300ms, 5s, 1.5s, 2m, 1m30s)".
class DurationError : public Error {
 public:
  using Error::Error;
};

// Parses a sequence of <number><unit> terms (units ms, s, m, h; numbers may
// have a fraction). Throws DurationError naming the text for anything else,
// for a negative value, and for more than a day.
std::chrono::milliseconds ParseDuration(std::string_view text);

// The shortest form ParseDuration reads back to the same value: "250ms",
// "5s", "1m30s", "1.5s".
std::string FormatDuration(std::chrono::milliseconds duration);

}  // namespace witness::recorder

#endif  // WITNESS_RECORDER_DURATION_H_
