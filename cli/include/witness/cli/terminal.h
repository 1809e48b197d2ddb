// Whether to colour output, and the few styles the CLI uses. Colour is for
// people at a terminal: never in a pipe or a file unless asked for, and
// never when NO_COLOR is set (https://no-color.org).
//
//   Palette palette(ShouldColor(ColorMode::kAuto, STDOUT_FILENO));
//   std::cout << palette.Paint(Style::kFailure, "FAIL") << "\n";
#ifndef WITNESS_CLI_TERMINAL_H_
#define WITNESS_CLI_TERMINAL_H_

#include <string>
#include <string_view>

#include "witness/recorder/palette.h"

namespace witness::cli {

// --color auto|always|never.
enum class ColorMode { kAuto, kAlways, kNever };

// Parses "auto", "always" or "never"; throws UsageError otherwise.
ColorMode ParseColorMode(std::string_view text);

// kAlways: true. kNever: false. kAuto: `fd` is a terminal and NO_COLOR is
// unset or empty.
bool ShouldColor(ColorMode mode, int fd);

// The styles and their colours are the ones every report uses.
using recorder::Palette;
using recorder::Style;

}  // namespace witness::cli

#endif  // WITNESS_CLI_TERMINAL_H_
