// The append variants in lock-step (support/lockstep.h): every writer
// appends a block with one variant, then with the next, round after round,
// so that each round compares the variants on the same machine moments
// apart. The ratios reported are medians of per-round ratios; this is what
// scripts/bench-gate.sh judges, because on a shared machine separate runs
// of two variants differ by more than the variants do.
//
// Names: append_lockstep/<size>/threads:<n> and .../processes:<n>. Counters,
// for every variant V: V_ns_per_record (the median block's time per
// record), and for every V but the floor, V_floor_ratio (the median over
// rounds of V's block time over raw_write's in the same round), plus
// go_fake_witness_ratio, the same for the Go fake's way over Witness.
//
// WITNESS_BENCH_SCALE (default 1) multiplies the number of rounds.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "support/appenders.h"
#include "support/lockstep.h"
#include "support/sample_record.h"
#include "support/scale.h"

namespace witness::bench {
namespace {

constexpr int kThreadCounts[] = {1, 2, 8, 64};
constexpr std::uint32_t kProcessCounts[] = {1, 4, 16};
// The floor and Witness first: the two neighbours of every round.
const std::vector<Variant> kLockstepVariants = {
    Variant::kRawWrite, Variant::kWitness, Variant::kGoFake, Variant::kSpdlog, Variant::kStdio};
constexpr int kBaseRounds = 40;

// Records per block, all writers together: about 1-2 ms of the floor, much
// less than the bursts of other work it must not straddle, much more than
// releasing the writers costs.
constexpr std::uint64_t kBlockRecords = 2048;

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t middle = values.size() / 2;
  return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

std::size_t IndexOf(Variant variant) {
  return static_cast<std::size_t>(
      std::find(kLockstepVariants.begin(), kLockstepVariants.end(), variant) -
      kLockstepVariants.begin());
}

// The median over rounds of block[numerator] / block[denominator].
double MedianRatio(const LockstepRun& run, std::size_t numerator, std::size_t denominator) {
  std::vector<double> ratios;
  for (const std::vector<std::int64_t>& round : run.block_ns) {
    if (round[denominator] > 0) {
      ratios.push_back(static_cast<double>(round[numerator]) /
                       static_cast<double>(round[denominator]));
    }
  }
  return ratios.empty() ? 0 : Median(ratios);
}

void BM_AppendLockstep(benchmark::State& state, RecordSize size, WriterKind kind,
                       std::uint32_t writers) {
  static const SampleRecord small(RecordSize::kSmall);
  static const SampleRecord typical(RecordSize::kTypical);
  const SampleRecord& sample = size == RecordSize::kSmall ? small : typical;
  LockstepPlan plan;
  plan.kind = kind;
  plan.writers = writers;
  plan.records_per_block = std::max<std::uint64_t>(1, kBlockRecords / writers);
  plan.rounds = std::max(8, static_cast<int>(kBaseRounds * BenchScale()));
  const double records_per_block = static_cast<double>(plan.records_per_block * writers);
  for (auto _ : state) {
    const LockstepRun run = RunLockstep(plan, kLockstepVariants, sample);
    if (!run.error.empty()) {
      state.SkipWithError(run.error.c_str());
      break;
    }
    std::int64_t total_ns = 0;
    for (const auto& round : run.block_ns) {
      for (std::int64_t ns : round) total_ns += ns;
    }
    state.SetIterationTime(static_cast<double>(total_ns) * 1e-9);
    const std::size_t floor = IndexOf(Variant::kRawWrite);
    for (std::size_t v = 0; v < kLockstepVariants.size(); ++v) {
      const std::string name(VariantName(kLockstepVariants[v]));
      std::vector<double> per_record;
      for (const auto& round : run.block_ns) {
        per_record.push_back(static_cast<double>(round[v]) / records_per_block);
      }
      state.counters[name + "_ns_per_record"] = Median(per_record);
      if (v != floor) state.counters[name + "_floor_ratio"] = MedianRatio(run, v, floor);
    }
    state.counters["go_fake_witness_ratio"] =
        MedianRatio(run, IndexOf(Variant::kGoFake), IndexOf(Variant::kWitness));
    state.counters["rounds"] = plan.rounds;
    state.counters["record_bytes"] = static_cast<double>(sample.line().size());
  }
}

// The sizes of backend calls' records, which the gate judges. Not 64 KiB:
// stdio and spdlog tear records that large when several processes append
// (each needs more than one write(2)), and one torn variant would void the
// whole lock-step run; the separate runs measure that size.
constexpr RecordSize kLockstepSizes[] = {RecordSize::kSmall, RecordSize::kTypical};

bool RegisterLockstepBenchmarks() {
  for (RecordSize size : kLockstepSizes) {
    const std::string prefix = "append_lockstep/" + std::string(SizeLabel(size));
    for (int threads : kThreadCounts) {
      benchmark::RegisterBenchmark((prefix + "/threads:" + std::to_string(threads)).c_str(),
                                   BM_AppendLockstep, size, WriterKind::kThreads,
                                   static_cast<std::uint32_t>(threads))
          ->Iterations(1)
          ->UseManualTime()
          ->Unit(benchmark::kMillisecond);
    }
    for (std::uint32_t processes : kProcessCounts) {
      benchmark::RegisterBenchmark((prefix + "/processes:" + std::to_string(processes)).c_str(),
                                   BM_AppendLockstep, size, WriterKind::kProcesses, processes)
          ->Iterations(1)
          ->UseManualTime()
          ->Unit(benchmark::kMillisecond);
    }
  }
  return true;
}

const bool kRegistered = RegisterLockstepBenchmarks();

}  // namespace
}  // namespace witness::bench
