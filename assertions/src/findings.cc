#include "internal/findings.h"

#include <cctype>
#include <filesystem>
#include <string>
#include <utility>

#include "witness/recorder/printable.h"

namespace witness::assertions::internal {
namespace {

using recorder::Printable;

// The number at the end of `text` (after its last colon), or 0 when there
// is none; `text` loses the colon and the number.
std::size_t PopNumber(std::string_view& text) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon + 1 == text.size()) return 0;
  std::size_t number = 0;
  for (std::size_t i = colon + 1; i < text.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return 0;
    if (number > 100000000) return 0;  // no scenario or record file has such lines
    number = number * 10 + static_cast<std::size_t>(text[i] - '0');
  }
  text = text.substr(0, colon);
  return number;
}

// The non-empty lines of report text.
void AddLines(std::string_view text, std::vector<std::string>& lines) {
  for (std::string& line : PrintableLines(text)) {
    if (!line.empty()) lines.push_back(std::move(line));
  }
}

// The first line of report text, printable.
std::string FirstLine(std::string_view text) { return Printable(text.substr(0, text.find('\n'))); }

// The first reasons of a failure on one line ("expected exactly 1 ...;
// closest record ... differs in mac: ..."), for tools that show one line.
std::string OneLine(const std::vector<std::string>& failures) {
  constexpr std::size_t kMaxReasons = 3;
  if (failures.empty()) return "failed";
  std::string line;
  for (std::size_t i = 0; i < failures.size() && i < kMaxReasons; ++i) {
    line += (i == 0 ? "" : "; ") + FirstLine(failures[i]);
  }
  if (failures.size() > kMaxReasons) {
    line += "; and " + std::to_string(failures.size() - kMaxReasons) + " more";
  }
  return line;
}

// A warning the engine begins with the scenario position
// ("s.yaml:4:5: field ..."): placed there.
Place WarningPlace(const std::string& warning, const std::string& scenario_file) {
  if (scenario_file.empty() || warning.compare(0, scenario_file.size(), scenario_file) != 0 ||
      warning.size() <= scenario_file.size() || warning[scenario_file.size()] != ':') {
    return Place{scenario_file, 0, 0};
  }
  const std::size_t end = warning.find(": ", scenario_file.size() + 1);
  if (end == std::string::npos) return Place{scenario_file, 0, 0};
  Place place = ParsePlace(std::string_view(warning).substr(0, end));
  if (place.path != scenario_file) return Place{scenario_file, 0, 0};
  return place;
}

std::string FileName(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

}  // namespace

std::vector<std::string> PrintableLines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t begin = 0;
  while (true) {
    const std::size_t newline = text.find('\n', begin);
    lines.push_back(Printable(text.substr(
        begin, newline == std::string_view::npos ? std::string_view::npos : newline - begin)));
    if (newline == std::string_view::npos) return lines;
    begin = newline + 1;
  }
}

Place ParsePlace(std::string_view defined_at) {
  std::string_view rest = defined_at;
  Place place;
  const std::size_t last = PopNumber(rest);
  if (last == 0) {
    place.path = std::string(defined_at);
    return place;
  }
  const std::size_t first = PopNumber(rest);
  if (first == 0) {
    place.line = last;  // "file:line"
  } else {
    place.line = first;
    place.column = last;
  }
  place.path = std::string(rest);
  return place;
}

std::string RepositoryPath(const std::string& path, const CiOptions& options) {
  namespace fs = std::filesystem;
  if (options.workspace.empty() || path.empty()) return path;
  fs::path file(path);
  if (file.is_relative() && !options.working_directory.empty()) {
    file = fs::path(options.working_directory) / file;
  }
  file = file.lexically_normal();
  const fs::path root = fs::path(options.workspace).lexically_normal();
  if (file.is_absolute() != root.is_absolute()) return path;
  const fs::path relative = file.lexically_relative(root);
  if (relative.empty() || *relative.begin() == "..") return path;
  return relative.string();
}

std::vector<Finding> Findings(const Report& report, const CiOptions& options) {
  std::vector<Finding> findings;
  const std::string scenario_path = RepositoryPath(report.scenario_file, options);
  const auto scenario_place = [&](const std::string& defined_at) {
    if (defined_at.empty()) return Place{Printable(scenario_path), 0, 0};
    Place place = ParsePlace(defined_at);
    place.path = Printable(RepositoryPath(place.path, options));
    return place;
  };

  for (const ExpectationResult& result : report.expectations) {
    if (result.passed) continue;
    Finding finding;
    finding.where = scenario_place(result.defined_at);
    finding.title = Printable(result.label);
    if (result.cause) AddLines("cause: " + report.causes[*result.cause].text, finding.details);
    for (const std::string& failure : result.failures) AddLines(failure, finding.details);
    AddLines("pattern: " + result.pattern, finding.details);
    finding.summary =
        result.cause ? FirstLine(report.causes[*result.cause].text) : OneLine(result.failures);
    finding.check_name = "expectation";
    finding.identity = "expectation|" + scenario_path + "|" + result.label;
    findings.push_back(std::move(finding));
  }

  for (const CheckResult& check : report.checks) {
    if (check.passed) continue;
    const bool unverifiable =
        check.kind == CheckKind::kLiveness && report.outcome == Outcome::kUnverifiable;
    Finding finding;
    // How a command ended is about no file of the repository.
    if (check.kind != CheckKind::kCommand) finding.where = scenario_place(check.defined_at);
    finding.title = Printable(check.name);
    if (unverifiable) AddLines("unverifiable: " + report.unverifiable_reason, finding.details);
    if (check.cause) AddLines("cause: " + report.causes[*check.cause].text, finding.details);
    for (const std::string& failure : check.failures) AddLines(failure, finding.details);
    finding.summary = unverifiable  ? FirstLine("unverifiable: " + report.unverifiable_reason)
                      : check.cause ? FirstLine(report.causes[*check.cause].text)
                                    : OneLine(check.failures);
    finding.check_name = std::string(ToString(check.kind));
    finding.identity = finding.check_name + "|" + scenario_path + "|" + check.name;
    findings.push_back(std::move(finding));
  }

  for (const recorder::Diagnostic& diagnostic : report.diagnostics) {
    Finding finding;
    finding.level = FindingLevel::kWarning;
    finding.where.path = Printable(RepositoryPath(diagnostic.where.file, options));
    finding.where.line = diagnostic.where.line;
    finding.where.column = diagnostic.column;
    finding.title = "bad record line";
    finding.summary = FirstLine(diagnostic.message + ": `" + diagnostic.excerpt + "`");
    finding.details.push_back(finding.summary);
    finding.check_name = "bad-line";
    // Record files of `witness run` live in fresh temporary directories.
    finding.identity = "bad-line|" + FileName(diagnostic.where.file) + "|" +
                       std::to_string(diagnostic.where.line) + "|" +
                       std::string(recorder::ToString(diagnostic.kind));
    findings.push_back(std::move(finding));
  }

  for (const std::string& warning : report.warnings) {
    Finding finding;
    finding.level = FindingLevel::kWarning;
    finding.where = WarningPlace(warning, report.scenario_file);
    finding.where.path = Printable(RepositoryPath(finding.where.path, options));
    finding.title = "scenario warning";
    AddLines(warning, finding.details);
    finding.summary = FirstLine(warning);
    finding.check_name = "warning";
    finding.identity = "warning|" + scenario_path + "|" + warning;
    findings.push_back(std::move(finding));
  }
  return findings;
}

}  // namespace witness::assertions::internal
