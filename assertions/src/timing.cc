#include "internal/timing.h"

#include <cstdio>
#include <string>

namespace witness::assertions::internal {

std::optional<std::int64_t> NanosecondsBetween(const recorder::Record& a,
                                               const recorder::Record& b) {
  const std::optional<std::int64_t> from = a.TsNs();
  const std::optional<std::int64_t> to = b.TsNs();
  if (!from || !to) return std::nullopt;
  return *to - *from;
}

std::string SpanText(std::int64_t ns) {
  if (ns < 0) return "-" + SpanText(-ns);
  char text[64];
  const std::int64_t ms = ns / 1000000;
  if (ms < 1000) {
    if (ns > 0 && ms == 0) {
      std::snprintf(text, sizeof text, "%lld us", static_cast<long long>(ns / 1000));
    } else {
      std::snprintf(text, sizeof text, "%lld ms", static_cast<long long>(ms));
    }
    return text;
  }
  const std::int64_t tenths = (ms + 50) / 100;
  if (tenths < 600) {
    if (tenths % 10 == 0) {
      std::snprintf(text, sizeof text, "%lld s", static_cast<long long>(tenths / 10));
    } else {
      std::snprintf(text, sizeof text, "%lld.%lld s", static_cast<long long>(tenths / 10),
                    static_cast<long long>(tenths % 10));
    }
    return text;
  }
  const std::int64_t seconds = (ms + 500) / 1000;
  std::snprintf(text, sizeof text, "%lld m %lld s", static_cast<long long>(seconds / 60),
                static_cast<long long>(seconds % 60));
  return text;
}

std::string NoTimestampReason(const std::string& what, const recorder::Record& record) {
  return what + " needs timestamps, and " + record.where().ToString() +
         " has no ts_ns (recordings by the Go reference carry none)";
}

}  // namespace witness::assertions::internal
