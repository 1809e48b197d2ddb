// Durations on the command line: recorder::ParseDuration (the rule scenarios
// use too), with a bad one a usage error.
//
//   std::chrono::milliseconds wait = ParseDuration("1m30s");  // 90000 ms
//   std::cout << FormatDuration(wait);                        // "1m30s"
#ifndef WITNESS_CLI_DURATION_H_
#define WITNESS_CLI_DURATION_H_

#include <chrono>
#include <string>
#include <string_view>

namespace witness::cli {

// recorder::ParseDuration; throws UsageError with its message.
std::chrono::milliseconds ParseDuration(std::string_view text);

// recorder::FormatDuration.
std::string FormatDuration(std::chrono::milliseconds duration);

}  // namespace witness::cli

#endif  // WITNESS_CLI_DURATION_H_
