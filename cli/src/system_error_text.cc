#include "witness/cli/internal/system_error_text.h"

#include <string.h>

#include <cctype>

namespace witness::cli::internal {

std::string SystemErrorText(int error_number) {
  char buffer[256];
  // GNU strerror_r returns the message, in `buffer` or a static string.
  std::string text = strerror_r(error_number, buffer, sizeof buffer);
  bool acronym = text.size() > 1 && std::isupper(static_cast<unsigned char>(text[1]));
  if (!text.empty() && !acronym) {
    text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  }
  return text;
}

}  // namespace witness::cli::internal
