#include <nlohmann/json.hpp>
#include <string>

#include "witness/assertions/render.h"
#include "witness/recorder/printable.h"

namespace witness::assertions {
namespace {

using json = nlohmann::json;

json Location(const recorder::SourceLocation& where) {
  return json{{"file", where.file}, {"line", where.line}, {"offset", where.offset}};
}

json Locations(const Report& report, const std::vector<RecordRef>& records) {
  json out = json::array();
  for (const RecordRef& record : records) out.push_back(Location(report.Where(record)));
  return out;
}

json Locations(const std::vector<recorder::SourceLocation>& locations) {
  json out = json::array();
  for (const auto& where : locations) out.push_back(Location(where));
  return out;
}

std::string_view StatusName(LineStatus status) {
  switch (status) {
    case LineStatus::kClaimed: return "claimed";
    case LineStatus::kUnclaimed: return "unclaimed";
    case LineStatus::kSession: return "session";
    case LineStatus::kBad: return "bad";
  }
  return "?";
}

}  // namespace

std::string RenderJson(const Report& report) {
  json out;
  out["schema"] = kReportSchemaVersion;
  out["scenario"] = report.scenario;
  out["scenario_file"] = report.scenario_file;
  out["files"] = report.files;
  out["outcome"] = std::string(ToString(report.outcome));
  if (report.outcome == Outcome::kUnverifiable) {
    out["unverifiable_reason"] = report.unverifiable_reason;
  }
  out["records"] = report.records;
  out["session_records"] = report.session_records;
  json expectations = json::array();
  for (const ExpectationResult& result : report.expectations) {
    json near_misses = json::array();
    for (const NearMiss& miss : result.near_misses) {
      json fields = json::array();
      for (const FieldDiff& diff : miss.fields) {
        fields.push_back(json{{"field", diff.field},
                              {"expected", diff.expected},
                              {"actual", diff.actual},
                              {"matched", diff.matched}});
      }
      near_misses.push_back(json{{"where", Location(miss.where)},
                                 {"record", miss.record},
                                 {"fields_matched", miss.fields_matched},
                                 {"fields", fields}});
    }
    json entry{{"id", result.id},
               {"member", result.member},
               {"label", result.label},
               {"defined_at", result.defined_at},
               {"pattern", result.pattern},
               {"count", result.count},
               {"passed", result.passed},
               {"matched", Locations(report, result.matched)},
               {"failures", result.failures},
               {"near_misses", near_misses}};
    if (result.cause) entry["cause"] = *result.cause;
    expectations.push_back(std::move(entry));
  }
  out["expectations"] = expectations;
  json checks = json::array();
  for (const CheckResult& check : report.checks) {
    json entry{{"kind", std::string(ToString(check.kind))},
               {"name", check.name},
               {"member", check.member},
               {"defined_at", check.defined_at},
               {"passed", check.passed},
               {"failures", check.failures},
               {"records", Locations(check.records)}};
    if (!check.finding.empty()) entry["finding"] = check.finding;
    if (check.cause) entry["cause"] = *check.cause;
    checks.push_back(std::move(entry));
  }
  out["checks"] = checks;
  json diagnostics = json::array();
  for (const recorder::Diagnostic& diagnostic : report.diagnostics) {
    diagnostics.push_back(json{{"kind", std::string(recorder::ToString(diagnostic.kind))},
                               {"where", Location(diagnostic.where)},
                               {"column", diagnostic.column},
                               {"message", diagnostic.message},
                               {"excerpt", diagnostic.excerpt}});
  }
  out["diagnostics"] = diagnostics;
  out["warnings"] = report.warnings;
  // A failure's "cause" is an index into this list.
  json causes = json::array();
  for (const RootCause& cause : report.causes) {
    causes.push_back(json{{"text", cause.text}, {"explains", cause.explains}});
  }
  out["causes"] = causes;
  const Tally tally = report.Count();
  out["summary"] =
      json{{"passed", tally.passed}, {"failed", tally.failed}, {"explained", tally.explained}};
  out["torn_records"] = report.TornRecords();
  if (!report.listing.empty()) {
    json listing = json::array();
    for (const ListingLine& line : report.listing) {
      json claims = json::array();
      for (const Claim& claim : line.claims) {
        claims.push_back(json{{"id", claim.id}, {"member", claim.member}});
      }
      json entry{{"where", Location(line.where)},
                 {"status", std::string(StatusName(line.status))},
                 {"text", line.text},
                 {"claims", claims}};
      if (!line.note.empty()) entry["note"] = line.note;
      listing.push_back(std::move(entry));
    }
    out["listing"] = listing;
  }
  if (report.duration_ms) out["duration_ms"] = *report.duration_ms;
  if (report.update) {
    const ProposedUpdate& update = *report.update;
    out["update"] = json{{"scenario_file", update.scenario_file},
                         {"pending_file", update.pending_file},
                         {"not_written", update.not_written},
                         {"passes", update.passes},
                         {"changes", update.changes},
                         {"unresolved", update.unresolved}};
  }
  out["failures"] = report.Failures();
  // Excerpts of bad lines may hold invalid UTF-8: replace rather than throw.
  // The dump escapes C0 controls; DEL and C1 are legal raw in JSON but not
  // harmless when the report is printed to a terminal.
  return recorder::PrintableJson(out.dump(2, ' ', false, json::error_handler_t::replace)) + "\n";
}

}  // namespace witness::assertions
