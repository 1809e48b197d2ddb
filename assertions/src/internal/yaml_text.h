// Where a YAML node's bytes lie in the text it was parsed from, and edits
// made at those places: how `--update` changes a scenario while every line
// it does not have to change (comments, key order, quoting, layout) stays
// byte for byte as written. yaml-cpp reports only where a node starts;
// these functions find where it ends.
#ifndef WITNESS_ASSERTIONS_INTERNAL_YAML_TEXT_H_
#define WITNESS_ASSERTIONS_INTERNAL_YAML_TEXT_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace witness::assertions::internal {

// [begin, end) in bytes.
struct TextRange {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// Replace `range` with `text`; an empty range inserts.
struct TextEdit {
  TextRange range;
  std::string text;
};

class YamlText {
 public:
  explicit YamlText(std::string_view text) : text_(text) {}

  std::string_view text() const { return text_; }
  // Where `node` starts.
  std::size_t Start(const YAML::Node& node) const;
  std::size_t LineStart(std::size_t offset) const;
  // The offset just past the newline that ends `offset`'s line.
  std::size_t NextLine(std::size_t offset) const;
  // The column of the first character of `offset`'s line that is not a space.
  std::size_t IndentOf(std::size_t offset) const;
  std::size_t ColumnOf(std::size_t offset) const { return offset - LineStart(offset); }

  // A scalar (plain or quoted) or a flow collection starting at `node`;
  // nullopt for a block collection or a block scalar (| or >). `in_flow`:
  // the node sits inside a flow collection, where ',', '}' and ']' end a
  // plain scalar.
  std::optional<TextRange> FlowRange(const YAML::Node& node, bool in_flow) const;
  // The value of `key` in a block mapping, whatever its style: for a block
  // collection, from just after the key's ':' to the end of its last line.
  std::optional<TextRange> ValueRange(const YAML::Node& key, const YAML::Node& value,
                                      bool in_flow) const;
  // The whole lines of one item of a block sequence, from its '-' line to
  // its last line that holds more than a comment, and the column of its
  // '-'; nullopt when `item` is not written after a '- '.
  struct Item {
    TextRange lines;
    std::size_t dash_column = 0;
  };
  std::optional<Item> ItemLines(const YAML::Node& item) const;
  // The lines of `key: value` in a block mapping, `value` included.
  std::optional<TextRange> EntryLines(const YAML::Node& key, const YAML::Node& value) const;

 private:
  // `is_key`: a mapping key, which a ':' followed by a space (or the end
  // of the line) ends.
  std::optional<std::size_t> ScalarEnd(std::size_t begin, bool in_flow, bool is_key = false) const;
  std::optional<std::size_t> QuotedEnd(std::size_t begin) const;
  std::optional<std::size_t> BracketEnd(std::size_t begin) const;
  bool HoldsOnlyComment(std::size_t line_start) const;

  std::string_view text_;
};

// `text` with the edits made; edits that overlap one made before them are
// left out and returned in `skipped`. Insertions at one offset keep their
// order.
std::string ApplyEdits(std::string_view text, std::vector<TextEdit> edits,
                       std::vector<TextEdit>* skipped = nullptr);

}  // namespace witness::assertions::internal

#endif  // WITNESS_ASSERTIONS_INTERNAL_YAML_TEXT_H_
