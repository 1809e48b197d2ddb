#include "witness/cli/duration.h"

#include "witness/cli/usage_error.h"
#include "witness/recorder/duration.h"

namespace witness::cli {

std::chrono::milliseconds ParseDuration(std::string_view text) {
  try {
    return recorder::ParseDuration(text);
  } catch (const recorder::DurationError& error) {
    throw UsageError(error.what());
  }
}

std::string FormatDuration(std::chrono::milliseconds duration) {
  return recorder::FormatDuration(duration);
}

}  // namespace witness::cli
