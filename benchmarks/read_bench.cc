// Reading a record file back: a 100,000-record file (a realistic mix of
// reserve, create, start, stop and close records, ~30 MB) through
// ReadRecordFile, through ParseRecords on content already in memory (the
// parsing alone), and through the naive reader (getline + nlohmann::json
// parse per line), which finds no record inside a torn line. Reported as
// bytes and records per second.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "support/bench_dir.h"
#include "witness/recorder/reader.h"
#include "witness/recorder/writer.h"

namespace witness::bench {
namespace {

constexpr std::size_t kRecords = 100000;

// A 100,000-record file written once per process, as a helper would have
// written it: each member reserved, created, started, stopped; one close
// per 100 members.
class RecordFile {
 public:
  RecordFile() : path_(ScratchDir().NewPath("read")) {
    std::ofstream out(path_, std::ios::binary);
    std::string line;
    std::uint64_t seq = 0;
    std::int64_t ts_ns = 1700000000000000000;
    std::size_t member = 0;
    while (count_ < kRecords) {
      const std::string name = "member-" + std::to_string(member);
      const std::string dir = "/srv/fb/vms/" + name;
      const std::string disk = dir + "/disk.raw", seed = dir + "/seed.iso", efi = dir + "/efi.fd";
      const std::string fixture = dir + "/fixture-0.img", serial = dir + "/serial.log";
      recorder::Event event;
      event.name = name;
      const char* ops[] = {"reserve", "create", "start", "stop"};
      for (const char* op : ops) {
        event.op = op;
        if (event.op == "reserve") event.mac = "a2:da:71:da:e0:db";
        if (event.op == "create") {
          event.disk_path = disk;
          event.seed_path = seed;
          event.efi_path = efi;
          event.fixture_paths = {fixture};
          event.cpus = 2;
          event.memory_bytes = 2147483648;
          event.serial_log_path = serial;
        }
        Write(event, seq, ts_ns, line, out);
        event = recorder::Event();
        event.name = name;
        if (count_ == kRecords) break;
      }
      if (++member % 100 == 0 && count_ < kRecords) {
        recorder::Event close;
        close.op = "close";
        Write(close, seq, ts_ns, line, out);
      }
    }
    if (!out) throw std::runtime_error("cannot write benchmark record file '" + path_ + "'");
    out.close();
    std::ifstream in(path_, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    content_ = content.str();
  }

  const std::string& path() const { return path_; }
  const std::string& content() const { return content_; }
  std::size_t records() const { return count_; }

 private:
  void Write(const recorder::Event& event, std::uint64_t& seq, std::int64_t& ts_ns, std::string& line,
             std::ofstream& out) {
    recorder::FormatRecord(event, 4242, ++seq, ts_ns += 1000, line);
    out << line;
    ++count_;
  }

  std::string path_;
  std::string content_;
  std::size_t count_ = 0;
};

const RecordFile& File() {
  static const RecordFile file;
  return file;
}

void Report(benchmark::State& state, const RecordFile& file) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * file.content().size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * file.records()));
  state.counters["file_bytes"] = static_cast<double>(file.content().size());
}

void Expect(benchmark::State& state, const recorder::Recording& recording, std::size_t records) {
  if (recording.records.size() != records || !recording.diagnostics.empty()) {
    state.SkipWithError(("read " + std::to_string(recording.records.size()) + " of " +
                         std::to_string(records) + " records with " +
                         std::to_string(recording.diagnostics.size()) + " diagnostics")
                            .c_str());
  }
}

void BM_ReadRecordFile(benchmark::State& state) {
  const RecordFile& file = File();
  for (auto _ : state) {
    recorder::Recording recording = recorder::ReadRecordFile(file.path());
    Expect(state, recording, file.records());
    benchmark::DoNotOptimize(recording.records.data());
  }
  Report(state, file);
}

void BM_ParseRecords(benchmark::State& state) {
  const RecordFile& file = File();
  for (auto _ : state) {
    recorder::Recording recording = recorder::ParseRecords(file.content(), file.path());
    Expect(state, recording, file.records());
    benchmark::DoNotOptimize(recording.records.data());
  }
  Report(state, file);
}

// What a program without a reader of its own would do.
void BM_NaiveGetlineParse(benchmark::State& state) {
  const RecordFile& file = File();
  for (auto _ : state) {
    std::ifstream in(file.path(), std::ios::binary);
    std::vector<nlohmann::json> records;
    std::string line;
    while (std::getline(in, line)) {
      nlohmann::json value = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (!value.is_discarded()) records.push_back(std::move(value));
    }
    if (records.size() != file.records()) state.SkipWithError("the naive reader lost records");
    benchmark::DoNotOptimize(records.data());
  }
  Report(state, file);
}

// The soak as the Go reference writes it: 29-byte records on average, no
// provenance (reserve and create per member, start/stop pairs, one close).
class GoSoakFile {
 public:
  GoSoakFile() : path_(ScratchDir().NewPath("read-go-soak")) {
    std::ofstream out(path_, std::ios::binary);
    for (int m = 0; m < 100; ++m) {
      const std::string name = "m-" + std::to_string(m);
      out << R"({"op":"reserve","name":")" << name << R"(","mac":"a2:da:71:da:e0:db"})" << "\n";
      out << R"({"op":"create","name":")" << name << R"(","disk_path":"/srv/fb/vms/)" << name
          << R"(/disk.raw","mac":"a2:da:71:da:e0:db"})" << "\n";
      records_ += 2;
      for (int c = 0; c < 499; ++c) {
        out << R"({"op":"start","name":")" << name << "\"}\n";
        out << R"({"op":"stop","name":")" << name << "\"}\n";
        records_ += 2;
      }
    }
    out << R"({"op":"close"})" << "\n";
    ++records_;
    bytes_ = static_cast<std::size_t>(out.tellp());
    if (!out) throw std::runtime_error("cannot write benchmark record file '" + path_ + "'");
  }
  const std::string& path() const { return path_; }
  std::size_t records() const { return records_; }
  std::size_t bytes() const { return bytes_; }

 private:
  std::string path_;
  std::size_t records_ = 0;
  std::size_t bytes_ = 0;
};

void BM_ReadGoSoak(benchmark::State& state) {
  static const GoSoakFile file;
  for (auto _ : state) {
    recorder::Recording recording = recorder::ReadRecordFile(file.path());
    if (recording.records.size() != file.records() || !recording.diagnostics.empty()) {
      state.SkipWithError("the soak did not read back whole");
    }
    benchmark::DoNotOptimize(recording.records.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * file.bytes()));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * file.records()));
}

BENCHMARK(BM_ReadRecordFile)->Name("read/ReadRecordFile/100000")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseRecords)->Name("read/ParseRecords/100000")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NaiveGetlineParse)->Name("read/naive_getline_nlohmann/100000")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadGoSoak)->Name("read/ReadRecordFile/go_soak_100001")->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace witness::bench
