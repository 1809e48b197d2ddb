// Root causes: findings that explain other failures, said before them.
//
// A helper started without the record variable fails every expectation; a
// member that no record names fails every one of its expectations; a record
// file that two runs appended to fails counts everywhere. Each of those is
// one fact, and a report that lists its consequences first buries it.
#ifndef WITNESS_ASSERTIONS_INTERNAL_ROOT_CAUSES_H_
#define WITNESS_ASSERTIONS_INTERNAL_ROOT_CAUSES_H_

#include <string>

#include "internal/spec.h"
#include "witness/assertions/report.h"
#include "witness/recorder/reader.h"

namespace witness::assertions::internal {

// "the recorder never started: no session record and no records in 'r.jsonl'
// (is FLEETBOX_FAKE_RECORD passed to the process that records?)", or "" when
// the recording holds a record, a session record or a bad line.
std::string RecorderNeverStarted(const recorder::Recording& recording,
                                 const std::string& record_variable);

// Adds to report.causes what explains its failures, and marks each failure
// a cause explains. Run once every expectation and check has its result.
void FindRootCauses(const ScenarioSpec& spec, const recorder::Recording& recording,
                    Report& report);

}  // namespace witness::assertions::internal

#endif  // WITNESS_ASSERTIONS_INTERNAL_ROOT_CAUSES_H_
