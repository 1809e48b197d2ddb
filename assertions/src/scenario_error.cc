#include "witness/assertions/scenario_error.h"

#include <string>
#include <utility>

namespace witness::assertions {
namespace {

std::string Compose(const std::string& file, std::size_t line, std::size_t column,
                    const std::string& message) {
  if (line == 0) return file + ": " + message;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

}  // namespace

ScenarioError::ScenarioError(std::string file, std::size_t line, std::size_t column,
                             std::string message)
    : Error(Compose(file, line, column, message)),
      file_(std::move(file)),
      line_(line),
      column_(column),
      message_(std::move(message)) {}

}  // namespace witness::assertions
