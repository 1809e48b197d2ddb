// The Markdown summary for a CI job page. GitHub renders step summaries as
// GitHub Flavored Markdown with inline HTML, so every value is escaped: a
// record value such as `<img src=x>` or `**` must read as itself.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "internal/findings.h"
#include "witness/assertions/render.h"
#include "witness/recorder/printable.h"

namespace witness::assertions {
namespace {

// A summary of 10,000 failing instances would not be read; GitHub also caps
// a step's summary at 1 MiB.
constexpr std::size_t kMaxRows = 50;

// `text` as Markdown text that renders as itself, table cells included:
// printable first, then a backslash before every character that starts
// emphasis, code, a link, an HTML tag or entity, strikethrough, math or a
// table cell (CommonMark escapes any ASCII punctuation this way). Line
// breaks become <br>, the one break a table cell may hold.
std::string Md(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool first = true;
  for (const std::string& line : internal::PrintableLines(text)) {
    if (!first) out += "<br>";
    first = false;
    for (const char c : line) {
      if (std::string_view("\\`*_[]<>!&|~$#").find(c) != std::string_view::npos) out += '\\';
      out += c;
    }
  }
  return out;
}

std::string Plural(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

// "mac: expected "aa", actual "bb"; name: ..." for the fields of the
// closest record that differ.
std::string DifferingFields(const NearMiss& miss) {
  std::string out;
  for (const FieldDiff& diff : miss.fields) {
    if (diff.matched) continue;
    out += out.empty() ? "" : "\n";
    out += diff.field + ": expected " + diff.expected + ", actual " + diff.actual;
  }
  return out;
}

std::string Why(const Report& report, const std::optional<std::size_t>& cause,
                const std::vector<std::string>& failures) {
  if (cause) return "cause: " + report.causes[*cause].text;
  return failures.empty() ? std::string("failed") : failures.front();
}

}  // namespace

std::string RenderMarkdownSummary(const Report& report) {
  std::string out = "### witness: " + Md(report.scenario) + " ";
  switch (report.outcome) {
    case Outcome::kPass:
      out += "passed";
      break;
    case Outcome::kFail:
      out += "failed";
      break;
    case Outcome::kUnverifiable:
      out += "is unverifiable";
      break;
  }
  out += "\n\n";
  const Tally tally = report.Count();
  std::string files;
  for (const std::string& file : report.files) files += (files.empty() ? "" : ", ") + Md(file);
  out += tally.failed == 0 ? Plural(tally.passed, "check passed", "checks passed")
                           : std::to_string(tally.failed) + " of " +
                                 Plural(tally.total(), "check failed", "checks failed");
  out += " · " + Plural(report.records, "record", "records") + ", " +
         Plural(report.session_records, "session record", "session records") + ", " +
         Plural(report.diagnostics.size(), "bad line", "bad lines") +
         (files.empty() ? "" : " in " + files) + " · scenario " + Md(report.scenario_file) + "\n";
  if (report.outcome == Outcome::kUnverifiable) {
    out += "\n**Unverifiable:** " + Md(report.unverifiable_reason) + "\n";
  }
  for (const RootCause& cause : report.causes) {
    if (cause.text == report.unverifiable_reason) continue;
    out += "\n**Cause:** " + Md(cause.text) + " (explains " +
           Plural(cause.explains, "failure", "failures") + ")\n";
  }

  std::size_t rows = 0;
  std::size_t failed = 0;
  for (const ExpectationResult& result : report.expectations) {
    if (result.passed) continue;
    if (++failed > kMaxRows) continue;
    if (rows++ == 0) {
      out +=
          "\n| Expectation | Defined at | Why | Closest record | Differing fields |\n"
          "|---|---|---|---|---|\n";
    }
    const NearMiss* closest = result.near_misses.empty() ? nullptr : &result.near_misses.front();
    out += "| " + Md(result.label) + " | " + Md(result.defined_at) + " | " +
           Md(Why(report, result.cause, result.failures)) + " | " +
           (closest ? Md(closest->where.ToString()) : "") + " | " +
           (closest ? Md(DifferingFields(*closest)) : "") + " |\n";
  }
  if (failed > kMaxRows) {
    out += "\n" + Plural(failed - kMaxRows, "more failed expectation", "more failed expectations") +
           " in the full report.\n";
  }

  rows = 0;
  failed = 0;
  for (const CheckResult& check : report.checks) {
    if (check.passed) continue;
    if (++failed > kMaxRows) continue;
    if (rows++ == 0) out += "\n| Check | Defined at | Why |\n|---|---|---|\n";
    std::string why = Why(report, check.cause, check.failures);
    if (check.kind == CheckKind::kLiveness && report.outcome == Outcome::kUnverifiable) {
      why = "unverifiable: " + report.unverifiable_reason;
    }
    out += "| " + Md(check.name) + " | " + Md(check.defined_at) + " | " + Md(why) + " |\n";
  }
  if (failed > kMaxRows) {
    out += "\n" + Plural(failed - kMaxRows, "more failed check", "more failed checks") +
           " in the full report.\n";
  }
  if (!report.diagnostics.empty()) {
    const recorder::Diagnostic& first = report.diagnostics.front();
    out += "\n" + Plural(report.diagnostics.size(), "bad record line", "bad record lines") +
           ", the first at " + Md(first.where.ToString()) + ": " + Md(first.message) + "\n";
  }
  return out;
}

}  // namespace witness::assertions
