// A report's failures and bad lines as positioned findings: what the CI
// renderers (GitHub workflow commands, GitLab code quality) have in common,
// so they agree on what is a finding, where it is and what it says.
#ifndef WITNESS_ASSERTIONS_INTERNAL_FINDINGS_H_
#define WITNESS_ASSERTIONS_INTERNAL_FINDINGS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "witness/assertions/render.h"
#include "witness/assertions/report.h"

namespace witness::assertions::internal {

// A place in a file; line and column are 1-based, 0 when unknown. An empty
// path is a finding about no file (how a command ended).
struct Place {
  std::string path;
  std::size_t line = 0;
  std::size_t column = 0;
};

// Report text split at its line breaks, each line made printable on its
// own (recorder::Printable would write a line break as \x0a): for formats
// that break lines their own way. "" is one empty line.
std::vector<std::string> PrintableLines(std::string_view text);

// "cluster.yaml:17:7" as a Place. The path may hold colons: line and column
// are taken from the end. Text without them is all path.
Place ParsePlace(std::string_view defined_at);

// `path` relative to options.workspace when it lies under it (a relative
// `path` taken from options.working_directory; all lexically: no file is
// looked at); `path` unchanged otherwise.
std::string RepositoryPath(const std::string& path, const CiOptions& options);

enum class FindingLevel { kError, kWarning };

// Every string is printable (recorder::Printable, line by line): a finding
// is ready to be escaped for its format and written.
struct Finding {
  FindingLevel level = FindingLevel::kError;
  Place where;
  std::string title;                 // "create [web-1]", "bad record line"
  std::string summary;               // one line: the cause, or the first reason
  std::vector<std::string> details;  // every line, the summary's included
  // "expectation", "order", ..., "bad-line", "warning": the kind of check.
  std::string check_name;
  // The same for the same finding in another run (no record line numbers,
  // no temporary paths): what a fingerprint is made from.
  std::string identity;
};

// The failing expectations, the failing checks, the reader's diagnostics and
// the report's warnings, in that order; nothing for a clean pass.
std::vector<Finding> Findings(const Report& report, const CiOptions& options);

}  // namespace witness::assertions::internal

#endif  // WITNESS_ASSERTIONS_INTERNAL_FINDINGS_H_
