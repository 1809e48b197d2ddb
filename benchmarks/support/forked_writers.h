// Several processes appending to one file at once, timed as one round.
//
//   ForkedRound round = RunForkedWriters(4, [&](std::uint32_t index) {
//     int fd = OpenForAppend(path);               // setup, not timed
//     return std::function<void()>([=] { ... });  // the timed part
//   });
//   if (!round.error.empty()) state.SkipWithError(round.error.c_str());
//
// Each child prepares (opens its file, its writer), reports ready, and waits
// on a pipe; the parent releases all of them at once by closing it and
// takes the time. Each child reads the monotonic clock (one clock for every
// process) as soon as its last record is written, so a round's time is
// release -> last record, without fork(), exec or exit costs, which would
// otherwise dilute the differences between variants.
#ifndef WITNESS_BENCHMARKS_SUPPORT_FORKED_WRITERS_H_
#define WITNESS_BENCHMARKS_SUPPORT_FORKED_WRITERS_H_

#include <cstdint>
#include <functional>
#include <string>

namespace witness::bench {

// Runs in a child: prepares writer `index` and returns the timed work. What
// the returned function owns is destroyed after the clock is read, so
// closing files and flushing belong in destructors. Exceptions fail the round.
using PrepareChild = std::function<std::function<void()>(std::uint32_t index)>;

struct ForkedRound {
  std::int64_t wall_ns = 0;  // release -> the last child's last record
  std::int64_t cpu_ns = 0;   // CPU time (user + system) the children spent on the work
  std::string error;         // "" when every child succeeded
};

// Forks `processes` children (at most 64) from the calling thread and waits
// for all of them. The caller must be single-threaded, as fork() requires
// for anything but async-signal-safe code in the child.
ForkedRound RunForkedWriters(std::uint32_t processes, const PrepareChild& prepare);

// CLOCK_MONOTONIC in nanoseconds.
std::int64_t MonotonicNanos() noexcept;

// CPU time (user + system) of all threads of this process, in nanoseconds.
// Unlike wall time, other work on the machine barely moves it.
std::int64_t ProcessCpuNanos() noexcept;

}  // namespace witness::bench

#endif  // WITNESS_BENCHMARKS_SUPPORT_FORKED_WRITERS_H_
