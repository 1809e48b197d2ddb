// Where and how `witness check` and `witness run` deliver a report: the
// chosen format on stdout, or in --output FILE with the text report on
// stdout; JUnit, JSON and HTML copies in --junit, --json and --html FILE;
// a Markdown summary appended to --summary FILE; and the exit code the
// outcome means.
//
//   ReportOutputOptions output;
//   output.format = ParseReportFormat("junit");
//   output.output_file = "report.xml";
//   DeliverReport(report, output, std::cout);
//   return ExitCodeFor(report);
#ifndef WITNESS_CLI_REPORT_OUTPUT_H_
#define WITNESS_CLI_REPORT_OUTPUT_H_

#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "witness/assertions/render.h"
#include "witness/assertions/report.h"
#include "witness/recorder/reader.h"

namespace witness::cli {

// --format text|json|junit|html|github|codeclimate. kGithub is the text
// report (in which GitHub runs no workflow command) followed by the
// annotations.
enum class ReportFormat { kText, kJson, kJunit, kHtml, kGithub, kCodeClimate };

// The names --format takes, in the order --help lists them.
inline constexpr std::string_view kReportFormatNames[] = {"text",   "json",       "junit", "html",
                                                          "github", "codeclimate"};

// Throws UsageError for a name not in kReportFormatNames.
ReportFormat ParseReportFormat(std::string_view text);

struct ReportOutputOptions {
  ReportFormat format = ReportFormat::kText;
  // The report in `format` goes here instead of stdout; stdout then gets
  // the text report, so a CI log still says what failed.
  std::optional<std::string> output_file;
  // A JUnit XML copy, whatever `format` is.
  std::optional<std::string> junit_file;
  // A JSON copy (what `witness report --index` reads) and an HTML page.
  std::optional<std::string> json_file;
  std::optional<std::string> html_file;
  // A Markdown summary appended to this file (GitHub's $GITHUB_STEP_SUMMARY
  // is appended to by every step), whatever `format` is.
  std::optional<std::string> summary_file;
  // Where the github and codeclimate formats place findings.
  assertions::CiOptions ci;
  // Colour for the text on stdout (never in files).
  bool color = false;
  // The text report also lists what passed.
  bool verbose = false;
};

// Writes the report as `options` says. HTML draws the records of
// `recording`, the recording the report was made from (none when null).
// Throws UsageError when a file cannot be written.
void DeliverReport(const assertions::Report& report, const ReportOutputOptions& options,
                   std::ostream& out, const recorder::Recording* recording = nullptr);

// kExitPass for a pass, kExitFailed for a failure or an unverifiable outcome.
int ExitCodeFor(const assertions::Report& report);

// One line for stderr saying why a report did not pass:
// "scenario 'solo' failed: 3 of 9 checks failed" (the text summary's count) or
// "scenario 'solo' is unverifiable: <reason>". "" for a pass.
std::string VerdictLine(const assertions::Report& report);

}  // namespace witness::cli

#endif  // WITNESS_CLI_REPORT_OUTPUT_H_
