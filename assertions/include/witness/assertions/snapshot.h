// Writing a scenario from a recording (`witness snapshot`): a starting point
// that the recording satisfies, to be edited by hand.
//
//   SnapshotOptions options;
//   options.name = "cluster-of-three";
//   options.path_variables = {{"FLEETBOX_HOME", "/tmp/fbhome7"}};
//   std::string yaml = SnapshotScenario(ReadRecordFile(path), options);
#ifndef WITNESS_ASSERTIONS_SNAPSHOT_H_
#define WITNESS_ASSERTIONS_SNAPSHOT_H_

#include <map>
#include <string>

#include "witness/recorder/reader.h"

namespace witness::assertions {

struct SnapshotOptions {
  // The `scenario:` name.
  std::string name = "snapshot";
  std::string description;
  // Environment variable name -> its value at recording time: a path that
  // begins with the value is written as ${env:NAME}/rest, so the scenario
  // holds on another machine (longest value wins).
  std::map<std::string, std::string> path_variables;
};

// YAML for a scenario that `recording` satisfies: members listed; MACs
// captured at reserve and required at create; invented addresses (the
// documentation ranges and random MACs) checked by format, not value; each
// member's order as recorded; counts for ops that belong to no member; the
// fault rules that touched calls (their `fault_rule` fields) in `faults:`.
// Loading the result with LoadScenario and checking the same recording
// passes (given the same environment variables).
std::string SnapshotScenario(const recorder::Recording& recording,
                             const SnapshotOptions& options = {});

}  // namespace witness::assertions

#endif  // WITNESS_ASSERTIONS_SNAPSHOT_H_
