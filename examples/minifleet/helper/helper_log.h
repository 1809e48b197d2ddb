// The helper's diagnostics: one line each on stderr, prefixed with the
// program name and pid, so they read clearly inside the client's output.
//
//   Log("client gone: stopped 3 member(s), closed the network");
//   // minifleet-helper[4242]: client gone: stopped 3 member(s), closed the network
#ifndef MINIFLEET_HELPER_HELPER_LOG_H_
#define MINIFLEET_HELPER_HELPER_LOG_H_

#include <string_view>

namespace minifleet::helper {

// Writes the line with a single write(2), so lines from several threads
// never interleave. Thread-safe; never throws.
void Log(std::string_view message) noexcept;

}  // namespace minifleet::helper

#endif  // MINIFLEET_HELPER_HELPER_LOG_H_
