#include "witness/cli/output_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>
#include <vector>

#include "witness/cli/usage_error.h"
#include "witness/recorder/internal/system_reason.h"

namespace witness::cli {
namespace {

[[noreturn]] void Fail(const std::string& path, int error_number) {
  throw UsageError("cannot write '" + path +
                   "': " + recorder::internal::SystemReason(error_number));
}

void CreateParentDirectories(const std::string& path) {
  if (path.empty()) throw UsageError("an output file name is empty");
  std::filesystem::path target(path);
  if (!target.has_parent_path()) return;
  std::error_code error;
  std::filesystem::create_directories(target.parent_path(), error);
  if (error) Fail(path, error.value());
}

// Writes all of `content` to `fd`; returns 0 or the errno that stopped it.
int WriteAll(int fd, std::string_view content) {
  std::size_t written = 0;
  while (written < content.size()) {
    ssize_t n = write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return n < 0 ? errno : EIO;
    written += static_cast<std::size_t>(n);
  }
  return 0;
}

}  // namespace

void AppendOutputFile(const std::string& path, std::string_view content) {
  CreateParentDirectories(path);
  const int fd = open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) Fail(path, errno);
  const int error = WriteAll(fd, content);
  if (close(fd) != 0 && error == 0) Fail(path, errno);
  if (error != 0) Fail(path, error);
}

void WriteOutputFile(const std::string& path, std::string_view content) {
  CreateParentDirectories(path);
  std::string pattern = path + ".tmp-XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) Fail(path, errno);
  // mkostemp makes the file 0600; an output file is for other tools too.
  mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0644 & ~mask);
  if (const int e = WriteAll(fd, content); e != 0) {
    close(fd);
    unlink(name.data());
    Fail(path, e);
  }
  if (close(fd) != 0) {
    int e = errno;
    unlink(name.data());
    Fail(path, e);
  }
  if (rename(name.data(), path.c_str()) != 0) {
    int e = errno;
    unlink(name.data());
    Fail(path, e);
  }
}

std::optional<std::string> ReadWholeFile(const std::string& path) {
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    if (errno == 0) errno = EIO;
    return std::nullopt;
  }
  return text;
}

}  // namespace witness::cli
