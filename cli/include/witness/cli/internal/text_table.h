// Aligned text columns with optional section headings, for the CLI's tables.
// Widths count UTF-8 code points, so names like "x<y>&z" or "wëb" align.
//
//   TextTable table({"OP", "COUNT"});
//   table.AddRow({{"create", Style::kPlain}, {"3", Style::kPlain}});
//   std::cout << table.Render(palette);
#ifndef WITNESS_CLI_INTERNAL_TEXT_TABLE_H_
#define WITNESS_CLI_INTERNAL_TEXT_TABLE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "witness/cli/terminal.h"

namespace witness::cli::internal {

struct Cell {
  std::string text;  // already printable: the table does not escape
  Style style = Style::kPlain;
};

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> headers);

  // A line of its own before the rows that follow; rows are indented under
  // headings once the table has any.
  void AddHeading(std::string text);
  // Missing trailing cells are empty; extra cells are an error (throws
  // std::invalid_argument).
  void AddRow(std::vector<Cell> cells);
  void SetRightAligned(std::size_t column);

  // The header line, then headings and rows; the last column is never
  // padded, so lines carry no trailing spaces.
  std::string Render(const Palette& palette) const;

 private:
  struct Line {
    bool heading = false;
    std::string heading_text;
    std::vector<Cell> cells;
  };
  std::vector<std::string> headers_;
  std::vector<bool> right_aligned_;
  std::vector<Line> lines_;
  bool has_headings_ = false;
};

// Code points in `text` (invalid bytes count one each).
std::size_t DisplayWidth(std::string_view text);

}  // namespace witness::cli::internal

#endif  // WITNESS_CLI_INTERNAL_TEXT_TABLE_H_
