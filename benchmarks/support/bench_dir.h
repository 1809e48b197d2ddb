// A scratch directory for benchmark files, on the disk the build lives on.
//
//   BenchDir dir;                       // <build>/bench-tmp/witness-bench-XXXXXX
//   std::string path = dir.NewPath("append");  // unique name per call
//
// Append costs depend on the file system (ext4's append path is most of the
// floor), so every variant of a comparison must write to the same one, and
// it must be the real disk, not tmpfs. WITNESS_BENCH_DIR overrides the
// parent directory; the default is compiled in by benchmarks/CMakeLists.txt.
#ifndef WITNESS_BENCHMARKS_SUPPORT_BENCH_DIR_H_
#define WITNESS_BENCHMARKS_SUPPORT_BENCH_DIR_H_

#include <cstdint>
#include <string>

namespace witness::bench {

// Owns a fresh directory and removes it, with everything in it, on
// destruction. Not thread-safe: create paths from one thread.
class BenchDir {
 public:
  // Throws std::runtime_error when the directory cannot be created.
  BenchDir();
  BenchDir(const BenchDir&) = delete;
  BenchDir& operator=(const BenchDir&) = delete;
  ~BenchDir();

  const std::string& path() const noexcept { return path_; }
  // A path inside the directory that no earlier call returned; the file is
  // not created.
  std::string NewPath(const std::string& stem);

 private:
  std::string path_;
  std::uint64_t next_ = 0;
};

// The process's scratch directory, created on first use and removed when
// the process exits normally (forked children leave with _exit and do not
// remove it). Not thread-safe on first use: call it from main first.
BenchDir& ScratchDir();

// Removes a record file this process wrote through a Witness writer, and
// makes the writer let go of it: Writer::Open keeps one writer per path for
// the life of the process, and an unlinked file that is still open keeps its
// dirty pages, which would slow down the runs that follow. Call it only once
// the file's writers are no longer used.
void RemoveWitnessRecordFile(const std::string& path);

// The name of the file system type holding `path` ("ext4", "tmpfs", ...),
// or "unknown"; printed in the benchmark context so a result says where
// it was measured.
std::string FileSystemName(const std::string& path);

}  // namespace witness::bench

#endif  // WITNESS_BENCHMARKS_SUPPORT_BENCH_DIR_H_
