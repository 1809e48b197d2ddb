#include "witness/cli/report_output.h"

#include <cstdio>
#include <random>
#include <string>

#include "witness/assertions/render.h"
#include "witness/cli/exit_code.h"
#include "witness/cli/output_file.h"
#include "witness/cli/usage_error.h"
#include "witness/recorder/printable.h"

namespace witness::cli {
namespace {

// A token the report cannot guess, so no record can end the stretch of
// the log in which GitHub runs no workflow command.
std::string StopCommandsToken() {
  std::random_device random;
  std::string token = "witness-";
  for (int i = 0; i < 4; ++i) {
    char hex[9];
    std::snprintf(hex, sizeof hex, "%08x", static_cast<unsigned>(random()));
    token += hex;
  }
  return token;
}

std::string Render(const assertions::Report& report, const ReportOutputOptions& options,
                   ReportFormat format, bool color) {
  assertions::TextOptions text;
  text.color = color;
  text.verbose = options.verbose;
  switch (format) {
    case ReportFormat::kJson: return assertions::RenderJson(report);
    case ReportFormat::kJunit: return assertions::RenderJunit(report);
    case ReportFormat::kCodeClimate: return assertions::RenderCodeClimate(report, options.ci);
    case ReportFormat::kGithub:
      return assertions::RenderGithubLog(report, StopCommandsToken(), text) +
             assertions::RenderGithub(report, options.ci);
    case ReportFormat::kText:
      break;
  }
  return assertions::RenderText(report, text);
}

}  // namespace

ReportFormat ParseReportFormat(std::string_view text) {
  if (text == "text") return ReportFormat::kText;
  if (text == "json") return ReportFormat::kJson;
  if (text == "junit") return ReportFormat::kJunit;
  if (text == "github") return ReportFormat::kGithub;
  if (text == "codeclimate") return ReportFormat::kCodeClimate;
  throw UsageError("invalid report format '" + std::string(text) +
                   "': expected text, json, junit, github or codeclimate");
}

void DeliverReport(const assertions::Report& report, const ReportOutputOptions& options,
                   std::ostream& out) {
  // Files first: if one cannot be written, the run is an input error and
  // stdout has not claimed otherwise.
  if (options.output_file) {
    WriteOutputFile(*options.output_file, Render(report, options, options.format, false));
  }
  if (options.junit_file) {
    WriteOutputFile(*options.junit_file, assertions::RenderJunit(report));
  }
  if (options.summary_file) {
    AppendOutputFile(*options.summary_file, assertions::RenderMarkdownSummary(report));
  }
  const ReportFormat on_stdout = options.output_file ? ReportFormat::kText : options.format;
  const bool text = on_stdout == ReportFormat::kText || on_stdout == ReportFormat::kGithub;
  out << Render(report, options, on_stdout, options.color && text);
  out.flush();
}

int ExitCodeFor(const assertions::Report& report) {
  return report.outcome == assertions::Outcome::kPass ? kExitPass : kExitFailed;
}

std::string VerdictLine(const assertions::Report& report) {
  const std::string name = "scenario '" + recorder::Printable(report.scenario) + "'";
  switch (report.outcome) {
    case assertions::Outcome::kPass: return "";
    case assertions::Outcome::kUnverifiable: return name + " is unverifiable: " + recorder::Printable(report.unverifiable_reason);
    case assertions::Outcome::kFail:
      break;
  }
  // The same tally as the report's summary line, in the same words.
  const assertions::Tally tally = report.Count();
  std::string line = name + " failed: " + std::to_string(tally.failed) + " of " +
                     std::to_string(tally.total()) +
                     (tally.total() == 1 ? " check failed" : " checks failed");
  if (!report.causes.empty()) line += " (" + recorder::Printable(report.causes.front().text) + ")";
  return line;
}

}  // namespace witness::cli
