// Checking a scenario against a recording: the 100-member scenario over
// 100,000 records, and how the time grows from 1,000 to 100,000 records and
// from 1 to 100 members (a 3 x 3 grid: read a row for records, a column for
// members). Also parsing the 100-member scenario file itself.
//
// The recording is what a soak test of a cluster leaves: each member is
// reserved and created once, then started and stopped over and over, and
// the network is closed at the end, all by one writer process. The scenario
// states what a demanding cluster test would: per member exactly one
// reserve and one create with well-formed fields, starts and stops, in
// lifecycle order; one close; strict; one writer. The recording satisfies
// it, and each run fails if the report says otherwise.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <exception>
#include <string>

#include "witness/assertions/check.h"
#include "witness/assertions/scenario.h"
#include "witness/recorder/reader.h"
#include "witness/recorder/writer.h"

namespace witness::bench {
namespace {

std::string MemberName(int i) { return "member-" + std::to_string(i); }

// About `records` records spread over `members` members (at least one
// start/stop cycle each), preceded by the writer's session record.
std::string MakeContent(int members, std::int64_t records) {
  std::string content =
      "{\"op\":\"session\",\"pid\":4242,\"ts_ns\":1700000000000000000,\"schema\":1,"
      "\"argv0\":\"helper\",\"host\":\"bench\"}\n";
  std::string line;
  std::uint64_t seq = 0;
  std::int64_t ts_ns = 1700000000000000000;
  auto write = [&](const recorder::Event& event) {
    recorder::FormatRecord(event, 4242, ++seq, ts_ns += 1000, line);
    content += line;
  };
  const std::int64_t cycles = std::max<std::int64_t>(1, (records / members - 2) / 2);
  for (int m = 0; m < members; ++m) {
    const std::string name = MemberName(m);
    const std::string dir = "/srv/fb/vms/" + name;
    const std::string disk = dir + "/disk.raw", seed = dir + "/seed.iso", efi = dir + "/efi.fd";
    const std::string fixture = dir + "/fixture-0.img";
    recorder::Event reserve;
    reserve.op = "reserve";
    reserve.name = name;
    reserve.mac = "a2:da:71:da:e0:db";
    write(reserve);
    recorder::Event create;
    create.op = "create";
    create.name = name;
    create.disk_path = disk;
    create.seed_path = seed;
    create.efi_path = efi;
    create.fixture_paths = {fixture};
    create.mac = "a2:da:71:da:e0:db";
    create.cpus = 2;
    create.memory_bytes = 2147483648;
    write(create);
    recorder::Event start;
    start.op = "start";
    start.name = name;
    recorder::Event stop = start;
    stop.op = "stop";
    for (std::int64_t c = 0; c < cycles; ++c) {
      write(start);
      write(stop);
    }
  }
  recorder::Event close;
  close.op = "close";
  write(close);
  return content;
}

recorder::Recording MakeRecording(int members, std::int64_t records) {
  return recorder::ParseRecords(MakeContent(members, records), "soak.jsonl");
}

std::string ScenarioYaml(int members) {
  std::string yaml = "scenario: soak of " + std::to_string(members) + " members\nmembers: [";
  for (int m = 0; m < members; ++m) yaml += (m ? ", " : "") + MemberName(m);
  yaml += R"(]
per_member:
  expect:
    - id: reserve
      op: reserve
      name: ${member}
      mac: {format: mac}
      count: 1
    - id: create
      op: create
      name: ${member}
      disk_path: {prefix: "/srv/fb/vms/${member}/"}
      fixture_paths: {each: {suffix: .img}}
      mac: {format: mac}
      cpus: 2
      count: 1
    - id: start
      op: start
      name: ${member}
      count: {min: 1}
    - id: stop
      op: stop
      name: ${member}
      count: {min: 1}
  lifecycle: [reserve, create, start, stop]
expect:
  - id: close
    op: close
    count: 1
strict: true
writers: 1
)";
  return yaml;
}

void BM_Check(benchmark::State& state) {
  const int members = static_cast<int>(state.range(0));
  const std::int64_t records = state.range(1);
  try {
    const assertions::Scenario scenario = assertions::ParseScenario(ScenarioYaml(members));
    const recorder::Recording recording = MakeRecording(members, records);
    for (auto _ : state) {
      assertions::Report report = assertions::Check(scenario, recording);
      if (!report.passed()) {
        const auto failures = report.Failures();
        state.SkipWithError(("the scenario did not pass: " +
                             (failures.empty() ? report.unverifiable_reason : failures.front()))
                                .c_str());
        break;
      }
      benchmark::DoNotOptimize(report.expectations.data());
    }
    state.SetItemsProcessed(state.iterations() *
                            static_cast<std::int64_t>(recording.records.size()));
    state.counters["records"] = static_cast<double>(recording.records.size());
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}

// The reader alone on the same soak: the yardstick of the gate's check case
// (checking may cost at most 1.5x reading, measured in the same run).
void BM_ReadSoak(benchmark::State& state) {
  const std::string content = MakeContent(100, state.range(0));
  std::size_t records = 0;
  for (auto _ : state) {
    const recorder::Recording recording = recorder::ParseRecords(content, "soak.jsonl");
    records = recording.records.size();
    benchmark::DoNotOptimize(recording.records.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(records));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(content.size()));
}

void BM_ParseScenario(benchmark::State& state) {
  const std::string yaml = ScenarioYaml(static_cast<int>(state.range(0)));
  try {
    for (auto _ : state) {
      assertions::Scenario scenario = assertions::ParseScenario(yaml);
      benchmark::DoNotOptimize(&scenario);
    }
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}

BENCHMARK(BM_Check)
    ->Name("check")
    ->ArgNames({"members", "records"})
    ->ArgsProduct({{1, 10, 100}, {1000, 10000, 100000}})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadSoak)->Name("check/read_soak")->ArgName("records")->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseScenario)->Name("check/parse_scenario")->ArgName("members")->Arg(100)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace witness::bench
