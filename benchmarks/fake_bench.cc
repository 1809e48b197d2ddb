// The fake backend's cost per call with recording on (FLEETBOX_FAKE_RECORD
// set: one record appended per call) and off: what recording adds to every
// backend call of every test. And start/stop with fault rules armed that
// never fire (FLEETBOX_FAKE_FAULTS set: every call is counted and matched),
// against the same calls without rules, in the same run.
//
// Create hands out one of 254 addresses per process and never reuses them,
// so Create is timed in batches of kCreatesPerProcess inside forked
// children (fork and exit are not timed, see support/forked_writers.h);
// Reserve, Start and Stop have no such limit and run in this process.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <exception>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "support/bench_dir.h"
#include "support/forked_writers.h"
#include "witness/fake/fake_backend.h"

namespace witness::bench {
namespace {

constexpr int kCreatesPerProcess = 250;

// A typical create: the same fields as the ~350 B append sample.
Config TypicalConfig(int i) {
  Config config;
  config.name = "web-" + std::to_string(i);
  const std::string dir = "/srv/fb/vms/" + config.name;
  config.disk_path = dir + "/disk.raw";
  config.seed_path = dir + "/seed.iso";
  config.efi_path = dir + "/efi.fd";
  config.fixture_paths = {dir + "/fixture-0.img", dir + "/fixture-1.img"};
  config.mac = "a2:da:71:da:e0:db";
  config.cpus = 2;
  config.memory_bytes = 2147483648;
  return config;
}

fake::FakeOptions Options(bool recording, const std::string& path, std::string faults = "") {
  fake::FakeOptions options;
  if (recording) options.record_path = path;
  options.faults = std::move(faults);
  return options;
}

// Rules that count every start and stop of the benchmark's member but fire
// on none of them: the cost of matching, without the cost of a fault.
constexpr char kIdleRules[] = "start:other=fail;start:*@999999999=fail;stop:web-0@999999999+=fail";

void BM_Create(benchmark::State& state, bool recording) {
  const std::string path = ScratchDir().NewPath("fake-create");
  std::vector<Config> configs;
  for (int i = 0; i < kCreatesPerProcess; ++i) configs.push_back(TypicalConfig(i));
  std::int64_t total_ns = 0;
  for (auto _ : state) {
    const ForkedRound round = RunForkedWriters(1, [&](std::uint32_t) {
      auto backend = std::make_shared<fake::FakeBackend>(Options(recording, path));
      std::shared_ptr<Network> network = backend->CreateNetwork();
      return std::function<void()>([backend, network, &configs] {
        std::vector<std::unique_ptr<VM>> vms;
        vms.reserve(configs.size());
        for (const Config& config : configs) vms.push_back(backend->Create(config, *network));
      });
    });
    if (!round.error.empty()) {
      state.SkipWithError(round.error.c_str());
      break;
    }
    // Per create: the manual time of one iteration is one create.
    state.SetIterationTime(static_cast<double>(round.wall_ns) * 1e-9 / kCreatesPerProcess);
    total_ns += round.wall_ns;
  }
  std::remove(path.c_str());
  if (!state.error_occurred()) {
    state.counters["ns_per_create"] =
        static_cast<double>(total_ns) / static_cast<double>(state.iterations() * kCreatesPerProcess);
  }
}

void BM_Reserve(benchmark::State& state, bool recording) {
  const std::string path = ScratchDir().NewPath("fake-reserve");
  try {
    fake::FakeBackend backend(Options(recording, path));
    std::unique_ptr<Network> network = backend.CreateNetwork();
    const std::string name = "web-1";
    for (auto _ : state) {
      Reservation reservation = network->Reserve(name, "");
      benchmark::DoNotOptimize(reservation.mac.data());
    }
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
  RemoveWitnessRecordFile(path);
}

void BM_StartStop(benchmark::State& state, bool recording, const char* faults) {
  const std::string path = ScratchDir().NewPath("fake-start-stop");
  try {
    fake::FakeBackend backend(Options(recording, path, faults));
    std::unique_ptr<Network> network = backend.CreateNetwork();
    std::unique_ptr<VM> vm = backend.Create(TypicalConfig(0), *network);
    for (auto _ : state) {
      vm->Start();
      vm->Stop();
    }
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
  RemoveWitnessRecordFile(path);
}

// Create batches are forked: kCreatesPerProcess creates per iteration would
// exhaust the process's addresses, so each manual-time iteration is one
// batch reported per create. Iterations are fixed to keep the file small.
BENCHMARK_CAPTURE(BM_Create, recording_off, false)
    ->Name("fake/create/recording_off")
    ->UseManualTime()
    ->Iterations(40);
BENCHMARK_CAPTURE(BM_Create, recording_on, true)
    ->Name("fake/create/recording_on")
    ->UseManualTime()
    ->Iterations(40);
BENCHMARK_CAPTURE(BM_Reserve, recording_off, false)->Name("fake/reserve/recording_off");
BENCHMARK_CAPTURE(BM_Reserve, recording_on, true)->Name("fake/reserve/recording_on");
BENCHMARK_CAPTURE(BM_StartStop, recording_off, false, "")->Name("fake/start_stop/recording_off");
BENCHMARK_CAPTURE(BM_StartStop, recording_on, true, "")->Name("fake/start_stop/recording_on");
BENCHMARK_CAPTURE(BM_StartStop, idle_rules_off, false, kIdleRules)
    ->Name("fake/start_stop/recording_off/idle_fault_rules");
BENCHMARK_CAPTURE(BM_StartStop, idle_rules_on, true, kIdleRules)
    ->Name("fake/start_stop/recording_on/idle_fault_rules");

}  // namespace
}  // namespace witness::bench
