#include "witness/recorder/duration.h"

#include <cctype>
#include <cstdint>
#include <string>


namespace witness::recorder {
namespace {

constexpr std::int64_t kMaxMilliseconds = 24LL * 60 * 60 * 1000;

[[noreturn]] void Refuse(std::string_view text, std::string_view why) {
  throw DurationError("invalid duration '" + std::string(text) + "': " + std::string(why) +
                   " (examples: 300ms, 5s, 1.5s, 2m, 1m30s)");
}

}  // namespace

std::chrono::milliseconds ParseDuration(std::string_view text) {
  if (text.empty()) Refuse(text, "empty");
  // Whole and fractional parts are kept as integers so "0.1s" is exactly
  // 100 ms, not 99 after a floating-point round trip.
  std::int64_t total_ms = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::int64_t whole = 0;
    std::int64_t fraction = 0;
    std::int64_t fraction_scale = 1;
    std::size_t digits = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      if (whole > kMaxMilliseconds) Refuse(text, "longer than a day");
      whole = whole * 10 + (text[i] - '0');
      ++i;
      ++digits;
    }
    if (i < text.size() && text[i] == '.') {
      ++i;
      while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
        if (fraction_scale < 1000000) {  // finer than a microsecond is noise
          fraction = fraction * 10 + (text[i] - '0');
          fraction_scale *= 10;
        }
        ++i;
        ++digits;
      }
    }
    if (digits == 0) {
      Refuse(text, i < text.size() && text[i] == '-' ? "negative" : "expected a number");
    }
    std::size_t unit_start = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    std::string_view unit = text.substr(unit_start, i - unit_start);
    std::int64_t unit_ms = 0;
    if (unit == "ms") {
      unit_ms = 1;
    } else if (unit == "s") {
      unit_ms = 1000;
    } else if (unit == "m") {
      unit_ms = 60 * 1000;
    } else if (unit == "h") {
      unit_ms = 60 * 60 * 1000;
    } else if (unit.empty()) {
      Refuse(text, "a number needs a unit (ms, s, m or h)");
    } else {
      Refuse(text, "unknown unit '" + std::string(unit) + "'");
    }
    if (whole > kMaxMilliseconds / unit_ms + 1) Refuse(text, "longer than a day");
    total_ms += whole * unit_ms + fraction * unit_ms / fraction_scale;
    if (total_ms > kMaxMilliseconds) Refuse(text, "longer than a day");
  }
  return std::chrono::milliseconds(total_ms);
}

std::string FormatDuration(std::chrono::milliseconds duration) {
  std::int64_t ms = duration.count();
  if (ms < 0) return "-" + FormatDuration(std::chrono::milliseconds(-ms));
  if (ms == 0) return "0s";
  if (ms < 1000) return std::to_string(ms) + "ms";
  std::string out;
  std::int64_t hours = ms / 3600000;
  ms %= 3600000;
  std::int64_t minutes = ms / 60000;
  ms %= 60000;
  if (hours > 0) out += std::to_string(hours) + "h";
  if (minutes > 0) out += std::to_string(minutes) + "m";
  if (ms > 0) {
    out += std::to_string(ms / 1000);
    std::int64_t rest = ms % 1000;
    if (rest != 0) {
      std::string frac = std::to_string(1000 + rest).substr(1);  // zero-padded
      while (frac.back() == '0') frac.pop_back();
      out += "." + frac;
    }
    out += "s";
  }
  return out;
}

}  // namespace witness::recorder
