// GitHub Actions workflow commands
// (https://docs.github.com/actions/reference/workflow-commands-for-github-actions):
// `::error file=F,line=L,col=C,title=T::message`, escaped as the Actions
// toolkit escapes them, so no record byte can end a command or start one.
#include <cstddef>
#include <string>
#include <string_view>

#include "internal/findings.h"
#include "witness/assertions/render.h"

namespace witness::assertions {
namespace {

// GitHub shows 10 annotations of each level per step and 50 per job: more
// lines only lengthen the log. The rest are counted in one notice.
constexpr std::size_t kMaxAnnotationsPerLevel = 50;

// The message after `::`: the runner reads %, CR and LF as escapes.
std::string EscapeData(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      default:
        out += c;
        break;
    }
  }
  return out;
}

// A property value: also `:` and `,`, which end a property.
std::string EscapeProperty(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case ':':
        out += "%3A";
        break;
      case ',':
        out += "%2C";
        break;
      default:
        out += EscapeData(std::string_view(&c, 1));
        break;
    }
  }
  return out;
}

std::string Command(const internal::Finding& finding) {
  std::string line = finding.level == internal::FindingLevel::kError ? "::error" : "::warning";
  std::string properties;
  const auto add = [&properties](std::string_view key, const std::string& value) {
    properties += properties.empty() ? " " : ",";
    properties += key;
    properties += '=';
    properties += EscapeProperty(value);
  };
  if (!finding.where.path.empty()) {
    add("file", finding.where.path);
    if (finding.where.line > 0) add("line", std::to_string(finding.where.line));
    if (finding.where.line > 0 && finding.where.column > 0) {
      add("col", std::to_string(finding.where.column));
    }
  }
  add("title", "witness: " + finding.title);
  std::string message;
  for (const std::string& detail : finding.details) {
    message += message.empty() ? "" : "\n";
    message += detail;
  }
  return line + properties + "::" + EscapeData(message.empty() ? finding.summary : message) + "\n";
}

}  // namespace

std::string RenderGithub(const Report& report, const CiOptions& options) {
  std::string out;
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::size_t left_out = 0;
  for (const internal::Finding& finding : internal::Findings(report, options)) {
    std::size_t& written = finding.level == internal::FindingLevel::kError ? errors : warnings;
    if (written == kMaxAnnotationsPerLevel) {
      ++left_out;
      continue;
    }
    ++written;
    out += Command(finding);
  }
  if (left_out > 0) {
    out += "::notice title=witness::" + std::to_string(left_out) +
           " more findings are in the report above\n";
  }
  return out;
}

std::string RenderGithubLog(const Report& report, const std::string& token,
                            const TextOptions& options) {
  // While commands are stopped, the runner prints every line as it is,
  // `::error` and `::add-mask` from a record included.
  return "::stop-commands::" + token + "\n" + RenderText(report, options) + "::" + token + "::\n";
}

}  // namespace witness::assertions
