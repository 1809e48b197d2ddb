// Checking a recording against a scenario.
//
//   Scenario scenario = LoadScenario("cluster-of-three.yaml");
//   Report report = Check(scenario, ReadRecordFile("record.jsonl"));
//   std::cout << RenderText(report, {});
#ifndef WITNESS_ASSERTIONS_CHECK_H_
#define WITNESS_ASSERTIONS_CHECK_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

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

// The sentence for a recording no recorder wrote a record to, said the
// same way by `witness check` and by the C++ matchers: "the recorder never
// started: no session record and no other record in 'rec.jsonl' (1 bad
// line); is FLEETBOX_FAKE_RECORD passed to the process that records?".
std::string RecorderNeverStartedReason(const std::vector<std::string>& files,
                                       std::size_t bad_lines, std::string_view record_variable);

}  // namespace witness::assertions

#endif  // WITNESS_ASSERTIONS_CHECK_H_
