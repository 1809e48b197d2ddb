// Written here rather than taken from a library or run as diff(1): none of
// Witness's dependencies diffs text, a diff program may be missing where
// `witness review` runs (a minimal CI image), and its output would have to be
// parsed back to escape each line for the terminal anyway. Scenario files
// are small (kMaxScenarioBytes), so Myers' O((N+M)D) search is plenty.
#include "witness/cli/line_diff.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "witness/recorder/printable.h"

namespace witness::cli {
namespace {

using Kind = LineEdit::Kind;

// Myers' greedy forward search over the middle part (lines [0, n) of `a`
// against [0, m) of `b`, both already offset), then the backtrack. Returns
// false when the edit distance exceeds kMaxLineDiffEdits.
bool MyersEdits(const std::vector<std::string_view>& a, std::size_t a_begin, std::size_t n,
                const std::vector<std::string_view>& b, std::size_t b_begin, std::size_t m,
                std::vector<LineEdit>& out) {
  const long max_d = static_cast<long>(std::min(n + m, kMaxLineDiffEdits));
  const long offset = max_d + 1;
  std::vector<long> v(static_cast<std::size_t>(2 * offset + 1), 0);
  const auto at = [&](long k) -> long& { return v[static_cast<std::size_t>(k + offset)]; };
  // trace[d]: the furthest x of each diagonal k in [-(d-1), d-1] after step
  // d-1, what the backtrack of step d reads.
  std::vector<std::vector<long>> trace;
  const long ln = static_cast<long>(n);
  const long lm = static_cast<long>(m);
  long found_d = -1;
  for (long d = 0; d <= max_d && found_d < 0; ++d) {
    std::vector<long> snapshot;
    for (long k = -(d - 1); k <= d - 1; ++k) snapshot.push_back(at(k));
    trace.push_back(std::move(snapshot));
    for (long k = -d; k <= d; k += 2) {
      long x = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? at(k + 1) : at(k - 1) + 1;
      long y = x - k;
      while (x < ln && y < lm &&
             a[a_begin + static_cast<std::size_t>(x)] == b[b_begin + static_cast<std::size_t>(y)]) {
        ++x;
        ++y;
      }
      at(k) = x;
      if (x >= ln && y >= lm) {
        found_d = d;
        break;
      }
    }
  }
  if (found_d < 0) return false;

  std::vector<LineEdit> reversed;
  long x = ln;
  long y = lm;
  const auto keep = [&](long i, long j) {
    reversed.push_back({Kind::kKeep, a_begin + static_cast<std::size_t>(i),
                        b_begin + static_cast<std::size_t>(j)});
  };
  for (long d = found_d; d > 0; --d) {
    const std::vector<long>& previous = trace[static_cast<std::size_t>(d)];
    const auto prev_at = [&](long k) { return previous[static_cast<std::size_t>(k + d - 1)]; };
    const long k = x - y;
    const long prev_k = (k == -d || (k != d && prev_at(k - 1) < prev_at(k + 1))) ? k + 1 : k - 1;
    const long prev_x = prev_at(prev_k);
    const long prev_y = prev_x - prev_k;
    // The snake after the edit of step d.
    const long edit_x = prev_k == k + 1 ? prev_x : prev_x + 1;
    const long edit_y = edit_x - k;
    while (x > edit_x && y > edit_y) keep(--x, --y);
    if (prev_k == k + 1) {
      reversed.push_back({Kind::kInsert, 0, b_begin + static_cast<std::size_t>(prev_y)});
    } else {
      reversed.push_back({Kind::kDelete, a_begin + static_cast<std::size_t>(prev_x), 0});
    }
    x = prev_x;
    y = prev_y;
  }
  while (x > 0 && y > 0) keep(--x, --y);
  out.insert(out.end(), reversed.rbegin(), reversed.rend());
  return true;
}

void AppendLine(std::string_view line, char sign, Style style, const Palette& palette,
                std::string& out) {
  const bool has_newline = !line.empty() && line.back() == '\n';
  if (has_newline) line.remove_suffix(1);
  std::string text(1, sign);
  recorder::AppendPrintable(line, text);
  out += palette.Paint(style, text);
  out += '\n';
  if (!has_newline) out += "\\ No newline at end of file\n";
}

}  // namespace

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t begin = 0;
  while (begin < text.size()) {
    const std::size_t newline = text.find('\n', begin);
    const std::size_t end = newline == std::string_view::npos ? text.size() : newline + 1;
    lines.push_back(text.substr(begin, end - begin));
    begin = end;
  }
  return lines;
}

std::vector<LineEdit> DiffLines(const std::vector<std::string_view>& before,
                                const std::vector<std::string_view>& after) {
  std::size_t prefix = 0;
  while (prefix < before.size() && prefix < after.size() && before[prefix] == after[prefix]) {
    ++prefix;
  }
  std::size_t suffix = 0;
  while (suffix < before.size() - prefix && suffix < after.size() - prefix &&
         before[before.size() - 1 - suffix] == after[after.size() - 1 - suffix]) {
    ++suffix;
  }
  std::vector<LineEdit> edits;
  for (std::size_t i = 0; i < prefix; ++i) edits.push_back({Kind::kKeep, i, i});
  const std::size_t n = before.size() - prefix - suffix;
  const std::size_t m = after.size() - prefix - suffix;
  if (!MyersEdits(before, prefix, n, after, prefix, m, edits)) {
    for (std::size_t i = 0; i < n; ++i) edits.push_back({Kind::kDelete, prefix + i, 0});
    for (std::size_t j = 0; j < m; ++j) edits.push_back({Kind::kInsert, 0, prefix + j});
  }
  for (std::size_t i = 0; i < suffix; ++i) {
    edits.push_back({Kind::kKeep, before.size() - suffix + i, after.size() - suffix + i});
  }
  return edits;
}

std::string UnifiedDiff(std::string_view before, std::string_view after,
                        const std::string& before_label, const std::string& after_label,
                        const Palette& palette, std::size_t context) {
  const std::vector<std::string_view> a = SplitLines(before);
  const std::vector<std::string_view> b = SplitLines(after);
  const std::vector<LineEdit> edits = DiffLines(a, b);
  std::string out;
  std::size_t i = 0;
  while (i < edits.size()) {
    // The next change, and the hunk around it: changes closer than twice the
    // context share one hunk.
    std::size_t change = i;
    while (change < edits.size() && edits[change].kind == Kind::kKeep) ++change;
    if (change == edits.size()) break;
    const std::size_t start = change >= context ? std::max(i, change - context) : i;
    std::size_t end = change;
    std::size_t last_change = change;
    while (end < edits.size()) {
      if (edits[end].kind != Kind::kKeep) {
        last_change = end;
      } else if (end - last_change > 2 * context) {
        break;
      }
      ++end;
    }
    end = std::min(end, last_change + context + 1);

    std::size_t before_start = 0;
    std::size_t after_start = 0;
    std::size_t before_count = 0;
    std::size_t after_count = 0;
    // A position before the hunk's first line, for hunks that hold no line
    // of one side (diff(1) then names the line before).
    std::size_t before_position = 0;
    std::size_t after_position = 0;
    for (std::size_t e = 0; e < start; ++e) {
      if (edits[e].kind != Kind::kInsert) before_position = edits[e].before_line + 1;
      if (edits[e].kind != Kind::kDelete) after_position = edits[e].after_line + 1;
    }
    for (std::size_t e = start; e < end; ++e) {
      if (edits[e].kind != Kind::kInsert && before_count++ == 0) before_start = edits[e].before_line + 1;
      if (edits[e].kind != Kind::kDelete && after_count++ == 0) after_start = edits[e].after_line + 1;
    }
    if (before_count == 0) before_start = before_position;
    if (after_count == 0) after_start = after_position;

    if (out.empty()) {
      out += "--- " + recorder::Printable(before_label) + "\n";
      out += "+++ " + recorder::Printable(after_label) + "\n";
    }
    out += palette.Paint(Style::kAccent, "@@ -" + std::to_string(before_start) + "," +
                                             std::to_string(before_count) + " +" +
                                             std::to_string(after_start) + "," +
                                             std::to_string(after_count) + " @@");
    out += "\n";
    for (std::size_t e = start; e < end; ++e) {
      switch (edits[e].kind) {
        case Kind::kKeep:
          AppendLine(a[edits[e].before_line], ' ', Style::kPlain, palette, out);
          break;
        case Kind::kDelete:
          AppendLine(a[edits[e].before_line], '-', Style::kFailure, palette, out);
          break;
        case Kind::kInsert:
          AppendLine(b[edits[e].after_line], '+', Style::kSuccess, palette, out);
          break;
      }
    }
    i = end;
  }
  return out;
}

}  // namespace witness::cli
