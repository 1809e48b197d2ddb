// A unified diff of two texts, line by line, for `witness review` to show a
// pending scenario update as the file will change.
//
//   std::cout << UnifiedDiff(old_text, new_text, "fleet.yaml", "fleet.yaml.new", Palette(false));
//   // --- fleet.yaml
//   // +++ fleet.yaml.new
//   // @@ -3,3 +3,3 @@
//   //    - {id: start, op: start}
//   // -  - {op: stop, count: 1}
//   // +  - {op: stop, count: 2}
#ifndef WITNESS_CLI_LINE_DIFF_H_
#define WITNESS_CLI_LINE_DIFF_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "witness/cli/terminal.h"

namespace witness::cli {

// One step from the old text to the new: a line kept, deleted or inserted.
struct LineEdit {
  enum class Kind { kKeep, kDelete, kInsert };
  Kind kind = Kind::kKeep;
  std::size_t before_line = 0;  // 0-based index into the old lines (kKeep, kDelete)
  std::size_t after_line = 0;   // 0-based index into the new lines (kKeep, kInsert)
};

// A shortest edit script from `before` to `after` (Myers' algorithm). When
// the two differ in more than kMaxLineDiffEdits lines (past the lines they
// share at both ends), the rest is given as a whole block deleted and
// inserted: still a correct script, found in bounded time and memory.
inline constexpr std::size_t kMaxLineDiffEdits = 2000;
std::vector<LineEdit> DiffLines(const std::vector<std::string_view>& before,
                                const std::vector<std::string_view>& after);

// The lines of `text`, each with its '\n' (the last one may lack it).
std::vector<std::string_view> SplitLines(std::string_view text);

// The unified diff ("--- ", "+++ ", "@@ -l,n +l,n @@" hunks with `context`
// lines around each change), every line of the texts escaped with
// recorder::Printable; "" when the texts are equal. A last line without a
// newline is followed by "\ No newline at end of file", as diff(1) writes.
std::string UnifiedDiff(std::string_view before, std::string_view after,
                        const std::string& before_label, const std::string& after_label,
                        const Palette& palette, std::size_t context = 3);

}  // namespace witness::cli

#endif  // WITNESS_CLI_LINE_DIFF_H_
