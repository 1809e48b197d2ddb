// Records a small fleet's life through the real recorder Writer, as a
// helper built against the fake backend would: per member reserve, create
// (with paths under a home directory and the reserved MAC), start; then
// stop for each and one close. Used in-process by the --wait tests and by
// the cli_test_recorder helper program that `witness run` tests launch.
#ifndef WITNESS_TESTS_CLI_FLEET_RECORDS_H_
#define WITNESS_TESTS_CLI_FLEET_RECORDS_H_

#include <string>
#include <vector>

#include "witness/recorder/writer.h"

namespace witness::cli::testing {

struct FleetOptions {
  std::vector<std::string> members = {"web-1", "web-2", "web-3"};
  // disk_path is <home>/vms/<member>/disk.raw.
  std::string home = "/home/ci/.fleetbox";
  // Give the second member's create the first member's MAC: the bug a
  // scenario that captures MACs at reserve must catch.
  bool swap_mac = false;
  // Leave out the close record, so a scenario expecting it does not hold.
  bool skip_close = false;
};

// The MAC the fleet reserves for member number `index` (0-based).
std::string FleetMac(std::size_t index);

void RecordFleet(recorder::Writer& writer, const FleetOptions& options);

}  // namespace witness::cli::testing

#endif  // WITNESS_TESTS_CLI_FLEET_RECORDS_H_
