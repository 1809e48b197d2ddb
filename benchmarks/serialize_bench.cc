// Serialising one record, alone: Witness's fixed-schema FormatRecord against
// building an nlohmann::json object and dumping it (the naive choice), for
// the three sample sizes, plus a record whose strings all need escaping or
// UTF-8 repair (the writer's slow path).
//
// The append benchmarks show what this costs next to the write(2); here it
// is isolated, in ns per record and bytes per second of output.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/sample_record.h"
#include "witness/recorder/format.h"
#include "witness/recorder/writer.h"

namespace witness::bench {
namespace {

constexpr std::int64_t kPid = 1234567;
constexpr std::int64_t kTsNs = 1700000000123456789;

// What a program without a serialiser of its own would write: a JSON object
// with the record's non-empty fields, dumped on one line.
void DumpWithNlohmann(const recorder::Event& event, std::uint64_t seq, std::string& out) {
  namespace keys = recorder::keys;
  nlohmann::json record;
  record[std::string(keys::kOp)] = event.op;
  auto put = [&record](std::string_view key, std::string_view value) {
    if (!value.empty()) record[std::string(key)] = value;
  };
  put(keys::kName, event.name);
  put(keys::kDiskPath, event.disk_path);
  put(keys::kSeedPath, event.seed_path);
  put(keys::kEfiPath, event.efi_path);
  if (!event.fixture_paths.empty()) {
    nlohmann::json paths = nlohmann::json::array();
    for (std::string_view path : event.fixture_paths) paths.push_back(path);
    record[std::string(keys::kFixturePaths)] = std::move(paths);
  }
  put(keys::kAssignedIp, event.assigned_ip);
  put(keys::kMac, event.mac);
  put(keys::kIpHint, event.ip_hint);
  if (event.cpus != 0) record[std::string(keys::kCpus)] = event.cpus;
  if (event.memory_bytes != 0) record[std::string(keys::kMemoryBytes)] = event.memory_bytes;
  put(keys::kSerialLogPath, event.serial_log_path);
  put(keys::kError, event.error);
  record[std::string(keys::kPid)] = kPid;
  record[std::string(keys::kSeq)] = seq;
  record[std::string(keys::kTsNs)] = kTsNs;
  // replace: invalid UTF-8 becomes U+FFFD instead of an exception, as in
  // FormatRecord.
  out = record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  out += '\n';
}

void FormatWithWitness(const recorder::Event& event, std::uint64_t seq, std::string& out) {
  recorder::FormatRecord(event, kPid, seq, kTsNs, out);
}

using Formatter = void (*)(const recorder::Event&, std::uint64_t, std::string&);

// Formats the event next_event(seq) for seq = 1, 2, ... and reports bytes
// of output per second.
template <typename NextEvent>
void MeasureFormat(benchmark::State& state, Formatter format, NextEvent next_event) {
  std::string line;
  std::uint64_t seq = 0;
  std::size_t bytes = 0;
  for (auto _ : state) {
    ++seq;
    format(next_event(seq), seq, line);
    bytes += line.size();
    benchmark::DoNotOptimize(line.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.counters["record_bytes"] = static_cast<double>(line.size());
}

// One of the append benchmarks' samples, with a new id each time.
void BM_FormatSample(benchmark::State& state, Formatter format, RecordSize size) {
  const SampleRecord sample(size);
  RecordStamper stamper(sample, 0);
  MeasureFormat(state, format, [&stamper](std::uint64_t seq) -> const recorder::Event& {
    return stamper.EventFor(seq);
  });
}

// A typical create in which every string needs work: quotes, backslashes,
// control characters, multi-byte UTF-8 and one invalid byte.
struct EscapeHeavyEvent {
  std::string name = "web \"1\"\t\xC3\xA9t\xC3\xA9";
  std::string disk = "C:\\vms\\web-1\\disk.raw\n";
  std::string seed = "/home/ci/\xE2\x9C\x93/vms/web-1/seed.iso";
  std::string efi = "/home/ci/vms/web-1/efi\x01.fd";
  std::string fixture_a = "/home/ci/vms/web-1/fixture \xFF 0.img";
  std::string fixture_b = "/home/ci/vms/\"web-1\"/fixture-1.img";
  std::string mac = "a2:da:71:da:e0:db";
  recorder::Event event;

  EscapeHeavyEvent() {
    event.op = "create";
    event.name = name;
    event.disk_path = disk;
    event.seed_path = seed;
    event.efi_path = efi;
    event.fixture_paths = {fixture_a, fixture_b};
    event.mac = mac;
    event.cpus = 2;
    event.memory_bytes = 2147483648;
  }
};

void BM_FormatEscapes(benchmark::State& state, Formatter format) {
  const EscapeHeavyEvent heavy;
  MeasureFormat(state, format, [&heavy](std::uint64_t) -> const recorder::Event& {
    return heavy.event;
  });
}

bool RegisterSerializeBenchmarks() {
  for (RecordSize size : kAllRecordSizes) {
    const std::string label(SizeLabel(size));
    benchmark::RegisterBenchmark(("serialize/witness/" + label).c_str(), BM_FormatSample,
                                 &FormatWithWitness, size);
    benchmark::RegisterBenchmark(("serialize/nlohmann/" + label).c_str(), BM_FormatSample,
                                 &DumpWithNlohmann, size);
  }
  benchmark::RegisterBenchmark("serialize/witness/escapes", BM_FormatEscapes, &FormatWithWitness);
  benchmark::RegisterBenchmark("serialize/nlohmann/escapes", BM_FormatEscapes, &DumpWithNlohmann);
  return true;
}

const bool kRegistered = RegisterSerializeBenchmarks();

}  // namespace
}  // namespace witness::bench
