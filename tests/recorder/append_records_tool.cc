// A small writer process for the recorder's multi-process tests: appends
// records to a record file from several threads, then exits normally (so
// the writer closes its session).
//
//   append_records_tool PATH THREADS RECORDS_PER_THREAD SIZE[,SIZE...]
//
// Record i of each thread is padded so its line is about SIZES[i % n] bytes.
// Exit status: 0 when every append succeeded, 2 after a write error, 64 on
// bad arguments.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <thread>
#include <vector>

#include "witness/recorder/writer.h"

namespace {

// Bytes of a create record besides its name: keys, pid, seq, ts_ns.
constexpr std::size_t kRecordOverhead = 110;

std::vector<std::size_t> ParseSizes(const char* text) {
  std::vector<std::size_t> sizes;
  std::string list(text);
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = list.find(',', start);
    const std::string item =
        list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!item.empty()) sizes.push_back(std::stoul(item));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return sizes;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s PATH THREADS RECORDS_PER_THREAD SIZE[,SIZE...]\n", argv[0]);
    return 64;
  }
  const std::string path = argv[1];
  const int threads = std::atoi(argv[2]);
  const int records = std::atoi(argv[3]);
  std::vector<std::size_t> sizes;
  try {
    sizes = ParseSizes(argv[4]);
  } catch (const std::exception&) {
    sizes.clear();
  }
  if (threads < 1 || records < 0 || sizes.empty()) {
    std::fprintf(stderr, "bad arguments\n");
    return 64;
  }
  std::shared_ptr<witness::recorder::Writer> writer;
  try {
    writer = witness::recorder::Writer::Open(path);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "%s\n", error.what());
    return 2;
  }
  std::vector<int> failed(static_cast<std::size_t>(threads), 0);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      std::string name;
      for (int i = 0; i < records; ++i) {
        const std::size_t size = sizes[static_cast<std::size_t>(i) % sizes.size()];
        name = "t" + std::to_string(t) + "-" + std::to_string(i) + "-";
        if (size > kRecordOverhead + name.size()) {
          name.append(size - kRecordOverhead - name.size(), static_cast<char>('a' + i % 26));
        }
        witness::recorder::Event event;
        event.op = "create";
        event.name = name;
        event.mac = "52:54:00:12:34:56";
        try {
          writer->Append(event);
        } catch (const std::exception&) {
          failed[static_cast<std::size_t>(t)] = 1;
          return;
        }
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  for (int f : failed) {
    if (f != 0) return 2;
  }
  return 0;
}
