// Appending one record per call to one shared file: Witness's writer against
// the floor (one write(2) of a preformatted line) and against what users
// would otherwise write, from 1 to 64 threads and from 1 to 16 processes,
// for records of ~120 B, ~350 B and 64 KiB.
//
// Every variant writes the same records to the same file system, and every
// run is checked afterwards: the file must hold each record exactly once and
// intact, or the run fails (a fast writer that tears records measures
// nothing). The figure to read is the counter ns_per_record: wall time from
// the first record to the last, divided by the records all writers wrote.
// cpu_ns_per_record is the CPU time (user + system) the writers spent over
// the same span per record: on a machine busy with other work it moves much
// less than wall time.
//
// WITNESS_BENCH_SCALE (default 1) multiplies the number of records per run.
// The gate judges the lock-step version of these (append_lockstep_bench.cc).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "support/append_check.h"
#include "support/appenders.h"
#include "support/bench_dir.h"
#include "support/forked_writers.h"
#include "support/sample_record.h"
#include "support/scale.h"

namespace witness::bench {
namespace {

constexpr int kThreadCounts[] = {1, 2, 8, 64};
constexpr std::uint32_t kProcessCounts[] = {1, 4, 16};
// Process rounds per run: each is fork, release, append, wait.
constexpr int kProcessRounds = 2;

// Records per run (all writers together): enough for ~0.1 s of the floor,
// and at most ~100 MiB of file.
std::uint64_t RecordsPerRun(RecordSize size) {
  std::uint64_t base = 0;
  switch (size) {
    case RecordSize::kSmall: base = 80000; break;
    case RecordSize::kTypical: base = 60000; break;
    case RecordSize::kLarge: base = 1600; break;
  }
  return std::max<std::uint64_t>(
      64, static_cast<std::uint64_t>(static_cast<double>(base) * BenchScale()));
}

const SampleRecord& Sample(RecordSize size) {
  static const SampleRecord small(RecordSize::kSmall);
  static const SampleRecord typical(RecordSize::kTypical);
  static const SampleRecord large(RecordSize::kLarge);
  switch (size) {
    case RecordSize::kSmall: return small;
    case RecordSize::kTypical: return typical;
    case RecordSize::kLarge: break;
  }
  return large;
}

void ReportPerRecord(benchmark::State& state, std::int64_t wall_ns, std::int64_t cpu_ns,
                     std::uint64_t records, const SampleRecord& sample) {
  const double ns = static_cast<double>(wall_ns) / static_cast<double>(records);
  state.counters["ns_per_record"] = ns;
  state.counters["cpu_ns_per_record"] = static_cast<double>(cpu_ns) / static_cast<double>(records);
  state.counters["records_per_s"] = ns > 0 ? 1e9 / ns : 0;
  state.counters["record_bytes"] = static_cast<double>(sample.line().size());
}

void Verify(benchmark::State& state, const std::string& path, Variant variant,
            const SampleRecord& sample, const std::vector<std::uint64_t>& per_writer) {
  try {
    const AppendCheck check = CheckAppendedFile(path, sample, ExpectedTail(variant), per_writer);
    if (!check.ok()) state.SkipWithError(("file check failed: " + check.Summary()).c_str());
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}

// ---- Threads: one appender per run, shared by all threads -----------------

// The run in progress. Set up by SetUpThreadRun before the threads start;
// thread 0 closes and checks it after the loop, when the other threads have
// left their loops (Google Benchmark ends all loops at one barrier).
struct ThreadRun {
  Variant variant = Variant::kRawWrite;
  std::string path;
  std::unique_ptr<Appender> appender;
  std::string error;
};

ThreadRun& CurrentThreadRun() {
  static ThreadRun run;
  return run;
}

template <Variant kVariant>
void SetUpThreadRun(const benchmark::State&) {
  ThreadRun& run = CurrentThreadRun();
  run = ThreadRun();
  run.variant = kVariant;
  run.path = ScratchDir().NewPath(std::string(VariantName(kVariant)));
  try {
    run.appender = MakeAppender(kVariant, run.path);
  } catch (const std::exception& e) {
    run.error = e.what();
  }
}

void TearDownThreadRun(const benchmark::State&) {
  ThreadRun& run = CurrentThreadRun();
  run.appender.reset();
  if (run.path.empty()) return;
  if (run.variant == Variant::kWitness) {
    RemoveWitnessRecordFile(run.path);
  } else {
    std::remove(run.path.c_str());
  }
}

void BM_AppendThreads(benchmark::State& state, Variant variant, RecordSize size) {
  const SampleRecord& sample = Sample(size);
  ThreadRun& run = CurrentThreadRun();
  if (!run.error.empty()) state.SkipWithError(run.error.c_str());
  RecordStamper stamper(sample, static_cast<std::uint32_t>(state.thread_index()));
  std::uint64_t index = 0;
  std::int64_t start_ns = 0;
  std::int64_t cpu_start_ns = 0;
  for (auto _ : state) {
    if (index == 0) {
      start_ns = MonotonicNanos();
      cpu_start_ns = ProcessCpuNanos();
    }
    try {
      run.appender->Append(stamper, index++);
    } catch (const std::exception& e) {
      // A thread that leaves its loop early is released from the closing
      // barrier by Google Benchmark, so the others finish normally.
      state.SkipWithError(e.what());
      break;
    }
  }
  if (state.thread_index() != 0 || state.error_occurred()) return;
  const std::int64_t wall_ns = MonotonicNanos() - start_ns;
  const std::int64_t cpu_ns = ProcessCpuNanos() - cpu_start_ns;
  run.appender.reset();  // flushes, closes, writes Witness's session_end
  const std::uint64_t records = static_cast<std::uint64_t>(state.threads()) * index;
  Verify(state, run.path, variant, sample,
         std::vector<std::uint64_t>(static_cast<std::size_t>(state.threads()), index));
  if (!state.error_occurred()) ReportPerRecord(state, wall_ns, cpu_ns, records, sample);
}

// ---- Processes: each child opens its own appender --------------------------

void BM_AppendProcesses(benchmark::State& state, Variant variant, RecordSize size,
                        std::uint32_t processes) {
  const SampleRecord& sample = Sample(size);
  const std::uint64_t per_process = std::max<std::uint64_t>(1, RecordsPerRun(size) / processes);
  std::int64_t total_ns = 0;
  std::int64_t total_cpu_ns = 0;
  std::uint64_t total_records = 0;
  for (auto _ : state) {
    const std::string path = ScratchDir().NewPath(std::string(VariantName(variant)));
    const ForkedRound round = RunForkedWriters(processes, [&](std::uint32_t index) {
      std::shared_ptr<Appender> appender = MakeAppender(variant, path);
      auto stamper = std::make_shared<RecordStamper>(sample, index);
      return std::function<void()>([appender, stamper, per_process] {
        for (std::uint64_t i = 0; i < per_process; ++i) appender->Append(*stamper, i);
      });
    });
    if (!round.error.empty()) {
      state.SkipWithError(round.error.c_str());
      break;
    }
    state.SetIterationTime(static_cast<double>(round.wall_ns) * 1e-9);
    Verify(state, path, variant, sample, std::vector<std::uint64_t>(processes, per_process));
    std::remove(path.c_str());  // the children held it open, not this process
    if (state.error_occurred()) break;
    total_ns += round.wall_ns;
    total_cpu_ns += round.cpu_ns;
    total_records += per_process * processes;
  }
  if (!state.error_occurred()) {
    ReportPerRecord(state, total_ns, total_cpu_ns, total_records, sample);
  }
}

// ---- Registration ---------------------------------------------------------

using SetUp = void (*)(const benchmark::State&);

SetUp SetUpFor(Variant variant) {
  switch (variant) {
    case Variant::kRawWrite: return &SetUpThreadRun<Variant::kRawWrite>;
    case Variant::kGoFake: return &SetUpThreadRun<Variant::kGoFake>;
    case Variant::kSpdlog: return &SetUpThreadRun<Variant::kSpdlog>;
    case Variant::kStdio: return &SetUpThreadRun<Variant::kStdio>;
    case Variant::kWitness: break;
  }
  return &SetUpThreadRun<Variant::kWitness>;
}

// Names: append/<variant>/<size>/threads:<n> (Google Benchmark adds the
// iterations and the threads) and append/<variant>/<size>/processes:<n>.
bool RegisterAppendBenchmarks() {
  for (RecordSize size : kAllRecordSizes) {
    for (int threads : kThreadCounts) {
      for (Variant variant : kAllVariants) {
        const std::string name =
            "append/" + std::string(VariantName(variant)) + "/" + std::string(SizeLabel(size));
        const auto per_thread = static_cast<benchmark::IterationCount>(
            std::max<std::uint64_t>(1, RecordsPerRun(size) / static_cast<std::uint64_t>(threads)));
        benchmark::RegisterBenchmark(name.c_str(), BM_AppendThreads, variant, size)
            ->Setup(SetUpFor(variant))
            ->Teardown(&TearDownThreadRun)
            ->Threads(threads)
            ->Iterations(per_thread)
            ->UseRealTime()
            ->Unit(benchmark::kMicrosecond);
      }
    }
    for (std::uint32_t processes : kProcessCounts) {
      for (Variant variant : kAllVariants) {
        const std::string name = "append/" + std::string(VariantName(variant)) + "/" +
                                 std::string(SizeLabel(size)) +
                                 "/processes:" + std::to_string(processes);
        benchmark::RegisterBenchmark(name.c_str(), BM_AppendProcesses, variant, size, processes)
            ->Iterations(kProcessRounds)
            ->UseManualTime()
            ->Unit(benchmark::kMillisecond);
      }
    }
  }
  return true;
}

const bool kRegistered = RegisterAppendBenchmarks();

}  // namespace
}  // namespace witness::bench
