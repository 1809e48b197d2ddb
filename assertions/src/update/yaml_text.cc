#include "internal/yaml_text.h"

#include <algorithm>

namespace witness::assertions::internal {

std::size_t YamlText::Start(const YAML::Node& node) const {
  const YAML::Mark mark = node.Mark();
  return mark.pos < 0 ? 0 : std::min(static_cast<std::size_t>(mark.pos), text_.size());
}

std::size_t YamlText::LineStart(std::size_t offset) const {
  if (offset == 0) return 0;
  const std::size_t newline = text_.rfind('\n', offset - 1);
  return newline == std::string_view::npos ? 0 : newline + 1;
}

std::size_t YamlText::NextLine(std::size_t offset) const {
  const std::size_t newline = text_.find('\n', offset);
  return newline == std::string_view::npos ? text_.size() : newline + 1;
}

std::size_t YamlText::IndentOf(std::size_t offset) const {
  const std::size_t start = LineStart(offset);
  std::size_t at = start;
  while (at < text_.size() && text_[at] == ' ') ++at;
  return at - start;
}

bool YamlText::HoldsOnlyComment(std::size_t line_start) const {
  std::size_t at = line_start;
  while (at < text_.size() && (text_[at] == ' ' || text_[at] == '\t' || text_[at] == '\r')) ++at;
  return at == text_.size() || text_[at] == '\n' || text_[at] == '#';
}

std::optional<std::size_t> YamlText::QuotedEnd(std::size_t begin) const {
  const char quote = text_[begin];
  for (std::size_t at = begin + 1; at < text_.size(); ++at) {
    if (quote == '"' && text_[at] == '\\') {
      ++at;
    } else if (text_[at] == quote) {
      // In single quotes, '' is an escaped quote.
      if (quote == '\'' && at + 1 < text_.size() && text_[at + 1] == '\'') {
        ++at;
        continue;
      }
      return at + 1;
    }
  }
  return std::nullopt;
}

std::optional<std::size_t> YamlText::BracketEnd(std::size_t begin) const {
  int depth = 0;
  for (std::size_t at = begin; at < text_.size(); ++at) {
    const char c = text_[at];
    if (c == '"' || c == '\'') {
      const std::optional<std::size_t> end = QuotedEnd(at);
      if (!end) return std::nullopt;
      at = *end - 1;
    } else if (c == '#' && at > begin && (text_[at - 1] == ' ' || text_[at - 1] == '\t')) {
      at = NextLine(at) - 1;  // a comment inside a multi-line flow collection
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return at + 1;
    }
  }
  return std::nullopt;
}

std::optional<std::size_t> YamlText::ScalarEnd(std::size_t begin, bool in_flow, bool is_key) const {
  if (begin >= text_.size()) return std::nullopt;
  const char first = text_[begin];
  if (first == '"' || first == '\'') return QuotedEnd(begin);
  if (first == '{' || first == '[') return BracketEnd(begin);
  if (first == '|' || first == '>') return std::nullopt;
  std::size_t at = begin;
  for (; at < text_.size() && text_[at] != '\n'; ++at) {
    const char c = text_[at];
    if (c == '#' && at > begin && (text_[at - 1] == ' ' || text_[at - 1] == '\t')) break;
    if (in_flow && (c == ',' || c == '}' || c == ']')) break;
    if (is_key && c == ':' &&
        (at + 1 == text_.size() || text_[at + 1] == ' ' || text_[at + 1] == '\n' ||
         text_[at + 1] == '\r' || text_[at + 1] == '\t')) {
      break;
    }
  }
  while (at > begin && (text_[at - 1] == ' ' || text_[at - 1] == '\t' || text_[at - 1] == '\r')) {
    --at;
  }
  return at;
}

std::optional<TextRange> YamlText::FlowRange(const YAML::Node& node, bool in_flow) const {
  if ((node.IsMap() || node.IsSequence()) && node.Style() != YAML::EmitterStyle::Flow) {
    return std::nullopt;
  }
  const std::size_t begin = Start(node);
  const std::optional<std::size_t> end = ScalarEnd(begin, in_flow);
  if (!end) return std::nullopt;
  return TextRange{begin, *end};
}

std::optional<TextRange> YamlText::ValueRange(const YAML::Node& key, const YAML::Node& value,
                                              bool in_flow) const {
  const std::size_t key_begin = Start(key);
  const std::optional<std::size_t> key_end = ScalarEnd(key_begin, in_flow, /*is_key=*/true);
  if (!key_end) return std::nullopt;
  const std::size_t colon = text_.find(':', *key_end);
  if (colon == std::string_view::npos) return std::nullopt;
  std::size_t at = colon + 1;
  while (at < text_.size() && (text_[at] == ' ' || text_[at] == '\t')) ++at;
  const bool nothing_here = at == text_.size() || text_[at] == '\n' || text_[at] == '\r' ||
                            (text_[at] == '#' && at > colon + 1);
  if (!nothing_here) {
    const std::optional<std::size_t> end = ScalarEnd(at, in_flow);
    if (!end) return std::nullopt;
    return TextRange{at, *end};
  }
  // `key:` with nothing after it on its line: a null, or a block collection
  // on the lines below.
  if (value.IsNull()) return TextRange{colon + 1, colon + 1};
  if (in_flow || !(value.IsMap() || value.IsSequence())) return std::nullopt;
  const std::size_t key_column = ColumnOf(key_begin);
  std::size_t end = NextLine(colon);
  for (std::size_t line = end; line < text_.size(); line = NextLine(line)) {
    if (HoldsOnlyComment(line)) continue;
    const std::size_t indent = IndentOf(line);
    const bool deeper = indent > key_column ||
                        (indent == key_column && value.IsSequence() && text_[line + indent] == '-');
    if (!deeper) break;
    end = NextLine(line);
  }
  // Up to the end of the value's last line, its newline left in place.
  if (end > colon + 1 && text_[end - 1] == '\n') --end;
  return TextRange{colon + 1, end};
}

std::optional<YamlText::Item> YamlText::ItemLines(const YAML::Node& item) const {
  const std::size_t start = Start(item);
  const std::size_t line_start = LineStart(start);
  std::size_t dash = start;
  while (dash > line_start && text_[dash - 1] == ' ') --dash;
  if (dash == line_start || text_[dash - 1] != '-') return std::nullopt;
  --dash;
  Item out;
  out.dash_column = dash - line_start;
  std::size_t end = NextLine(start);
  if (item.Style() == YAML::EmitterStyle::Flow || item.IsScalar()) {
    const std::optional<std::size_t> item_end = ScalarEnd(start, false);
    if (!item_end) return std::nullopt;
    end = NextLine(*item_end);
  }
  for (std::size_t line = end; line < text_.size(); line = NextLine(line)) {
    if (HoldsOnlyComment(line)) continue;
    if (IndentOf(line) <= out.dash_column) break;
    end = NextLine(line);
  }
  out.lines = TextRange{line_start, end};
  return out;
}

std::optional<TextRange> YamlText::EntryLines(const YAML::Node& key,
                                              const YAML::Node& value) const {
  const std::optional<TextRange> range = ValueRange(key, value, false);
  if (!range) return std::nullopt;
  return TextRange{LineStart(Start(key)), NextLine(range->end)};
}

std::string ApplyEdits(std::string_view text, std::vector<TextEdit> edits,
                       std::vector<TextEdit>* skipped) {
  std::stable_sort(edits.begin(), edits.end(), [](const TextEdit& a, const TextEdit& b) {
    return a.range.begin < b.range.begin;
  });
  std::string out;
  std::size_t cursor = 0;
  for (TextEdit& edit : edits) {
    if (edit.range.begin < cursor || edit.range.end > text.size()) {
      if (skipped != nullptr) skipped->push_back(std::move(edit));
      continue;
    }
    out.append(text.substr(cursor, edit.range.begin - cursor));
    // Text added at the end of a file whose last line has no newline
    // starts a line of its own.
    if (edit.range.begin == text.size() && !text.empty() && text.back() != '\n' &&
        edit.range.begin == edit.range.end) {
      out += '\n';
    }
    out += edit.text;
    cursor = edit.range.end;
  }
  out.append(text.substr(cursor));
  return out;
}

}  // namespace witness::assertions::internal
