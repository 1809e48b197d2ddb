#include "witness/cli/command_expectations.h"

#include <re2/re2.h>

#include <algorithm>

#include "witness/cli/usage_error.h"

namespace witness::cli {

bool ExitExpectation::Matches(const ChildResult& result) const noexcept {
  if (!result.exited || result.timed_out) return false;
  return any_nonzero ? result.exit_status != 0 : result.exit_status == status;
}

std::string ExitExpectation::Describe() const {
  return any_nonzero ? "non-zero" : "status " + std::to_string(status);
}

ExitExpectation ParseExitExpectation(std::string_view text) {
  ExitExpectation expectation;
  if (text == "nonzero") {
    expectation.any_nonzero = true;
    return expectation;
  }
  // Digits only: no sign, no spaces, no leading zeros that could be read as
  // octal by the script that wrote them.
  const bool digits =
      !text.empty() && text.size() <= 3 &&
      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
      (text.size() == 1 || text[0] != '0');
  const int value = digits ? std::stoi(std::string(text)) : -1;
  if (value < 0 || value > 255) {
    throw UsageError("invalid --expect-exit value '" + std::string(text) +
                     "': expected an exit status 0-255 or 'nonzero'");
  }
  expectation.status = value;
  return expectation;
}

std::vector<std::pair<std::string, std::string>> ParseEnvironment(
    const std::vector<std::string>& assignments) {
  std::vector<std::pair<std::string, std::string>> environment;
  for (const std::string& assignment : assignments) {
    const std::size_t equals = assignment.find('=');
    if (equals == std::string::npos) {
      throw UsageError("--env needs NAME=VALUE, got '" + assignment + "'");
    }
    if (equals == 0) {
      throw UsageError("--env needs a name before '=', got '" + assignment + "'");
    }
    std::string name = assignment.substr(0, equals);
    std::string value = assignment.substr(equals + 1);
    auto same = std::find_if(environment.begin(), environment.end(),
                             [&name](const auto& entry) { return entry.first == name; });
    if (same != environment.end()) {
      same->second = std::move(value);
    } else {
      environment.emplace_back(std::move(name), std::move(value));
    }
  }
  return environment;
}

OutputExpectations::OutputExpectations(std::vector<std::string> texts,
                                       std::vector<std::string> regexes) {
  for (std::string& text : texts) {
    // An empty text is found in any output: most likely an unset shell
    // variable, and a check that cannot fail.
    if (text.empty()) throw UsageError("--expect-output needs a non-empty TEXT");
    longest_text_ = std::max(longest_text_, text.size());
    results_.push_back({std::move(text), false, false});
  }
  text_count_ = results_.size();
  for (std::string& pattern : regexes) {
    if (pattern.empty()) throw UsageError("--expect-output-regex needs a non-empty RE");
    RE2::Options options;
    options.set_log_errors(false);
    auto compiled = std::make_unique<RE2>(pattern, options);
    if (!compiled->ok()) {
      throw UsageError("invalid --expect-output-regex '" + pattern + "': " + compiled->error());
    }
    regexes_.push_back(std::move(compiled));
    results_.push_back({std::move(pattern), true, false});
  }
}

OutputExpectations::~OutputExpectations() = default;

void OutputExpectations::Feed(std::string_view chunk) {
  bool texts_left = false;
  for (std::size_t i = 0; i < text_count_; ++i) texts_left = texts_left || !results_[i].found;
  if (texts_left) {
    std::string window = carry_;
    window.append(chunk);
    for (std::size_t i = 0; i < text_count_; ++i) {
      if (!results_[i].found)
        results_[i].found = window.find(results_[i].pattern) != std::string::npos;
    }
    const std::size_t keep = std::min(window.size(), longest_text_ - 1);
    carry_.assign(window, window.size() - keep, keep);
  }

  if (regexes_.empty()) return;
  std::size_t start = 0;
  while (start < chunk.size()) {
    const std::size_t newline = chunk.find('\n', start);
    const std::size_t end = newline == std::string_view::npos ? chunk.size() : newline;
    const std::size_t room = kMaxRegexLine - line_.size();
    line_.append(chunk.substr(start, std::min(end - start, room)));
    if (newline == std::string_view::npos) break;
    MatchLine(line_);
    line_.clear();
    start = newline + 1;
  }
}

void OutputExpectations::Finish() {
  if (!line_.empty()) MatchLine(line_);
  line_.clear();
  carry_.clear();
}

bool OutputExpectations::AllFound() const noexcept {
  return std::all_of(results_.begin(), results_.end(),
                     [](const Result& result) { return result.found; });
}

void OutputExpectations::MatchLine(std::string_view line) {
  for (std::size_t i = 0; i < regexes_.size(); ++i) {
    Result& result = results_[text_count_ + i];
    if (!result.found) result.found = RE2::PartialMatch(line, *regexes_[i]);
  }
}

}  // namespace witness::cli
