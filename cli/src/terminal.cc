#include "witness/cli/terminal.h"

#include <unistd.h>

#include <cstdlib>
#include <string>

#include "witness/cli/usage_error.h"

namespace witness::cli {

ColorMode ParseColorMode(std::string_view text) {
  if (text == "auto") return ColorMode::kAuto;
  if (text == "always") return ColorMode::kAlways;
  if (text == "never") return ColorMode::kNever;
  throw UsageError("invalid colour mode '" + std::string(text) +
                   "': expected auto, always or never");
}

bool ShouldColor(ColorMode mode, int fd) {
  switch (mode) {
    case ColorMode::kAlways:
      return true;
    case ColorMode::kNever:
      return false;
    case ColorMode::kAuto:
      break;
  }
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && no_color[0] != '\0') return false;
  return isatty(fd) == 1;
}

std::string Palette::Paint(Style style, std::string_view text) const {
  if (!enabled_ || style == Style::kPlain || text.empty()) return std::string(text);
  const char* code = "";
  switch (style) {
    case Style::kHeading:
      code = "\x1b[1m";
      break;
    case Style::kDim:
      code = "\x1b[2m";
      break;
    case Style::kSuccess:
      code = "\x1b[32m";
      break;
    case Style::kFailure:
      code = "\x1b[1;31m";
      break;
    case Style::kWarning:
      code = "\x1b[33m";
      break;
    case Style::kAccent:
      code = "\x1b[36m";
      break;
    case Style::kPlain:
      break;
  }
  std::string out = code;
  out += text;
  out += "\x1b[0m";
  return out;
}

}  // namespace witness::cli
