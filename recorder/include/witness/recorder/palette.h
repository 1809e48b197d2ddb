// The colours every Witness text output uses, in one place, so that one
// meaning looks the same in `witness check`, `witness show` and the tables:
// a failure is bold red everywhere, a warning yellow everywhere.
//
//   Palette palette(/*enabled=*/true);
//   out += palette.Paint(Style::kFailure, "FAIL");  // "\x1b[1;31mFAIL\x1b[0m"
#ifndef WITNESS_RECORDER_PALETTE_H_
#define WITNESS_RECORDER_PALETTE_H_

#include <string>
#include <string_view>

namespace witness::recorder {

// What a piece of text means; the palette decides how that looks.
enum class Style { kPlain, kHeading, kDim, kSuccess, kFailure, kWarning, kAccent };

// Wraps text in ANSI escapes when enabled, returns it unchanged otherwise.
// Whether to enable it is the caller's (a terminal, --color, NO_COLOR).
class Palette {
 public:
  explicit Palette(bool enabled) : enabled_(enabled) {}
  bool enabled() const noexcept { return enabled_; }
  std::string Paint(Style style, std::string_view text) const;

 private:
  bool enabled_;
};

}  // namespace witness::recorder

#endif  // WITNESS_RECORDER_PALETTE_H_
