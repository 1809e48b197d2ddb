// A private temporary directory, removed with everything in it.
//
//   TempDir dir;                       // under $TMPDIR or /tmp
//   TempDir shm(TempDir::MemoryBase());  // under /dev/shm when there is one
//   std::string path = dir.File("record.jsonl");
#ifndef WITNESS_TESTS_RELIABILITY_HARNESS_TEMP_DIR_H_
#define WITNESS_TESTS_RELIABILITY_HARNESS_TEMP_DIR_H_

#include <string>

namespace witness::reliability {

class TempDir {
 public:
  // Throws std::runtime_error when the directory cannot be made.
  explicit TempDir(const std::string& base = DefaultBase());
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  // Removes the tree, restoring write permission where a test took it away.
  ~TempDir();

  const std::string& path() const noexcept { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

  // $TMPDIR, else /tmp.
  static std::string DefaultBase();
  // /dev/shm (tmpfs, where a killed writer most often leaves a partial
  // record) when it is a writable directory, else DefaultBase().
  static std::string MemoryBase();

 private:
  std::string path_;
};

}  // namespace witness::reliability

#endif  // WITNESS_TESTS_RELIABILITY_HARNESS_TEMP_DIR_H_
