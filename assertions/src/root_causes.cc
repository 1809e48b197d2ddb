#include "internal/root_causes.h"

#include "witness/assertions/check.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "witness/recorder/format.h"

namespace witness::assertions::internal {
namespace {

using recorder::Record;
using recorder::Recording;

std::string Quoted(const std::string& text) { return "'" + text + "'"; }

// "'a', 'b', 'c'", or "'a', 'b' and 3 more" past `limit` names.
std::string QuotedList(const std::set<std::string>& names, std::size_t limit) {
  std::string list;
  std::size_t listed = 0;
  for (const std::string& name : names) {
    if (listed == limit) {
      return list + " and " + std::to_string(names.size() - limit) + " more";
    }
    list += (listed++ == 0 ? "" : ", ") + Quoted(name);
  }
  return list;
}

// Points every failure that `explains` selects at a new cause, and keeps the
// cause only when it explains one.
template <typename Explains>
void AddCause(Report& report, std::string text, Explains explains) {
  const std::size_t index = report.causes.size();
  std::size_t explained = 0;
  for (ExpectationResult& result : report.expectations) {
    if (!result.passed && !result.cause && explains(result.member)) {
      result.cause = index;
      // The closest records of an expectation that failed for a reason
      // stated elsewhere (another member's records, say) mislead.
      result.near_misses.clear();
      ++explained;
    }
  }
  for (CheckResult& check : report.checks) {
    if (!check.passed && !check.cause && explains(check.member)) {
      check.cause = index;
      ++explained;
    }
  }
  if (explained == 0) return;
  report.causes.push_back(RootCause{std::move(text), explained});
}

// Members the scenario lists that no record names: every expectation of
// such a member fails for that one reason.
void FindAbsentMembers(const Recording& recording, Report& report) {
  std::set<std::string> failing;
  for (const ExpectationResult& result : report.expectations) {
    if (!result.passed && !result.member.empty()) failing.insert(result.member);
  }
  for (const CheckResult& check : report.checks) {
    if (!check.passed && !check.member.empty()) failing.insert(check.member);
  }
  if (failing.empty()) return;
  std::set<std::string> named;
  for (const Record& record : recording.records) {
    if (record.HasName() && !recorder::IsSessionOp(record.Op())) named.insert(record.Name());
  }
  std::set<std::string> absent;
  for (const std::string& member : failing) {
    if (named.count(member) == 0) absent.insert(member);
  }
  if (absent.empty()) return;
  // One cause for all of them: a scenario listing members that never came
  // up states one fact, however many members it lists.
  std::string text = absent.size() == 1 ? "no record names member " : "no record names members ";
  text += QuotedList(absent, 10);
  if (named.empty()) {
    text += " (no record carries a name at all)";
  } else {
    text += " (the records name " + QuotedList(named, 5) + ")";
  }
  AddCause(report, std::move(text), [&absent](const std::string& member) {
    return absent.count(member) != 0;
  });
}

// Where a second run begins in a file that several runs appended to, or
// nullopt. A writer's pid opens one session per file and numbers its records
// upwards; a second session, or a seq that goes back, under one pid is a new
// process that reused it (as the first process of a container does). Beyond
// that, more sessions than `writers` says, or a program that opens a session
// after its own earlier run closed one, point to the same thing.
struct SecondRun {
  const Record* record = nullptr;
  std::string why;
};

std::optional<SecondRun> FindSecondRun(const ScenarioSpec& spec, const Recording& recording) {
  struct Writer {
    std::size_t sessions = 0;
    std::optional<std::int64_t> last_seq;
  };
  std::map<std::pair<std::string, std::int64_t>, Writer> writers;
  std::map<std::pair<std::string, std::string>, std::int64_t> closed_by_program;  // file, argv0
  std::map<std::pair<std::string, std::int64_t>, std::string> program_of;         // file, pid
  std::size_t sessions = 0;
  for (const Record& record : recording.records) {
    const auto pid = record.Pid();
    if (!pid) continue;
    const std::string& file = record.where().file;
    Writer& writer = writers[{file, *pid}];
    const std::string who = "process " + std::to_string(*pid);
    if (record.Op() == recorder::ops::kSession) {
      ++sessions;
      if (++writer.sessions > 1) {
        return SecondRun{&record, who + " opened a second session"};
      }
      writer.last_seq.reset();
      const std::string argv0 = record.String("argv0");
      program_of[{file, *pid}] = argv0;
      const auto closed = closed_by_program.find({file, argv0});
      if (!argv0.empty() && closed != closed_by_program.end()) {
        return SecondRun{&record, Quoted(argv0) + " started again as " + who + " after process " +
                                      std::to_string(closed->second) + " had closed its session"};
      }
      if (spec.writers && sessions > static_cast<std::size_t>(*spec.writers)) {
        return SecondRun{&record, "session " + std::to_string(sessions) +
                                      " opens, and the scenario " + "expects " +
                                      std::to_string(*spec.writers) + " writers"};
      }
      continue;
    }
    if (record.Op() == recorder::ops::kSessionEnd) {
      const auto program = program_of.find({file, *pid});
      if (program != program_of.end() && !program->second.empty()) {
        closed_by_program[{file, program->second}] = *pid;
      }
      continue;
    }
    const auto seq = record.Seq();
    if (!seq) continue;
    if (writer.last_seq && *seq <= *writer.last_seq) {
      return SecondRun{&record, who + "'s seq went back from " + std::to_string(*writer.last_seq) +
                                    " to " + std::to_string(*seq)};
    }
    writer.last_seq = seq;
  }
  return std::nullopt;
}

}  // namespace

std::string RecorderNeverStarted(const Recording& recording, const std::string& record_variable) {
  if (!recording.records.empty() || !recording.diagnostics.empty()) return "";
  return RecorderNeverStartedReason(recording.files, 0, record_variable);
}

void FindRootCauses(const ScenarioSpec& spec, const Recording& recording, Report& report) {
  if (report.outcome == Outcome::kPass) return;
  // Nothing recorded explains everything; nothing else is worth saying.
  std::string never_started = RecorderNeverStarted(recording, spec.record_variable);
  if (!never_started.empty()) {
    AddCause(report, std::move(never_started),
             [](const std::string&) { return true; });
    return;
  }
  // A second run doubles counts and breaks order everywhere: said first,
  // though it cannot tell which failures it caused.
  if (const auto second = FindSecondRun(spec, recording)) {
    report.causes.push_back(
        RootCause{"the record file holds more than one run: a new one starts at " +
                      second->record->where().ToString() + " (" + second->why +
                      "); clear the file before each run",
                  0});
  }
  FindAbsentMembers(recording, report);
}

}  // namespace witness::assertions::internal

namespace witness::assertions {

std::string RecorderNeverStartedReason(const std::vector<std::string>& files,
                                       std::size_t bad_lines, std::string_view record_variable) {
  std::string reason = "the recorder never started: no session record and no other record";
  for (std::size_t i = 0; i < files.size(); ++i) {
    reason += (i == 0 ? " in " : ", ") + internal::Quoted(files[i]);
  }
  if (bad_lines > 0) {
    reason += " (" + std::to_string(bad_lines) + (bad_lines == 1 ? " bad line)" : " bad lines)");
  }
  if (!record_variable.empty()) {
    reason += "; is " + std::string(record_variable) + " passed to the process that records?";
  }
  return reason;
}

}  // namespace witness::assertions
