#include "witness/assertions/report.h"

#include <string>
#include <vector>

namespace witness::assertions {

std::string_view ToString(Outcome outcome) noexcept {
  switch (outcome) {
    case Outcome::kPass: return "pass";
    case Outcome::kFail: return "fail";
    case Outcome::kUnverifiable: return "unverifiable";
  }
  return "?";
}

std::string_view ToString(CheckKind kind) noexcept {
  switch (kind) {
    case CheckKind::kOrder: return "order";
    case CheckKind::kUnique: return "unique";
    case CheckKind::kLifecycle: return "lifecycle";
    case CheckKind::kStrict: return "strict";
    case CheckKind::kMembers: return "members";
    case CheckKind::kWriters: return "writers";
    case CheckKind::kCleanExit: return "clean_exit";
    case CheckKind::kLiveness: return "liveness";
    case CheckKind::kFields: return "fields";
    case CheckKind::kCommand: return "command";
    case CheckKind::kNoneBetween: return "none_between";
  }
  return "?";
}

std::size_t Report::TornRecords() const noexcept {
  std::size_t torn = 0;
  for (const recorder::Diagnostic& diagnostic : diagnostics) {
    if (diagnostic.kind == recorder::DiagnosticKind::kTornRecord ||
        diagnostic.kind == recorder::DiagnosticKind::kIncompleteTail) {
      ++torn;
    }
  }
  return torn;
}

Tally Report::Count() const noexcept {
  Tally tally;
  const auto add = [&tally](bool passed, const std::optional<std::size_t>& cause) {
    if (passed) {
      ++tally.passed;
      return;
    }
    ++tally.failed;
    if (cause) ++tally.explained;
  };
  for (const ExpectationResult& result : expectations) add(result.passed, result.cause);
  for (const CheckResult& check : checks) add(check.passed, check.cause);
  return tally;
}

std::vector<std::string> Report::Failures() const {
  std::vector<std::string> lines;
  if (outcome == Outcome::kUnverifiable) lines.push_back("unverifiable: " + unverifiable_reason);
  for (const RootCause& cause : causes) {
    if (cause.text != unverifiable_reason) lines.push_back("cause: " + cause.text);
  }
  for (const ExpectationResult& result : expectations) {
    for (const std::string& failure : result.failures) {
      lines.push_back(result.label + ": " + failure);
    }
  }
  for (const CheckResult& check : checks) {
    if (check.kind == CheckKind::kLiveness && outcome == Outcome::kUnverifiable) continue;
    for (const std::string& failure : check.failures) {
      lines.push_back(std::string(ToString(check.kind)) + ": " + failure);
    }
  }
  return lines;
}

recorder::SourceLocation Report::Where(const RecordRef& record) const {
  recorder::SourceLocation where;
  if (record.file < files.size()) where.file = files[record.file];
  where.line = record.line;
  where.offset = record.offset;
  return where;
}

bool CloserThan(const Closeness& a, const Closeness& b) {
  if (a.same_op != b.same_op) return a.same_op;
  if (a.fields_matched != b.fields_matched) return a.fields_matched > b.fields_matched;
  return a.position < b.position;
}

}  // namespace witness::assertions
