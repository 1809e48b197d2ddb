// A directory only this user can enter (mkdtemp, mode 0700), removed with
// its contents when the object goes, unless kept. `witness run` puts the
// record file there so no other user can plant or read records.
//
//   PrivateTempDir dir("witness-run");
//   std::string record = dir.path() + "/record.jsonl";
//   if (failed) dir.Keep();  // the user needs the record file
#ifndef WITNESS_CLI_PRIVATE_TEMP_DIR_H_
#define WITNESS_CLI_PRIVATE_TEMP_DIR_H_

#include <stdexcept>
#include <string>

#include "witness/recorder/error.h"

namespace witness::cli {

// The directory could not be made. what(): "cannot create a temporary
// directory in '/tmp': no space left on device".
class TempDirError : public Error {
 public:
  using Error::Error;
};

// Move-only owner of the directory. Not thread-safe.
class PrivateTempDir {
 public:
  // Creates <TMPDIR or /tmp>/<prefix>-XXXXXX. Throws TempDirError.
  explicit PrivateTempDir(const std::string& prefix);
  PrivateTempDir(PrivateTempDir&& other) noexcept;
  PrivateTempDir& operator=(PrivateTempDir&& other) noexcept;
  PrivateTempDir(const PrivateTempDir&) = delete;
  PrivateTempDir& operator=(const PrivateTempDir&) = delete;
  // Removes the directory and everything in it unless Keep() was called;
  // a failure to remove is ignored (a temporary directory left behind).
  ~PrivateTempDir();

  const std::string& path() const noexcept { return path_; }
  void Keep() noexcept { keep_ = true; }
  bool kept() const noexcept { return keep_; }

 private:
  std::string path_;
  bool keep_ = false;
};

}  // namespace witness::cli

#endif  // WITNESS_CLI_PRIVATE_TEMP_DIR_H_
