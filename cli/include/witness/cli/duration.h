// Durations as users type them on a command line: "300ms", "5s", "1.5s",
// "2m", "1m30s". A bare number is refused: "--wait 5" could mean seconds or
// milliseconds, and guessing wrong makes a check flaky or slow.
//
//   std::chrono::milliseconds wait = ParseDuration("1m30s");  // 90000 ms
//   std::cout << FormatDuration(wait);                        // "1m30s"
#ifndef WITNESS_CLI_DURATION_H_
#define WITNESS_CLI_DURATION_H_

#include <chrono>
#include <string>
#include <string_view>

namespace witness::cli {

// Parses a sequence of <number><unit> terms (units ms, s, m, h; numbers may
// have a fraction). Throws UsageError naming the text for anything else,
// for a negative value, and for more than a day.
std::chrono::milliseconds ParseDuration(std::string_view text);

// The shortest form ParseDuration reads back to the same value: "250ms",
// "5s", "1m30s", "1.5s".
std::string FormatDuration(std::chrono::milliseconds duration);

}  // namespace witness::cli

#endif  // WITNESS_CLI_DURATION_H_
