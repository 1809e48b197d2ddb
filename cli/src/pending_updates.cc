#include "witness/cli/pending_updates.h"

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <system_error>
#include <vector>

#include "witness/cli/output_file.h"
#include "witness/cli/usage_error.h"
#include "witness/recorder/internal/system_reason.h"

namespace witness::cli {
namespace {

namespace fs = std::filesystem;

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool IsPendingName(const std::string& name) {
  return EndsWith(name, std::string(".yaml") + kPendingSuffix) ||
         EndsWith(name, std::string(".yml") + kPendingSuffix);
}

std::string WithoutPendingSuffix(const std::string& path) {
  return path.substr(0, path.size() - (sizeof(kPendingSuffix) - 1));
}

// "./a/b" and "a//b" as "a/b": the paths people see.
std::string Tidy(const fs::path& path) {
  std::string text = path.lexically_normal().generic_string();
  return text.empty() ? "." : text;
}

[[noreturn]] void FailOn(const std::string& what, const std::string& path, int error_number) {
  throw UsageError("cannot " + what + " '" + path +
                   "': " + recorder::internal::SystemReason(error_number));
}

// Every pending file below `dir`, without following links to folders (a
// link back up would never end).
void CollectPending(const fs::path& dir, std::set<std::string>& found) {
  std::error_code error;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, error);
  if (error) FailOn("read folder", Tidy(dir), error.value());
  for (; it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (error) FailOn("read folder", Tidy(dir), error.value());
    std::error_code type_error;
    if (it->is_regular_file(type_error) && IsPendingName(it->path().filename().string())) {
      found.insert(Tidy(it->path()));
    }
  }
  if (error) FailOn("read folder", Tidy(dir), error.value());
}

}  // namespace

std::vector<PendingUpdate> FindPendingUpdates(const std::vector<std::string>& targets) {
  std::set<std::string> pending;
  for (const std::string& target : targets) {
    std::error_code error;
    const fs::file_status status = fs::status(target, error);
    if (fs::is_directory(status)) {
      CollectPending(target, pending);
    } else if (fs::exists(status)) {
      if (EndsWith(target, kPendingSuffix)) {
        pending.insert(Tidy(target));
      } else if (fs::exists(target + kPendingSuffix, error)) {
        pending.insert(Tidy(target + kPendingSuffix));
      }
    } else {
      throw UsageError("no such file or folder '" + target + "'");
    }
  }
  std::vector<PendingUpdate> updates;
  for (const std::string& file : pending) updates.push_back({file, WithoutPendingSuffix(file)});
  return updates;
}

std::vector<PendingUpdate> FindPendingUpdatesFrom(const std::string& artifact_dir,
                                                  const std::string& root) {
  std::error_code error;
  if (!fs::is_directory(artifact_dir, error)) {
    throw UsageError("the pending updates folder '" + artifact_dir + "' is not a folder");
  }
  std::set<std::string> pending;
  CollectPending(artifact_dir, pending);
  std::vector<PendingUpdate> updates;
  for (const std::string& file : pending) {
    const fs::path relative = fs::path(file).lexically_relative(Tidy(artifact_dir));
    updates.push_back({file, Tidy(fs::path(root) / WithoutPendingSuffix(relative.generic_string()))});
  }
  return updates;
}

void AcceptPendingUpdate(const PendingUpdate& update) {
  if (rename(update.pending_file.c_str(), update.scenario_file.c_str()) == 0) return;
  const int error_number = errno;
  if (error_number != EXDEV && error_number != ENOENT) {
    FailOn("replace", update.scenario_file, error_number);
  }
  // Another file system (an artifact unpacked in /tmp), or a new scenario in
  // a folder the checkout lacks: write the bytes beside the scenario, rename
  // them over it, then drop the pending file.
  const std::optional<std::string> bytes = ReadWholeFile(update.pending_file);
  if (!bytes) FailOn("read", update.pending_file, errno != 0 ? errno : EIO);
  WriteOutputFile(update.scenario_file, *bytes);
  if (unlink(update.pending_file.c_str()) != 0) FailOn("remove", update.pending_file, errno);
}

void RejectPendingUpdate(const PendingUpdate& update) {
  if (unlink(update.pending_file.c_str()) != 0) FailOn("remove", update.pending_file, errno);
}

}  // namespace witness::cli
