#include "witness/recorder/palette.h"

namespace witness::recorder {
namespace {

const char* Code(Style style) {
  switch (style) {
    case Style::kHeading: return "\x1b[1m";
    case Style::kDim: return "\x1b[2m";
    case Style::kSuccess: return "\x1b[32m";
    case Style::kFailure: return "\x1b[1;31m";
    case Style::kWarning: return "\x1b[33m";
    case Style::kAccent: return "\x1b[36m";
    case Style::kPlain: break;
  }
  return "";
}

}  // namespace

std::string Palette::Paint(Style style, std::string_view text) const {
  if (!enabled_ || style == Style::kPlain || text.empty()) return std::string(text);
  std::string out = Code(style);
  out += text;
  out += "\x1b[0m";
  return out;
}

}  // namespace witness::recorder
