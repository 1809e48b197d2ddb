// Network filesystem detection for the writer's open-time warning.
#include "witness/recorder/internal/filesystem.h"

#include <atomic>

namespace witness::recorder::internal {
namespace {

struct FilesystemMagic {
  std::uint32_t magic;  // statfs f_type, as in <linux/magic.h>
  std::string_view name;
};

// Filesystems whose appends are not serialised by one local kernel: network
// filesystems and FUSE (which also covers sshfs, glusterfs, virtiofs and
// most cloud-bucket mounts). f_type is compared as 32 bits because some of
// these values are negative in a 32-bit long.
constexpr FilesystemMagic kNetworkFilesystems[] = {
    {0x00006969u, "nfs"},  {0x0000517Bu, "smb"},    {0xFF534D42u, "cifs"}, {0xFE534D42u, "smb2"},
    {0x65735546u, "fuse"}, {0x00C36400u, "ceph"},   {0x73757245u, "coda"}, {0x5346414Fu, "afs"},
    {0x6B414653u, "afs"},  {0x01021997u, "9p"},     {0x0000564Cu, "ncp"},  {0x7461636Fu, "ocfs2"},
    {0x01161970u, "gfs2"}, {0x0BD00BD0u, "lustre"}, {0x47504653u, "gpfs"}, {0x786F4256u, "vboxsf"},
};

// -1: no override. f_type values are non-negative as 32-bit unsigned, so
// they never collide with the sentinel once widened.
std::atomic<std::int64_t> g_filesystem_type_for_testing{-1};

}  // namespace

std::optional<std::string_view> NetworkFilesystemName(std::int64_t filesystem_type) noexcept {
  const auto magic = static_cast<std::uint32_t>(filesystem_type);
  for (const FilesystemMagic& entry : kNetworkFilesystems) {
    if (entry.magic == magic) return entry.name;
  }
  return std::nullopt;
}

std::string NetworkFilesystemWarning(std::string_view path, std::string_view filesystem) {
  std::string message = "record file '";
  message += path;
  message += "' is on a ";
  message += filesystem;
  message +=
      " filesystem, where appends from several hosts or processes are not atomic and "
      "records may tear or overwrite each other; give each process (or host) its own "
      "record file and read them together, which merges them";
  return message;
}

void SetFilesystemTypeForTesting(std::optional<std::int64_t> filesystem_type) {
  g_filesystem_type_for_testing.store(
      filesystem_type ? static_cast<std::int64_t>(static_cast<std::uint32_t>(*filesystem_type))
                      : -1);
}

// Read by writer.cc.
std::optional<std::int64_t> FilesystemTypeOverride() noexcept {
  const std::int64_t value = g_filesystem_type_for_testing.load();
  if (value < 0) return std::nullopt;
  return value;
}

}  // namespace witness::recorder::internal
