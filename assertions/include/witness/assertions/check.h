// Checking a recording against a scenario.
//
//   Scenario scenario = LoadScenario("cluster-of-three.yaml");
//   Report report = Check(scenario, ReadRecordFile("record.jsonl"));
//   std::cout << RenderText(report, {});
#ifndef WITNESS_ASSERTIONS_CHECK_H_
#define WITNESS_ASSERTIONS_CHECK_H_

#include <cstddef>

#include "witness/assertions/report.h"
#include "witness/assertions/scenario.h"
#include "witness/recorder/reader.h"

namespace witness::assertions {

struct CheckOptions {
  // Fill Report::listing: every record line with the expectation that
  // claimed it.
  bool listing = false;
  // Closest records shown for a pattern that matched too few records.
  std::size_t max_near_misses = 3;
};

// Checks `recording` against `scenario`. Never throws for unmet
// expectations or bad record lines: they are in the report. Cost grows
// linearly with the number of records for scenarios without captures.
// `{file: ...}` matchers look at the host's filesystem during the call.
Report Check(const Scenario& scenario, const recorder::Recording& recording,
             const CheckOptions& options = {});

}  // namespace witness::assertions

#endif  // WITNESS_ASSERTIONS_CHECK_H_
