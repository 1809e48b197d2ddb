#include "witness/cli/internal/text_table.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace witness::cli::internal {

std::size_t DisplayWidth(std::string_view text) {
  std::size_t width = 0;
  for (char c : text) {
    // Continuation bytes (10xxxxxx) belong to the code point before them.
    if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) ++width;
  }
  return width;
}

TextTable::TextTable(std::vector<std::string> headers)
    : headers_(std::move(headers)), right_aligned_(headers_.size(), false) {}

void TextTable::AddHeading(std::string text) {
  Line line;
  line.heading = true;
  line.heading_text = std::move(text);
  lines_.push_back(std::move(line));
  has_headings_ = true;
}

void TextTable::AddRow(std::vector<Cell> cells) {
  if (cells.size() > headers_.size()) {
    throw std::invalid_argument("table row has more cells than the table has columns");
  }
  cells.resize(headers_.size());
  Line line;
  line.cells = std::move(cells);
  lines_.push_back(std::move(line));
}

void TextTable::SetRightAligned(std::size_t column) {
  if (column < right_aligned_.size()) right_aligned_[column] = true;
}

std::string TextTable::Render(const Palette& palette) const {
  std::vector<std::size_t> widths(headers_.size(), 0);
  for (std::size_t c = 0; c < headers_.size(); ++c) widths[c] = DisplayWidth(headers_[c]);
  for (const Line& line : lines_) {
    if (line.heading) continue;
    for (std::size_t c = 0; c < line.cells.size(); ++c) {
      widths[c] = std::max(widths[c], DisplayWidth(line.cells[c].text));
    }
  }
  // The last column is left ragged unless it is right-aligned.
  const std::string indent = has_headings_ ? "  " : "";
  auto render_cells = [&](const std::vector<Cell>& cells, bool header) {
    std::string out = indent;
    std::size_t last = cells.size();
    // Trailing empty cells add nothing but spaces.
    while (last > 0 && cells[last - 1].text.empty()) --last;
    for (std::size_t c = 0; c < last; ++c) {
      const Cell& cell = cells[c];
      std::size_t pad = widths[c] - DisplayWidth(cell.text);
      bool pad_after = c + 1 < last;
      if (c > 0) out += "  ";
      if (right_aligned_[c]) {
        out.append(pad, ' ');
        pad = 0;
      }
      out += palette.Paint(header ? Style::kDim : cell.style, cell.text);
      if (pad_after) out.append(pad, ' ');
    }
    out += "\n";
    return out;
  };

  std::string out;
  std::vector<Cell> header_cells;
  for (const std::string& header : headers_) header_cells.push_back({header, Style::kDim});
  out += render_cells(header_cells, true);
  for (const Line& line : lines_) {
    if (line.heading) {
      out += palette.Paint(Style::kHeading, line.heading_text);
      out += "\n";
    } else {
      out += render_cells(line.cells, false);
    }
  }
  return out;
}

}  // namespace witness::cli::internal
