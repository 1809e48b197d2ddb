// A private temporary directory for one test, removed with its contents.
#ifndef WITNESS_TESTS_RECORDER_TEMP_DIR_H_
#define WITNESS_TESTS_RECORDER_TEMP_DIR_H_

#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace witness::recorder::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = "/tmp/witness-recorder-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    // Tests may leave a directory read-only; make everything removable.
    ::nftw(
        path_.c_str(),
        [](const char* path, const struct stat*, int type, struct FTW*) {
          if (type == FTW_D || type == FTW_DP) ::chmod(path, 0700);
          return 0;
        },
        16, FTW_PHYS);
    ::nftw(
        path_.c_str(),
        [](const char* path, const struct stat*, int, struct FTW*) { return ::remove(path); }, 16,
        FTW_DEPTH | FTW_PHYS);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void WriteWholeFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
}

inline std::vector<std::string> SplitLines(const std::string& content) {
  std::vector<std::string> lines;
  std::istringstream in(content);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace witness::recorder::testing

#endif  // WITNESS_TESTS_RECORDER_TEMP_DIR_H_
