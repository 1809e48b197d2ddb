// Where a member's artifacts live on the host, and how they are written.
//
//   MemberFiles files = MemberFiles::For("/srv/fleet", "web-1", 2);
//   files.dir        == "/srv/fleet/vms/web-1"
//   files.disk       == "/srv/fleet/vms/web-1/disk.raw"
//   files.fixtures   == {".../fixture-0.img", ".../fixture-1.img"}
//
// These are the paths a scenario checks the helper's backend received: the
// client computes them, writes the files, and threads them into the Config.
#ifndef MINIFLEET_MEMBER_FILES_H_
#define MINIFLEET_MEMBER_FILES_H_

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "witness/backend/backend.h"

namespace minifleet {

// A member's files could not be written or read back. what() names the path
// and the system's reason.
class MemberFilesError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Resources every member gets.
inline constexpr int kMemberCpus = 1;
inline constexpr std::int64_t kMemberMemoryBytes = std::int64_t{256} << 20;

struct MemberFiles {
  std::string dir;                    // <root>/vms/<name>
  std::string disk;                   // disk.raw: the member's persistent state
  std::string seed;                   // seed.iso: first-boot data embedding MAC and IP
  std::string efi;                    // efi.fd: firmware variables
  std::string serial_log;             // serial.log: written by the backend, not us
  std::string config_json;            // config.json: the last Config, for re-up
  std::vector<std::string> fixtures;  // fixture-<i>.img, i = 0..n-1

  // The layout of member `name` under `root` with `fixtures` fixture images.
  static MemberFiles For(const std::string& root, const std::string& name, int fixtures);
};

// Throws std::invalid_argument unless `name` is 1-63 characters of letters,
// digits, '.', '_' and '-', starting with a letter or digit: it becomes a
// directory name and part of a seed file.
void ValidateMemberName(std::string_view name);

// True when the member was brought up before (its config.json exists).
bool MemberExists(const MemberFiles& files);

// Creates the directory and writes disk, EFI variables and fixtures of a
// new member. Throws MemberFilesError.
void WriteNewMember(const MemberFiles& files, const std::string& name);

// (Re)writes the seed: a cloud-init style document carrying the member's
// hostname, MAC and IP ("dhcp" when `ip` is empty). Throws MemberFilesError.
void WriteSeed(const MemberFiles& files, const std::string& name, const std::string& mac,
               const std::string& ip);

// Persists `config` as config.json, atomically (a reader sees the old file
// or the new one). Throws MemberFilesError.
void SaveConfig(const MemberFiles& files, const witness::Config& config);

// Reads config.json back. Throws MemberFilesError when it is missing,
// unreadable or not a Config.
witness::Config LoadConfig(const MemberFiles& files);

}  // namespace minifleet

#endif  // MINIFLEET_MEMBER_FILES_H_
