// Holding: a scenario that passed keeps being checked for a while, so a
// forbidden record that lands a moment after the pass is seen (Gomega's
// Consistently). `witness check --hold` and `witness run --hold` use it.
//
//   if (auto broken = HoldScenario(scenario, {"rec.jsonl"}, std::chrono::seconds(3), {}))
//     DeliverReport(broken->report, ..., &broken->recording);  // it stopped passing
#ifndef WITNESS_CLI_HOLD_H_
#define WITNESS_CLI_HOLD_H_

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "witness/assertions/check.h"
#include "witness/assertions/scenario.h"
#include "witness/recorder/reader.h"

namespace witness::cli {

// The report that broke the hold, and the recording it was made from.
struct BrokenHold {
  assertions::Report report;
  recorder::Recording recording;
};

struct HoldOptions {
  bool polling_only = false;  // poll instead of inotify
  bool annotate = false;      // reports carry the annotated listing
};

// Rereads the record files on every change for `duration` and checks them
// again. Returns the first report that does not pass, or nullopt when the
// scenario held throughout. Throws RecordFileError when a file cannot be
// read.
std::optional<BrokenHold> HoldScenario(const assertions::Scenario& scenario,
                                               const std::vector<std::string>& record_files,
                                               std::chrono::milliseconds duration,
                                               const HoldOptions& options);

}  // namespace witness::cli

#endif  // WITNESS_CLI_HOLD_H_
