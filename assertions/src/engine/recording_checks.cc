// Checks of the recording as a whole: field names, strict, writers, clean_exit, and whether a live
// recorder was seen.
#include <algorithm>
#include <set>

#include "internal/engine.h"
#include "internal/root_causes.h"
#include "internal/timing.h"
#include "witness/recorder/format.h"

namespace witness::assertions::internal {

// A field no record of the recording has and the record format does not
// define is, most likely, a typo: a "never" on it passes for ever, and a
// `unique` on it compares nothing.
void Engine::CheckFieldNames() {
  std::vector<std::pair<const std::string*, const internal::Position*>> named;
  for (const auto* list : {&spec_.per_member, &spec_.global}) {
    for (const ExpectationSpec& expectation : *list) {
      for (const FieldSpec& field : expectation.fields) {
        named.emplace_back(&field.name, &field.position);
      }
    }
  }
  for (const auto& unique : spec_.unique) named.emplace_back(&unique.field, &unique.position);
  std::set<std::string> judged;
  std::vector<std::string> problems;
  const internal::Position* first_problem = nullptr;
  for (const auto& [name, position] : named) {
    if (recorder::FindKnownField(*name) != nullptr || !judged.insert(*name).second) continue;
    if (AppearsInARecord(*name)) continue;
    if (first_problem == nullptr) first_problem = position;
    problems.push_back(spec_.Where(*position) + ": field " + Quoted(*name) +
                       " appears in no record of this recording and is not a field of the "
                       "record format" + FieldSuggestion(*name));
  }
  if (problems.empty()) return;
  if (!spec_.strict) {
    report_.warnings.insert(report_.warnings.end(), problems.begin(), problems.end());
    return;
  }
  CheckResult check;
  check.kind = CheckKind::kFields;
  check.name = "fields";
  check.defined_at = spec_.Where(*first_problem);
  check.passed = false;
  check.failures = std::move(problems);
  report_.checks.push_back(std::move(check));
}

std::string Engine::FieldSuggestion(const std::string& name) {
  const std::string_view nearest = recorder::NearestKnownField(name);
  if (!nearest.empty()) return " (did you mean " + Quoted(std::string(nearest)) + "?)";
  std::string known;
  for (const recorder::KnownField& field : recorder::kKnownFields) {
    known += (known.empty() ? "" : ", ") + std::string(field.key);
  }
  return "; the format's fields are " + known;
}

bool Engine::AppearsInARecord(const std::string& field) const {
  for (const Record& record : recording_.records) {
    if (record.Has(field)) return true;
  }
  return false;
}

void Engine::CheckStrict() {
  if (!spec_.strict) return;
  CheckResult check;
  check.kind = CheckKind::kStrict;
  check.name = "strict";
  check.defined_at = spec_.Where(spec_.strict_position);
  for (const std::size_t index : ordinary_) {
    if (claim_counts_[index] != 0) continue;
    check.passed = false;
    check.failures.push_back("record at " + Where(index) + " matched no expectation: " +
                             recorder::RecordExcerpt(recording_.records[index]));
    check.records.push_back(recording_.records[index].where());
  }
  for (const recorder::Diagnostic& diagnostic : recording_.diagnostics) {
    check.passed = false;
    check.failures.push_back("bad line: " + diagnostic.ToString());
    check.records.push_back(diagnostic.where);
  }
  report_.checks.push_back(std::move(check));
}

void Engine::CheckWriters() {
  if (!spec_.writers) return;
  CheckResult check;
  check.kind = CheckKind::kWriters;
  check.name = "writers " + std::to_string(*spec_.writers);
  check.defined_at = spec_.Where(spec_.writers_position);
  std::set<std::int64_t> pids;
  std::size_t without_pid = 0;
  for (std::size_t i = 0; i < recording_.records.size(); ++i) {
    const auto pid = recording_.records[i].Pid();
    if (pid) {
      pids.insert(*pid);
    } else {
      ++without_pid;
    }
  }
  if (pids.empty() && without_pid > 0) {
    check.passed = false;
    check.failures.push_back(
        "cannot count writers: no record carries a pid (files written by the Go reference "
        "do not say which process wrote them)");
  } else if (pids.size() != static_cast<std::size_t>(*spec_.writers)) {
    check.passed = false;
    std::string list;
    std::size_t listed = 0;
    for (const std::int64_t pid : pids) {
      if (listed++ == kMaxLocationsListed) {
        list += ", ...";
        break;
      }
      list += (list.empty() ? "" : ", ") + std::to_string(pid);
    }
    check.failures.push_back("expected exactly " + std::to_string(*spec_.writers) +
                             " writing processes, found " + std::to_string(pids.size()) +
                             (list.empty() ? "" : " (pids " + list + ")"));
  }
  report_.checks.push_back(std::move(check));
}

void Engine::CheckCleanExit() {
  if (!spec_.clean_exit) return;
  CheckResult check;
  check.kind = CheckKind::kCleanExit;
  check.name = "clean_exit";
  check.defined_at = spec_.Where(spec_.clean_exit_position);
  struct Process {
    std::vector<std::size_t> opened;
    std::vector<std::size_t> closed;
    std::uint64_t reported = 0;
    std::uint64_t write_errors = 0;
    std::size_t found = 0;
    std::size_t first_record = 0;
  };
  std::map<std::pair<std::string, std::int64_t>, Process> processes;
  std::size_t without_pid = 0;
  const auto fail = [&check](std::string message) {
    check.passed = false;
    check.failures.push_back(std::move(message));
  };
  for (std::size_t i = 0; i < recording_.records.size(); ++i) {
    const Record& record = recording_.records[i];
    const auto pid = record.Pid();
    if (!pid) {
      if (std::binary_search(ordinary_.begin(), ordinary_.end(), i)) ++without_pid;
      continue;
    }
    Process& process = processes[{record.where().file, *pid}];
    const std::string& op = record.Op();
    if (op == recorder::ops::kSession) {
      process.opened.push_back(i);
    } else if (op == recorder::ops::kSessionEnd) {
      process.closed.push_back(i);
      const auto records = record.Integer("records");
      const auto errors = record.Integer("write_errors");
      if (!records) fail("session_end at " + Where(i) + " has no record count");
      process.reported += static_cast<std::uint64_t>(records.value_or(0));
      process.write_errors += static_cast<std::uint64_t>(errors.value_or(0));
    } else {
      if (process.found++ == 0) process.first_record = i;
    }
  }
  if (processes.empty()) {
    fail("no session record: the records were not written by a Witness writer, so a clean "
         "exit cannot be shown");
  }
  if (without_pid > 0) {
    fail(std::to_string(without_pid) + " records carry no pid, so no session accounts for them");
  }
  for (const auto& [key, process] : processes) {
    const std::string who = "process " + std::to_string(key.second) + " in " + key.first;
    if (process.opened.empty()) {
      fail(who + " wrote " + std::to_string(process.found) + " records (first at " +
           Where(process.first_record) + ") without a session record");
      continue;
    }
    if (process.closed.size() < process.opened.size()) {
      const Record& session = recording_.records[process.opened.back()];
      const std::string argv0 = session.String("argv0");
      fail(who + (argv0.empty() ? "" : " (" + argv0 + ")") + " never closed its session opened at " +
           Where(process.opened.back()) + ": it did not exit cleanly");
      continue;
    }
    if (process.reported != process.found) {
      fail(who + " reported " + std::to_string(process.reported) + " records written, but the " +
           "file holds " + std::to_string(process.found) +
           (process.reported > process.found ? ": records were lost between writer and file"
                                             : ": records were added by another writer"));
    }
    if (process.write_errors > 0) {
      fail(who + " reported " + std::to_string(process.write_errors) + " write errors");
    }
  }
  report_.checks.push_back(std::move(check));
}

// Where the scenario first says "never" or "at most": what needs the
// proof of a live recorder.
std::string Engine::FirstNegativeExpectation() const {
  const ExpectationSpec* first = nullptr;
  for (const auto* list : {&spec_.per_member, &spec_.global}) {
    for (const ExpectationSpec& expectation : *list) {
      if (!expectation.count.Negative()) continue;
      if (first == nullptr || expectation.position.line < first->position.line) {
        first = &expectation;
      }
    }
  }
  return first == nullptr ? std::string() : spec_.Where(first->position);
}

void Engine::CheckLiveness() {
  if (!spec_.negative) return;
  CheckResult check;
  check.kind = CheckKind::kLiveness;
  check.name = "recorder alive";
  check.defined_at = FirstNegativeExpectation();
  if (sessions_.empty() && ordinary_.empty()) {
    check.passed = false;
    unverifiable_reason_ = RecorderNeverStartedReason(
        recording_.files, recording_.diagnostics.size(), spec_.record_variable);
    check.failures.push_back(unverifiable_reason_ +
                             "; a 'never' or 'at most' expectation proves nothing without it");
  }
  report_.checks.push_back(std::move(check));
}

}  // namespace witness::assertions::internal
