#include "witness/cli/update_request.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "witness/assertions/scenario_diff.h"
#include "witness/assertions/scenario_update.h"
#include "witness/cli/output_file.h"
#include "witness/cli/usage_error.h"
#include "witness/recorder/printable.h"

namespace witness::cli {
namespace {

namespace fs = std::filesystem;

std::string ReadScenarioText(const std::string& path) {
  std::optional<std::string> text = ReadWholeFile(path);
  if (!text) throw assertions::ScenarioError(path, 0, 0, "cannot read the scenario to update it");
  return *text;
}

// DIR/<the scenario's path from the current folder>.new: the layout
// `witness review --from DIR` applies.
std::string PendingPathIn(const std::string& dir, const std::string& scenario_file) {
  std::error_code error;
  const fs::path absolute = fs::absolute(scenario_file, error);
  const fs::path relative = absolute.lexically_proximate(fs::current_path(error));
  if (error || relative.empty() || *relative.begin() == "..") {
    throw UsageError("--pending-dir mirrors scenarios under the current folder; '" +
                     scenario_file + "' is outside it");
  }
  return (fs::path(dir) / relative).string() + ".new";
}

}  // namespace

bool CiIsSet() {
  const char* value = std::getenv("CI");
  if (value == nullptr) return false;
  const std::string text = value;
  return !text.empty() && text != "0" && text != "false";
}

UpdateRequest MakeUpdateRequest(const std::string& mode, const std::string& pending_dir,
                                bool ci) {
  UpdateRequest request;
  request.ci = ci;
  if (!pending_dir.empty()) request.pending_dir = pending_dir;
  if (mode == "always") {
    request.mode = UpdateMode::kAlways;
  } else if (mode == "auto" || (mode.empty() && request.pending_dir)) {
    request.mode = UpdateMode::kAuto;
  } else if (!mode.empty()) {
    throw UsageError("--update takes no value or 'always', not '" + mode + "'");
  }
  return request;
}

void ProposeUpdate(const UpdateRequest& request, const std::string& scenario_file,
                   const assertions::Variables& vars, const recorder::Recording& recording,
                   assertions::Report& report, std::ostream& err) {
  if (request.mode == UpdateMode::kOff || report.outcome != assertions::Outcome::kFail) return;
  const std::string original = ReadScenarioText(scenario_file);
  assertions::UpdateOptions options;
  options.vars = vars;
  const assertions::ScenarioUpdate update =
      assertions::UpdateScenario(original, scenario_file, recording, options);

  assertions::ProposedUpdate proposed;
  proposed.scenario_file = scenario_file;
  proposed.passes = update.passes;
  proposed.unresolved = update.unresolved;
  const std::string pending = request.pending_dir
                                  ? PendingPathIn(*request.pending_dir, scenario_file)
                                  : scenario_file + ".new";
  if (update.changed) {
    proposed.changes =
        assertions::DiffScenarios(original, update.text, scenario_file, scenario_file + ".new");
  }
  if (!update.changed) {
    proposed.not_written = "no change to the scenario makes this recording pass";
  } else if (!update.passes) {
    // Half an update would be accepted as if it were one.
    proposed.not_written = "the changes found are not enough to pass";
  } else if (request.ci && request.mode != UpdateMode::kAlways && !request.pending_dir) {
    proposed.not_written = "CI is set (--update=always writes under CI)";
  } else {
    WriteOutputFile(pending, update.text);
    proposed.pending_file = pending;
  }

  const std::size_t changed = static_cast<std::size_t>(
      std::count_if(proposed.changes.begin(), proposed.changes.end(),
                    [](const std::string& line) { return !assertions::IsUnchangedContext(line); }));
  const std::string changes = std::to_string(changed) + (changed == 1 ? " change" : " changes");
  if (!proposed.pending_file.empty()) {
    err << "witness: update: wrote " << recorder::Printable(pending) << " (" << changes
        << "); accept or reject it with: witness review "
        << recorder::Printable(pending) << "\n";
  } else {
    err << "witness: update: nothing written: " << proposed.not_written
        << (proposed.changes.empty() ? "" : "; the report lists the " + changes) << "\n";
  }
  report.update = std::move(proposed);
}

}  // namespace witness::cli
