#include "witness/cli/report_output.h"

#include <cstddef>
#include <cstdio>
#include <optional>
#include <random>
#include <string>

#include "witness/assertions/render.h"
#include "witness/cli/exit_code.h"
#include "witness/cli/html_report.h"
#include "witness/cli/mermaid.h"
#include "witness/cli/output_file.h"
#include "witness/cli/usage_error.h"
#include "witness/recorder/printable.h"

namespace witness::cli {
namespace {

// A summary is read at a glance: the first records of the diagram are the
// story; the report has the rest.
constexpr std::size_t kSummaryDiagramRecords = 60;

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
                   ReportFormat format, bool color, const recorder::Recording* recording) {
  assertions::TextOptions text;
  text.color = color;
  text.verbose = options.verbose;
  switch (format) {
    case ReportFormat::kJson: return assertions::RenderJson(report);
    case ReportFormat::kJunit: return assertions::RenderJunit(report);
    case ReportFormat::kHtml: {
      const recorder::Recording none;
      return RenderHtmlReport(report, recording != nullptr ? *recording : none);
    }
    case ReportFormat::kCodeClimate: return assertions::RenderCodeClimate(report, options.ci);
    case ReportFormat::kGithub:
      return assertions::RenderGithubLog(report, StopCommandsToken(), text) +
             assertions::RenderGithub(report, options.ci);
    case ReportFormat::kText:
      break;
  }
  return assertions::RenderText(report, text);
}

// The Markdown summary, then (folded, as a job page shows it) the recording
// as a sequence diagram, which GitHub draws in a step summary.
std::string Summary(const assertions::Report& report, const recorder::Recording* recording) {
  std::string summary = assertions::RenderMarkdownSummary(report);
  if (recording == nullptr || recording->records.empty()) return summary;
  summary += "\n<details><summary>The recording as a sequence diagram</summary>\n\n";
  summary += RenderTimelineMermaid(BuildTimeline(*recording, std::nullopt), kSummaryDiagramRecords);
  summary += "\n</details>\n";
  return summary;
}

}  // namespace

ReportFormat ParseReportFormat(std::string_view text) {
  if (text == "text") return ReportFormat::kText;
  if (text == "json") return ReportFormat::kJson;
  if (text == "junit") return ReportFormat::kJunit;
  if (text == "html") return ReportFormat::kHtml;
  if (text == "github") return ReportFormat::kGithub;
  if (text == "codeclimate") return ReportFormat::kCodeClimate;
  throw UsageError("invalid report format '" + std::string(text) +
                   "': expected text, json, junit, html, github or codeclimate");
}

void DeliverReport(const assertions::Report& report, const ReportOutputOptions& options,
                   std::ostream& out, const recorder::Recording* recording) {
  // Files first: if one cannot be written, the run is an input error and
  // stdout has not claimed otherwise.
  if (options.output_file) {
    WriteOutputFile(*options.output_file,
                    Render(report, options, options.format, false, recording));
  }
  if (options.junit_file) {
    WriteOutputFile(*options.junit_file, assertions::RenderJunit(report));
  }
  if (options.json_file) WriteOutputFile(*options.json_file, assertions::RenderJson(report));
  if (options.html_file) {
    WriteOutputFile(*options.html_file,
                    Render(report, options, ReportFormat::kHtml, false, recording));
  }
  if (options.summary_file) {
    AppendOutputFile(*options.summary_file, Summary(report, recording));
  }
  const ReportFormat on_stdout = options.output_file ? ReportFormat::kText : options.format;
  const bool text = on_stdout == ReportFormat::kText || on_stdout == ReportFormat::kGithub;
  out << Render(report, options, on_stdout, options.color && text, recording);
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
