#include "support/bench_dir.h"

#include <sys/stat.h>
#include <sys/vfs.h>

#include <cerrno>
#include <cstdio>
#include <exception>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "witness/recorder/writer.h"

#ifndef WITNESS_BENCH_TMP_ROOT
#define WITNESS_BENCH_TMP_ROOT "/var/tmp"
#endif

namespace witness::bench {

BenchDir::BenchDir() {
  const char* from_env = std::getenv("WITNESS_BENCH_DIR");
  std::string parent = (from_env != nullptr && *from_env != '\0') ? from_env : WITNESS_BENCH_TMP_ROOT;
  std::error_code ignored;
  std::filesystem::create_directories(parent, ignored);
  std::string pattern = parent + "/witness-bench-XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) {
    throw std::runtime_error("cannot create benchmark directory in '" + parent +
                             "': " + std::strerror(errno));
  }
  path_ = buffer.data();
}

BenchDir::~BenchDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string BenchDir::NewPath(const std::string& stem) {
  return path_ + "/" + stem + "-" + std::to_string(next_++) + ".jsonl";
}

BenchDir& ScratchDir() {
  static BenchDir dir;
  return dir;
}

void RemoveWitnessRecordFile(const std::string& path) {
  std::remove(path.c_str());
  // The registry drops a writer whose file is gone the next time its path is
  // opened; the writer that replaces it holds only a session record.
  try {
    recorder::Writer::Open(path);
  } catch (const std::exception&) {
    // Nothing more to release.
  }
  std::remove(path.c_str());
}

std::string FileSystemName(const std::string& path) {
  struct statfs info {};
  if (statfs(path.c_str(), &info) != 0) return "unknown";
  // Magic numbers from statfs(2); only the ones a developer machine or CI
  // runner is likely to have.
  switch (static_cast<unsigned long>(info.f_type)) {
    case 0xEF53: return "ext2/3/4";
    case 0x58465342: return "xfs";
    case 0x9123683E: return "btrfs";
    case 0x01021994: return "tmpfs";
    case 0x794C7630: return "overlayfs";
    case 0x6969: return "nfs";
    case 0x2FC12FC1: return "zfs";
    default: return "unknown";
  }
}

}  // namespace witness::bench
