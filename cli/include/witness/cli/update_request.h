// `witness check|run --update`: when the scenario fails, propose the
// scenario that the recording satisfies (assertions/scenario_update.h) as a
// pending SCENARIO.yaml.new for `witness review`, never touching the
// scenario itself. Under CI nothing is written beside the scenario unless
// asked for: the report carries the proposed changes instead.
//
//   UpdateRequest update = MakeUpdateRequest("auto", "", CiIsSet());
//   ProposeUpdate(update, "fleet.yaml", vars, recording, report, std::cerr);
#ifndef WITNESS_CLI_UPDATE_REQUEST_H_
#define WITNESS_CLI_UPDATE_REQUEST_H_

#include <optional>
#include <ostream>
#include <string>

#include "witness/assertions/report.h"
#include "witness/assertions/scenario.h"
#include "witness/recorder/reader.h"

namespace witness::cli {

enum class UpdateMode {
  kOff,
  kAuto,    // --update: write the pending file, unless CI is set
  kAlways,  // --update=always: write it under CI too
};

struct UpdateRequest {
  UpdateMode mode = UpdateMode::kOff;
  // --pending-dir DIR: pending files go to DIR/<path from the current
  // folder>.yaml.new (a CI artifact for `witness review --from DIR`)
  // instead of beside the scenario; written under CI too.
  std::optional<std::string> pending_dir;
  bool ci = false;  // CiIsSet() when the command started
};

// True when the CI environment variable is set to anything but "", "0" or
// "false" (the convention of the CI services and of Jest's --ci).
bool CiIsSet();

// From the command line: `mode` is "" (no --update), "auto" or "always";
// a --pending-dir implies --update. Throws UsageError for another mode.
UpdateRequest MakeUpdateRequest(const std::string& mode, const std::string& pending_dir, bool ci);

// For a failing `report` (a passing or unverifiable one is left alone):
// works out the update, writes the pending scenario where `request` says,
// sets report.update, and says in one line on `err` what it did. Throws
// ScenarioError when the scenario file cannot be read, UsageError when the
// pending file cannot be written.
void ProposeUpdate(const UpdateRequest& request, const std::string& scenario_file,
                   const assertions::Variables& vars, const recorder::Recording& recording,
                   assertions::Report& report, std::ostream& err);

}  // namespace witness::cli

#endif  // WITNESS_CLI_UPDATE_REQUEST_H_
