// Which filesystems break the single-write guarantee, and how the writer
// says so. Not API; exposed for the writer's tests.
#ifndef WITNESS_RECORDER_INTERNAL_FILESYSTEM_H_
#define WITNESS_RECORDER_INTERNAL_FILESYSTEM_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace witness::recorder::internal {

// The name of the network or user-space filesystem with statfs f_type
// `filesystem_type` ("nfs", "cifs", "smb2", "fuse", ...), or nullopt for a
// local filesystem. On those, O_APPEND writes from several hosts (or via a
// user-space server) are not atomic, so records may tear or overwrite.
std::optional<std::string_view> NetworkFilesystemName(std::int64_t filesystem_type) noexcept;

// The warning the writer gives once per open of `path` on such a filesystem.
std::string NetworkFilesystemWarning(std::string_view path, std::string_view filesystem);

// Makes the writer see `filesystem_type` instead of fstatfs()'s answer for
// files it opens from now on; nullopt restores the real answer. Tests only.
void SetFilesystemTypeForTesting(std::optional<std::int64_t> filesystem_type);

// The value set by SetFilesystemTypeForTesting, if any.
std::optional<std::int64_t> FilesystemTypeOverride() noexcept;

}  // namespace witness::recorder::internal

#endif  // WITNESS_RECORDER_INTERNAL_FILESYSTEM_H_
