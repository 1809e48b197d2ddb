#include "minifleet/member_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "minifleet/protocol.h"

namespace minifleet {
namespace {

namespace fs = std::filesystem;

// A disk image is sparse: its size says "disk", its blocks cost nothing.
constexpr off_t kDiskBytes = off_t{64} << 20;

std::string Errno() { return std::strerror(errno); }

// Writes `content` to `path` (truncating), then extends the file to
// `size` bytes when that is larger. Throws MemberFilesError.
void WriteFile(const std::string& path, const std::string& content, off_t size = 0) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw MemberFilesError("cannot create '" + path + "': " + Errno());
  std::size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      std::string reason = Errno();
      ::close(fd);
      throw MemberFilesError("cannot write '" + path + "': " + reason);
    }
    written += static_cast<std::size_t>(n);
  }
  if (size > static_cast<off_t>(content.size()) && ::ftruncate(fd, size) != 0) {
    std::string reason = Errno();
    ::close(fd);
    throw MemberFilesError("cannot size '" + path + "': " + reason);
  }
  if (::close(fd) != 0) throw MemberFilesError("cannot write '" + path + "': " + Errno());
}

}  // namespace

MemberFiles MemberFiles::For(const std::string& root, const std::string& name, int fixtures) {
  MemberFiles files;
  files.dir = (fs::path(root) / "vms" / name).string();
  files.disk = files.dir + "/disk.raw";
  files.seed = files.dir + "/seed.iso";
  files.efi = files.dir + "/efi.fd";
  files.serial_log = files.dir + "/serial.log";
  files.config_json = files.dir + "/config.json";
  for (int i = 0; i < fixtures; ++i) {
    files.fixtures.push_back(files.dir + "/fixture-" + std::to_string(i) + ".img");
  }
  return files;
}

void ValidateMemberName(std::string_view name) {
  auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  bool ok = !name.empty() && name.size() <= 63 && alnum(name.front());
  for (char c : name) ok = ok && (alnum(c) || c == '.' || c == '_' || c == '-');
  if (!ok) {
    throw std::invalid_argument("invalid member name '" + std::string(name) +
                                "': use 1-63 letters, digits, '.', '_' or '-', starting with a "
                                "letter or digit");
  }
}

bool MemberExists(const MemberFiles& files) {
  std::error_code error;
  return fs::exists(files.config_json, error);
}

void WriteNewMember(const MemberFiles& files, const std::string& name) {
  std::error_code error;
  fs::create_directories(files.dir, error);
  if (error) {
    throw MemberFilesError("cannot create directory '" + files.dir + "': " + error.message());
  }
  WriteFile(files.disk, "minifleet disk of " + name + "\n", kDiskBytes);
  WriteFile(files.efi, "minifleet efi variables of " + name + "\n");
  for (std::size_t i = 0; i < files.fixtures.size(); ++i) {
    WriteFile(files.fixtures[i], "minifleet fixture " + std::to_string(i) + " of " + name + "\n");
  }
}

void WriteSeed(const MemberFiles& files, const std::string& name, const std::string& mac,
               const std::string& ip) {
  std::ostringstream seed;
  seed << "#cloud-config\n"
       << "hostname: " << name << "\n"
       << "network:\n"
       << "  mac: \"" << mac << "\"\n"
       << "  address: " << (ip.empty() ? "dhcp" : ip) << "\n";
  WriteFile(files.seed, seed.str());
}

void SaveConfig(const MemberFiles& files, const witness::Config& config) {
  std::string temporary = files.config_json + ".tmp";
  WriteFile(temporary, ConfigToJson(config).dump(2) + "\n");
  if (::rename(temporary.c_str(), files.config_json.c_str()) != 0) {
    throw MemberFilesError("cannot replace '" + files.config_json + "': " + Errno());
  }
}

witness::Config LoadConfig(const MemberFiles& files) {
  std::ifstream in(files.config_json);
  if (!in) throw MemberFilesError("cannot open '" + files.config_json + "': " + Errno());
  std::stringstream content;
  content << in.rdbuf();
  try {
    return ConfigFromJson(nlohmann::json::parse(content.str()));
  } catch (const std::exception& e) {
    throw MemberFilesError("cannot read '" + files.config_json + "': " + e.what());
  }
}

}  // namespace minifleet
