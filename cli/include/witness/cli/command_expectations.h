// What `witness run` expects of the command besides its recording: how it
// ends, text its output must hold, and variables for its environment. A run
// that is meant to fail (a create that must be rolled back) is then tested
// as directly as one that is meant to pass.
//
//   ExitExpectation exit = ParseExitExpectation("nonzero");
//   OutputExpectations output({"rolled back"}, {"create '[a-z0-9-]+'"});
//   child.on_output = [&](std::string_view chunk) { output.Feed(chunk); };
//   ChildResult result = RunChildProcess(child);
//   output.Finish();
//   bool passed = exit.Matches(result) && output.AllFound();
#ifndef WITNESS_CLI_COMMAND_EXPECTATIONS_H_
#define WITNESS_CLI_COMMAND_EXPECTATIONS_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "witness/cli/child_process.h"

namespace re2 {
class RE2;
}

namespace witness::cli {

// --expect-exit N|nonzero. A command killed by a signal never matches: it
// did not exit, and a crash must not pass for the orderly failure a test
// asked for. A command stopped by --timeout never matches either.
struct ExitExpectation {
  bool any_nonzero = false;
  int status = 0;  // when !any_nonzero

  bool Matches(const ChildResult& result) const noexcept;
  // "status 1", "non-zero".
  std::string Describe() const;
};

// "0".."255" or "nonzero". Throws UsageError naming the value otherwise.
ExitExpectation ParseExitExpectation(std::string_view text);

// --env NAME=VALUE entries, in order, a later entry for a name replacing an
// earlier one. Throws UsageError for an entry without '=' or with an empty
// name.
std::vector<std::pair<std::string, std::string>> ParseEnvironment(
    const std::vector<std::string>& assignments);

// Watches the command's output (stdout and stderr as it interleaved them)
// as it arrives, so output of any length is searched without being kept.
// A text is found when it occurs anywhere in the output, across lines and
// read boundaries. A regex (RE2 syntax) is found when it matches within
// one line, without its newline, as grep matches: ^ and $ are the line's
// ends. A line longer than kMaxRegexLine is matched on its first
// kMaxRegexLine bytes.
class OutputExpectations {
 public:
  static constexpr std::size_t kMaxRegexLine = 1 << 20;

  struct Result {
    std::string pattern;
    bool regex = false;
    bool found = false;
  };

  // Throws UsageError for an empty text or regex, or a regex RE2 rejects
  // (naming it and RE2's reason).
  OutputExpectations(std::vector<std::string> texts, std::vector<std::string> regexes);
  OutputExpectations(const OutputExpectations&) = delete;
  OutputExpectations& operator=(const OutputExpectations&) = delete;
  ~OutputExpectations();

  bool empty() const noexcept { return results_.empty(); }
  void Feed(std::string_view chunk);
  // The output has ended: a last line without its newline is matched too.
  void Finish();
  // Texts first, then regexes, each in the order given.
  const std::vector<Result>& results() const noexcept { return results_; }
  bool AllFound() const noexcept;

 private:
  void MatchLine(std::string_view line);

  std::vector<Result> results_;
  std::size_t text_count_ = 0;
  std::size_t longest_text_ = 0;
  // The end of the output so far, long enough to hold all but the last
  // byte of the longest text, so a text cut by a read boundary is found.
  std::string carry_;
  std::vector<std::unique_ptr<re2::RE2>> regexes_;
  std::string line_;
};

}  // namespace witness::cli

#endif  // WITNESS_CLI_COMMAND_EXPECTATIONS_H_
