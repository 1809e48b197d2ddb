#include "witness/cli/report_command.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <tuple>

#include "witness/cli/exit_code.h"
#include "witness/cli/internal/html_page.h"
#include "witness/cli/output_file.h"
#include "witness/cli/usage_error.h"
#include "witness/recorder/internal/system_reason.h"
#include "witness/recorder/printable.h"

namespace witness::cli {
namespace {

using internal::AppendHtmlText;
using json = nlohmann::json;

constexpr std::size_t kFailuresListed = 3;

int OutcomeRank(const std::string& outcome) {
  if (outcome == "fail") return 0;
  if (outcome == "unverifiable") return 1;
  if (outcome == "pass") return 3;
  return 2;
}

// A path as a relative URL: every byte but unreserved characters and '/'
// percent-encoded, so a file name can neither end the attribute nor start
// a scheme ("javascript:").
std::string PathUrl(const std::string& path) {
  std::string out;
  for (const char c : path) {
    const unsigned char byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += c;
    } else {
      char escaped[4];
      std::snprintf(escaped, sizeof escaped, "%%%02X", byte);
      out += escaped;
    }
  }
  return out;
}

std::string Duration(const std::optional<std::uint64_t>& ms) {
  if (!ms) return "-";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f s", static_cast<double>(*ms) / 1000.0);
  return buffer;
}

}  // namespace

IndexEntry ReadIndexEntry(const std::string& report_file, const std::string& index_file) {
  std::ifstream in(report_file, std::ios::binary);
  if (!in) {
    throw UsageError("cannot read report '" + report_file +
                     "': " + recorder::internal::SystemReason(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  const json report = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (!report.is_object() || !report.contains("outcome") || !report["outcome"].is_string() ||
      !report.contains("scenario") || !report["scenario"].is_string()) {
    throw UsageError("cannot read report '" + report_file +
                     "': not a JSON report of witness check or run (--format json)");
  }
  IndexEntry entry;
  entry.report_file = report_file;
  entry.scenario = report["scenario"].get<std::string>();
  entry.outcome = report["outcome"].get<std::string>();
  entry.scenario_file = report.value("scenario_file", std::string());
  if (const auto summary = report.find("summary");
      summary != report.end() && summary->is_object()) {
    entry.passed = summary->value("passed", std::size_t{0});
    entry.failed = summary->value("failed", std::size_t{0});
  }
  if (const auto duration = report.find("duration_ms");
      duration != report.end() && duration->is_number_unsigned()) {
    entry.duration_ms = duration->get<std::uint64_t>();
  }
  if (const auto failures = report.find("failures");
      failures != report.end() && failures->is_array()) {
    for (const json& failure : *failures) {
      if (!failure.is_string()) continue;
      entry.failures.push_back(failure.get<std::string>());
      if (entry.failures.size() == kFailuresListed + 1) break;  // one more says "more"
    }
  }
  std::filesystem::path html(report_file);
  html.replace_extension(".html");
  std::error_code error;
  if (std::filesystem::is_regular_file(html, error)) {
    const std::filesystem::path base = std::filesystem::absolute(index_file, error).parent_path();
    const std::filesystem::path relative =
        std::filesystem::absolute(html, error).lexically_relative(base);
    entry.html_link = relative.empty() ? html.string() : relative.generic_string();
  }
  return entry;
}

std::string RenderReportIndex(std::vector<IndexEntry> entries) {
  std::stable_sort(entries.begin(), entries.end(), [](const IndexEntry& a, const IndexEntry& b) {
    return std::make_tuple(OutcomeRank(a.outcome), a.scenario, a.report_file) <
           std::make_tuple(OutcomeRank(b.outcome), b.scenario, b.report_file);
  });
  std::size_t failed = 0, unverifiable = 0, passed = 0;
  std::uint64_t total_ms = 0;
  for (const IndexEntry& entry : entries) {
    failed += entry.outcome == "fail";
    unverifiable += entry.outcome == "unverifiable";
    passed += entry.outcome == "pass";
    total_ms += entry.duration_ms.value_or(0);
  }
  const char* css = failed > 0 ? "v-fail" : unverifiable > 0 ? "v-unverifiable" : "v-pass";
  const char* verdict = failed > 0 ? "FAIL" : unverifiable > 0 ? "UNVERIFIABLE" : "PASS";
  std::string body = std::string("<header class=\"summary ") + css + "\"><div class=\"verdict\">" +
                     verdict + "</div><div class=\"facts\"><h1>" + std::to_string(entries.size()) +
                     (entries.size() == 1 ? " scenario" : " scenarios") +
                     "</h1><p class=\"counts\">" + std::to_string(failed) + " failed \u00b7 " +
                     std::to_string(unverifiable) + " unverifiable \u00b7 " +
                     std::to_string(passed) + " passed \u00b7 " + Duration(total_ms) +
                     " in all</p></div></header>\n";
  body +=
      "<table class=\"index\"><tr><th>verdict</th><th>scenario</th><th>checks failed</th>"
      "<th>duration</th><th>first failures</th></tr>\n";
  for (const IndexEntry& entry : entries) {
    body += "<tr><td class=\"o-";
    AppendHtmlText(entry.outcome, body);
    body += "\">";
    AppendHtmlText(entry.outcome, body);
    body += "</td><td>";
    if (!entry.html_link.empty()) {
      body += "<a href=\"" + PathUrl(entry.html_link) + "\">";
      AppendHtmlText(entry.scenario, body);
      body += "</a>";
    } else {
      AppendHtmlText(entry.scenario, body);
    }
    body += "<br><code>";
    AppendHtmlText(entry.scenario_file, body);
    body += "</code><br><code class=\"f-where\">";
    AppendHtmlText(entry.report_file, body);
    body += "</code></td><td class=\"n\">" + std::to_string(entry.failed) + " of " +
            std::to_string(entry.passed + entry.failed) + "</td><td class=\"n\">" +
            Duration(entry.duration_ms) + "</td><td class=\"first\">";
    for (std::size_t i = 0; i < entry.failures.size() && i < kFailuresListed; ++i) {
      if (i > 0) body += "\n";
      AppendHtmlText(entry.failures[i], body);
    }
    if (entry.failures.size() > kFailuresListed) body += "\n\u2026";
    body += "</td></tr>\n";
  }
  body += "</table>\n";
  return internal::HtmlDocument("witness: " + std::to_string(failed) + " of " +
                                    std::to_string(entries.size()) + " scenarios failed",
                                body, "");
}

int RunReportCommand(const ReportCommandOptions& options, std::ostream& out) {
  std::vector<IndexEntry> entries;
  for (const std::string& file : options.report_files) {
    entries.push_back(ReadIndexEntry(file, options.index_file));
  }
  std::size_t failed = 0;
  for (const IndexEntry& entry : entries) failed += entry.outcome != "pass";
  WriteOutputFile(options.index_file, RenderReportIndex(std::move(entries)));
  out << "witness: wrote " << recorder::Printable(options.index_file) << ": "
      << options.report_files.size()
      << (options.report_files.size() == 1 ? " scenario" : " scenarios") << ", " << failed
      << " not passed\n";
  return kExitPass;
}

}  // namespace witness::cli
