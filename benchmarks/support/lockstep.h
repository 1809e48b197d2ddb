// Every append variant measured in turn by the same writers, block by block,
// so that a ratio between two variants compares blocks that ran moments
// apart on the same machine.
//
//   LockstepPlan plan{WriterKind::kThreads, /*writers=*/8, /*records_per_block=*/256,
//                     /*rounds=*/40};
//   LockstepRun run = RunLockstep(plan, {Variant::kRawWrite, Variant::kWitness}, sample);
//   if (run.error.empty()) use(run.block_ns[round][variant]);
//
// A round runs one block per variant; in a block, all writers (threads of
// this process, or forked processes) append their share of records with
// that variant to its own file, released together. A block's time is from
// the first writer's first record to the last writer's last. On a shared
// machine, other work comes in bursts much longer than a block: separate
// runs of two variants (even interleaved at random) then see different
// machines, while two blocks of one round see the same one. Within a round
// the first two variants are always neighbours, and every other round runs
// the variants in reverse order, so neither runs first more often.
//
// Afterwards every file is checked: each record exactly once and intact.
#ifndef WITNESS_BENCHMARKS_SUPPORT_LOCKSTEP_H_
#define WITNESS_BENCHMARKS_SUPPORT_LOCKSTEP_H_

#include <cstdint>
#include <string>
#include <vector>

#include "support/appenders.h"
#include "support/sample_record.h"

namespace witness::bench {

enum class WriterKind { kThreads, kProcesses };

struct LockstepPlan {
  WriterKind kind = WriterKind::kThreads;
  std::uint32_t writers = 1;            // at most 64
  std::uint64_t records_per_block = 1;  // per writer
  int rounds = 1;
};

struct LockstepRun {
  // block_ns[round][v]: the time of round `round`'s block of variants[v].
  std::vector<std::vector<std::int64_t>> block_ns;
  std::string error;  // "" when every record of every variant was written and found
};

// Runs `plan` for `variants` (each writing its own new file in the scratch
// directory, removed afterwards). Forking requires the calling thread to
// be the only one.
LockstepRun RunLockstep(const LockstepPlan& plan, const std::vector<Variant>& variants,
                        const SampleRecord& sample);

}  // namespace witness::bench

#endif  // WITNESS_BENCHMARKS_SUPPORT_LOCKSTEP_H_
