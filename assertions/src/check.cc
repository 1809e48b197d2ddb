// The engine's entry point: runs the steps of a check (internal/engine.h)
// in order and decides the outcome.

#include "witness/assertions/check.h"

#include <map>
#include <string>
#include <utility>

#include "internal/engine.h"
#include "internal/root_causes.h"
#include "witness/recorder/format.h"

namespace witness::assertions {
namespace internal {

void Engine::Run() {
  report_.scenario = spec_.name;
  report_.scenario_file = spec_.file;
  report_.files = recording_.files;
  report_.diagnostics = recording_.diagnostics;
  Index();
  ResolveMembers();
  Evaluate();
  CheckOrder();
  CheckNoneBetween();
  CheckUnique();
  CheckLifecycle();
  CheckStrict();
  CheckFieldNames();
  CheckWriters();
  CheckCleanExit();
  CheckLiveness();
  Decide();
  FindRootCauses(spec_, recording_, report_);
  if (options_.listing) BuildListing();
}

void Engine::Decide() {
  bool failed = false;
  for (const ExpectationResult& result : report_.expectations) failed = failed || !result.passed;
  for (const CheckResult& check : report_.checks) {
    if (check.kind != CheckKind::kLiveness) failed = failed || !check.passed;
  }
  if (!unverifiable_reason_.empty()) {
    report_.outcome = Outcome::kUnverifiable;
    report_.unverifiable_reason = unverifiable_reason_;
  } else if (!failed && !time_unverifiable_.empty()) {
    // A time check that could not be made is not a pass; a failure
    // elsewhere is still a failure.
    report_.outcome = Outcome::kUnverifiable;
    report_.unverifiable_reason = time_unverifiable_;
  } else {
    report_.outcome = failed ? Outcome::kFail : Outcome::kPass;
  }
  if (report_.outcome == Outcome::kFail) {
    report_.final_failure = final_failure_;
    if (report_.final_failure.empty()) report_.final_failure = EveryWriterClosed();
  }
}

// "every writer closed its session (2 sessions)" when each session record
// has its session_end: nothing more will be written. "" otherwise.
std::string Engine::EveryWriterClosed() const {
  std::map<std::pair<std::string, std::int64_t>, int> open;
  std::size_t sessions = 0;
  for (const std::size_t index : sessions_) {
    const Record& record = recording_.records[index];
    const auto pid = record.Pid();
    if (!pid) return "";
    int& count = open[{record.where().file, *pid}];
    if (record.Op() == recorder::ops::kSession) {
      ++count;
      ++sessions;
    } else {
      --count;
    }
  }
  if (sessions == 0) return "";
  for (const auto& [writer, count] : open) {
    if (count > 0) return "";
  }
  return "every writer closed its session (" + std::to_string(sessions) +
         (sessions == 1 ? " session)" : " sessions)");
}

}  // namespace internal

Report Check(const Scenario& scenario, const recorder::Recording& recording,
             const CheckOptions& options) {
  Report report;
  internal::Engine engine(scenario.spec(), recording, options, report);
  engine.Run();
  return report;
}

}  // namespace witness::assertions
