// The error thrown when a scenario file cannot be loaded: it does not parse,
// breaks the language's rules, or exceeds a limit.
//
//   try {
//     Scenario s = LoadScenario("cluster.yaml");
//   } catch (const ScenarioError& e) {
//     std::cerr << e.what() << "\n";  // "cluster.yaml:12:7: unknown matcher 'regexp'"
//   }
#ifndef WITNESS_ASSERTIONS_SCENARIO_ERROR_H_
#define WITNESS_ASSERTIONS_SCENARIO_ERROR_H_

#include <cstddef>
#include <stdexcept>
#include <string>

#include "witness/recorder/error.h"

namespace witness::assertions {

// A scenario that could not be loaded. Unmet expectations are never thrown:
// they are data in a Report. what() is "file:line:column: message", or
// "file: message" when no position applies (the file cannot be opened).
class ScenarioError : public Error {
 public:
  ScenarioError(std::string file, std::size_t line, std::size_t column, std::string message);

  // The scenario's path, or the name given to ParseScenario.
  const std::string& file() const noexcept { return file_; }
  // 1-based; 0 when the error has no position.
  std::size_t line() const noexcept { return line_; }
  // 1-based; 0 when the error has no position.
  std::size_t column() const noexcept { return column_; }
  // The message without the position prefix.
  const std::string& message() const noexcept { return message_; }

 private:
  std::string file_;
  std::size_t line_;
  std::size_t column_;
  std::string message_;
};

}  // namespace witness::assertions

#endif  // WITNESS_ASSERTIONS_SCENARIO_ERROR_H_
