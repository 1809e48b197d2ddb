// Stable names for the values of a recording that change from run to run:
// the writers' pids, temporary directories, MACs and IP addresses. Two
// recordings of the same behaviour made in different temporary directories
// read the same once their values go through the aliases of their own file.
//
//   VolatileAliases aliases(ReadRecordFile(path), DefaultTempRoots());
//   nlohmann::json fields = aliases.Apply(record);   // pid "<pid-1>", mac "<mac of web-1>", ...
//
// Aliases are numbered and named by first appearance within one recording,
// so the same run made twice gets the same aliases. Not thread-safe to
// build; Apply() is const and may be called from several threads.
#ifndef WITNESS_ASSERTIONS_VOLATILE_ALIASES_H_
#define WITNESS_ASSERTIONS_VOLATILE_ALIASES_H_

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "witness/recorder/reader.h"

namespace witness::assertions {

// The directories under which a path's first segment is a temporary
// directory: /tmp, /var/tmp, /dev/shm and the value of TMPDIR when it is an
// absolute path other than "/"; without trailing slashes.
std::vector<std::string> DefaultTempRoots();

// `text` with the temporary directory of every absolute path in it written
// `<tmp>`. A path starts at the beginning of `text` or after a space, quote
// or punctuation, and ends at the next such character. Its temporary
// directory ends with the deepest of: the first segment under a root of
// `temp_roots` (the shortest matching root, so a TMPDIR inside /tmp does not
// change where it ends), and any segment with a mkdtemp-like name (a stem,
// then `.`, `-` or `_`, then at least six letters and digits mixing at
// least two of upper case, lower case and digits: `witness-run-Q3xk9Z`,
// `tmp.Fa83kdLq0c`).
//   "/tmp/tmp.Fa83kdLq0c/vms/web-1/disk.raw"       -> "<tmp>/vms/web-1/disk.raw"
//   "open /build/t/witness-run-Q3xk9Z/r.jsonl: ..." -> "open <tmp>/r.jsonl: ..."
std::string ReplaceTempDirectories(std::string_view text,
                                   const std::vector<std::string>& temp_roots);

// True for a path segment with a mkdtemp-like name, as above.
bool IsMkdtempLikeName(std::string_view segment) noexcept;

// The aliases of one recording, learnt from it at construction.
class VolatileAliases {
 public:
  static constexpr std::string_view kTempAlias = "<tmp>";

  // Learns, in file order: each pid ("<pid-1>", "<pid-2>", ...); each value
  // of `mac` ("<mac of web-1>", after the member whose record first carried
  // it; "<mac of web-1 #2>" for that member's second MAC; "<mac-1>" for one
  // first carried by a record without a member); each value of
  // `assigned_ip` or `ip_hint` ("<ip of web-1>", likewise).
  VolatileAliases(const recorder::Recording& recording, std::vector<std::string> temp_roots);

  // The record's fields with volatile values aliased: `pid` becomes its
  // alias (a string); any string, in any field or array, equal to a known
  // MAC or IP becomes its alias; in every other string the temporary
  // directories become `<tmp>`. Keys and all other values are kept.
  nlohmann::json Apply(const recorder::Record& record) const;

  // One value aliased as Apply() aliases a field's value (pid aside).
  nlohmann::json Apply(const nlohmann::json& value) const;

  // The alias of a pid this recording holds; "" for one it does not.
  std::string PidAlias(std::int64_t pid) const;

 private:
  std::vector<std::string> temp_roots_;
  std::map<std::int64_t, std::string> pids_;
  std::map<std::string, std::string, std::less<>> addresses_;  // MACs and IPs
};

}  // namespace witness::assertions

#endif  // WITNESS_ASSERTIONS_VOLATILE_ALIASES_H_
