// GitLab's code quality report: the Code Climate issue format, of which
// GitLab reads description, check_name, fingerprint, severity and
// location.path with location.lines.begin
// (https://docs.gitlab.com/ee/ci/testing/code_quality.html).
#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "internal/findings.h"
#include "witness/assertions/render.h"
#include "witness/recorder/printable.h"

namespace witness::assertions {
namespace {

using json = nlohmann::json;

// GitLab compares fingerprints for equality only, to tell a finding a merge
// request brings from one its base already had: a 64-bit FNV-1a of the
// finding's identity is enough, and needs no crypto library.
std::string Fingerprint(std::string_view identity) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (const char c : identity) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ull;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

}  // namespace

std::string RenderCodeClimate(const Report& report, const CiOptions& options) {
  json issues = json::array();
  // Code quality places every issue in a file: one about no file (how a
  // command ended) is placed at the scenario that ran it.
  const std::string scenario_path =
      recorder::Printable(internal::RepositoryPath(report.scenario_file, options));
  for (const internal::Finding& finding : internal::Findings(report, options)) {
    const bool placed = !finding.where.path.empty();
    json location{
        {"path", placed ? finding.where.path : scenario_path},
        {"lines", {{"begin", placed && finding.where.line > 0 ? finding.where.line : 1}}}};
    std::string body;
    for (const std::string& detail : finding.details) body += detail + "\n";
    issues.push_back(json{
        {"type", "issue"},
        {"check_name", "witness/" + finding.check_name},
        {"description", finding.title + ": " + finding.summary},
        {"content", {{"body", body}}},
        {"categories", {"Bug Risk"}},
        {"severity", finding.level == internal::FindingLevel::kError ? "major" : "minor"},
        {"fingerprint", Fingerprint(finding.identity)},
        {"location", location},
    });
  }
  return recorder::PrintableJson(issues.dump(2, ' ', false, json::error_handler_t::replace)) + "\n";
}

}  // namespace witness::assertions
