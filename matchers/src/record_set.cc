#include "witness/matchers/internal/record_set.h"

#include <set>
#include <string>

#include "witness/assertions/check.h"
#include "witness/assertions/scenario.h"
#include "witness/matchers/internal/record_text.h"
#include "witness/recorder/format.h"

namespace witness::matchers::internal {
namespace {

void Add(const recorder::Record* record, RecordSet& set) {
  if (record == nullptr) return;
  const std::optional<std::string> op = record->OptionalString(recorder::keys::kOp);
  if (op && recorder::IsSessionOp(*op)) {
    set.sessions.push_back(record);
  } else {
    set.ordinary.push_back(record);
  }
}

}  // namespace

RecordSet View(const recorder::Recording& recording) {
  RecordSet set;
  for (const recorder::Record& record : recording.records) Add(&record, set);
  set.files = recording.files;
  set.bad_lines = recording.diagnostics.size();
  return set;
}

RecordSet View(const std::vector<recorder::Record>& records) {
  RecordSet set;
  for (const recorder::Record& record : records) Add(&record, set);
  return set;
}

RecordSet View(const recorder::RecordVector& records) {
  RecordSet set;
  for (const recorder::Record& record : records) Add(&record, set);
  return set;
}

RecordSet View(const std::vector<const recorder::Record*>& records) {
  RecordSet set;
  for (const recorder::Record* record : records) Add(record, set);
  return set;
}

Liveness AssessLiveness(const RecordSet& set) {
  Liveness liveness;
  // A session_end proves a live writer as well as a session does.
  const std::vector<const recorder::Record*>& opened = set.sessions;
  if (!opened.empty()) {
    std::set<std::int64_t> pids;
    for (const recorder::Record* session : opened) {
      if (const auto pid = session->Pid()) pids.insert(*pid);
    }
    liveness.alive = true;
    liveness.evidence = opened.size() == 1 ? "a session record at " : "session records at ";
    liveness.evidence += Locations(opened, 3);
    if (!pids.empty()) {
      liveness.evidence += pids.size() == 1 ? " (pid " : " (pids ";
      bool first = true;
      for (std::int64_t pid : pids) {
        if (!first) liveness.evidence += ", ";
        liveness.evidence += std::to_string(pid);
        first = false;
      }
      liveness.evidence += ")";
    }
    return liveness;
  }
  if (!set.ordinary.empty()) {
    liveness.alive = true;
    liveness.evidence = "no session record, but " + std::to_string(set.ordinary.size()) +
                        (set.ordinary.size() == 1 ? " record" : " records") + " from " +
                        set.ordinary.front()->where().ToString() +
                        " on (a writer without session records, such as the Go reference)";
    return liveness;
  }
  liveness.evidence = assertions::RecorderNeverStartedReason(set.files, set.bad_lines,
                                                              assertions::kDefaultRecordVariable);
  return liveness;
}

}  // namespace witness::matchers::internal
