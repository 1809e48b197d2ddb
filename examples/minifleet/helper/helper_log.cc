#include "helper_log.h"

#include <unistd.h>

#include <string>

namespace minifleet::helper {

void Log(std::string_view message) noexcept {
  try {
    std::string line = "minifleet-helper[" + std::to_string(::getpid()) + "]: ";
    line.append(message);
    line.push_back('\n');
    ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
    (void)ignored;  // stderr is gone: nothing better to do
  } catch (...) {
    // Out of memory while logging: drop the line.
  }
}

}  // namespace minifleet::helper
