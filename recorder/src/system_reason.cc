#include "witness/recorder/internal/system_reason.h"

#include <cstring>

namespace witness::recorder::internal {

std::string SystemReason(int error_number) {
  char buffer[256];
  // GNU strerror_r returns the message, which may or may not be `buffer`.
  std::string reason = strerror_r(error_number, buffer, sizeof buffer);
  if (!reason.empty() && reason[0] >= 'A' && reason[0] <= 'Z' &&
      !(reason.size() > 1 && reason[1] >= 'A' && reason[1] <= 'Z') &&
      !(reason.size() > 1 && reason[1] == '/')) {
    reason[0] = static_cast<char>(reason[0] - 'A' + 'a');
  }
  return reason;
}

}  // namespace witness::recorder::internal
