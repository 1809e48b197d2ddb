// Pending scenario updates: a `SCENARIO.yaml.new` file holds the version of
// `SCENARIO.yaml` a run proposed (`witness check|run --update`), waiting for a
// person to accept or reject it with `witness review`.
//
//   for (const PendingUpdate& update : FindPendingUpdates({"scenarios"})) {
//     if (Approved(update)) AcceptPendingUpdate(update); else RejectPendingUpdate(update);
//   }
#ifndef WITNESS_CLI_PENDING_UPDATES_H_
#define WITNESS_CLI_PENDING_UPDATES_H_

#include <string>
#include <vector>

namespace witness::cli {

// The suffix of a pending file: `fleet.yaml.new` proposes `fleet.yaml`.
inline constexpr char kPendingSuffix[] = ".new";

// A pending file and the scenario it would replace (which may not exist
// yet: a new scenario).
struct PendingUpdate {
  std::string pending_file;
  std::string scenario_file;
};

// The pending updates under `targets`: a folder is searched recursively
// (symbolic links to folders are not followed) for `*.yaml.new` and
// `*.yml.new`; a file is taken as a pending file when it ends in `.new`, or
// as a scenario whose pending file is looked for beside it. Sorted by path,
// each once. Throws UsageError for a target that does not exist.
std::vector<PendingUpdate> FindPendingUpdates(const std::vector<std::string>& targets);

// The pending files of a CI artifact: `artifact_dir` holds
// `<relative path>.yaml.new` mirrored from a project root; each belongs to
// `<root>/<relative path>.yaml`. Throws UsageError when `artifact_dir` is
// not a folder.
std::vector<PendingUpdate> FindPendingUpdatesFrom(const std::string& artifact_dir,
                                                  const std::string& root);

// Replaces the scenario with the pending file, atomically: a reader of the
// scenario sees the old file or the new one, never a mix. rename(2) when the
// two share a file system; otherwise the bytes are copied beside the
// scenario and renamed over it, and the pending file is removed. Throws
// UsageError naming the file when it cannot.
void AcceptPendingUpdate(const PendingUpdate& update);

// Deletes the pending file. Throws UsageError naming it when it cannot.
void RejectPendingUpdate(const PendingUpdate& update);

}  // namespace witness::cli

#endif  // WITNESS_CLI_PENDING_UPDATES_H_
