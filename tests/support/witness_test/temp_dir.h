// What every test binary shares: a private temporary directory, removed with
// everything in it, and whole-file helpers.
//
//   TempDir dir;                         // under $TMPDIR or /tmp
//   TempDir shm(TempDir::MemoryBase());  // under /dev/shm when there is one
//   std::string path = dir.Write("record.jsonl", "{\"op\":\"create\"}\n");
#ifndef WITNESS_TESTS_SUPPORT_TEMP_DIR_H_
#define WITNESS_TESTS_SUPPORT_TEMP_DIR_H_

#include <string>
#include <vector>

namespace witness::test_support {

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
  // Writes `content` to the file `name` (replacing it); returns its path.
  std::string Write(const std::string& name, const std::string& content) const;

  // $TMPDIR, else /tmp.
  static std::string DefaultBase();
  // /dev/shm (tmpfs, where a killed writer most often leaves a partial
  // record) when it is a writable directory, else DefaultBase().
  static std::string MemoryBase();

 private:
  std::string path_;
};

// The file's bytes; "" when it cannot be read.
std::string ReadWholeFile(const std::string& path);
// Replaces the file's content.
void WriteWholeFile(const std::string& path, const std::string& content);
// The lines of `content`, without their newlines.
std::vector<std::string> SplitLines(const std::string& content);

}  // namespace witness::test_support

#endif  // WITNESS_TESTS_SUPPORT_TEMP_DIR_H_
