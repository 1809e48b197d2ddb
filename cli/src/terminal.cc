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

}  // namespace witness::cli
