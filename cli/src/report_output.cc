#include "witness/cli/report_output.h"

#include "witness/assertions/render.h"
#include "witness/cli/exit_code.h"
#include "witness/cli/html_report.h"
#include "witness/cli/output_file.h"
#include "witness/cli/usage_error.h"
#include "witness/recorder/printable.h"

namespace witness::cli {
namespace {

std::string Render(const assertions::Report& report, ReportFormat format, bool color,
                   bool verbose, const recorder::Recording* recording) {
  switch (format) {
    case ReportFormat::kJson: return assertions::RenderJson(report);
    case ReportFormat::kJunit: return assertions::RenderJunit(report);
    case ReportFormat::kHtml: {
      const recorder::Recording none;
      return RenderHtmlReport(report, recording != nullptr ? *recording : none);
    }
    case ReportFormat::kText:
      break;
  }
  assertions::TextOptions text;
  text.color = color;
  text.verbose = verbose;
  return assertions::RenderText(report, text);
}

}  // namespace

ReportFormat ParseReportFormat(std::string_view text) {
  if (text == "text") return ReportFormat::kText;
  if (text == "json") return ReportFormat::kJson;
  if (text == "junit") return ReportFormat::kJunit;
  if (text == "html") return ReportFormat::kHtml;
  throw UsageError("invalid report format '" + std::string(text) +
                   "': expected text, json, junit or html");
}

void DeliverReport(const assertions::Report& report, const ReportOutputOptions& options,
                   std::ostream& out, const recorder::Recording* recording) {
  // Files first: if one cannot be written, the run is an input error and
  // stdout has not claimed otherwise.
  if (options.output_file) {
    WriteOutputFile(*options.output_file,
                    Render(report, options.format, false, options.verbose, recording));
  }
  if (options.junit_file) {
    WriteOutputFile(*options.junit_file, assertions::RenderJunit(report));
  }
  if (options.json_file) WriteOutputFile(*options.json_file, assertions::RenderJson(report));
  if (options.html_file) {
    WriteOutputFile(*options.html_file,
                    Render(report, ReportFormat::kHtml, false, false, recording));
  }
  ReportFormat on_stdout = options.output_file ? ReportFormat::kText : options.format;
  out << Render(report, on_stdout, options.color && on_stdout == ReportFormat::kText,
                options.verbose, recording);
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
