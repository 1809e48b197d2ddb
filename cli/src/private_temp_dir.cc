#include "witness/cli/private_temp_dir.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <filesystem>
#include <system_error>
#include <utility>
#include <vector>

#include "witness/recorder/internal/system_reason.h"

namespace witness::cli {

PrivateTempDir::PrivateTempDir(const std::string& prefix) {
  const char* tmpdir = getenv("TMPDIR");
  std::string parent = tmpdir != nullptr && tmpdir[0] != '\0' ? tmpdir : "/tmp";
  std::string pattern = parent + "/" + prefix + "-XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) {
    throw TempDirError("cannot create a temporary directory in '" + parent +
                       "': " + recorder::internal::SystemReason(errno));
  }
  path_ = buffer.data();
}

PrivateTempDir::PrivateTempDir(PrivateTempDir&& other) noexcept
    : path_(std::exchange(other.path_, std::string())), keep_(other.keep_) {}

PrivateTempDir& PrivateTempDir::operator=(PrivateTempDir&& other) noexcept {
  if (this != &other) {
    PrivateTempDir doomed(std::move(*this));
    path_ = std::exchange(other.path_, std::string());
    keep_ = other.keep_;
  }
  return *this;
}

PrivateTempDir::~PrivateTempDir() {
  if (path_.empty() || keep_) return;
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace witness::cli
