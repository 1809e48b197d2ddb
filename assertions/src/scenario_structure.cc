#include "witness/assertions/scenario_structure.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "internal/loader.h"

namespace witness::assertions {
namespace {

// The names of ${env:NAME} references the text holds that are unset here,
// each with a placeholder value that cannot be mistaken for a real path.
std::map<std::string, std::string> StandInEnvironment(const std::string& text) {
  std::map<std::string, std::string> environment;
  static constexpr char kOpen[] = "${env:";
  for (std::size_t at = text.find(kOpen); at != std::string::npos; at = text.find(kOpen, at + 1)) {
    const std::size_t begin = at + sizeof(kOpen) - 1;
    const std::size_t close = text.find('}', begin);
    if (close == std::string::npos) break;
    const std::string name = text.substr(begin, close - begin);
    if (std::getenv(name.c_str()) == nullptr) environment[name] = "<unset:" + name + ">";
  }
  return environment;
}

}  // namespace

Scenario LoadScenarioStructure(const std::string& path, const Variables& vars) {
  // LoadScenario words every failure to read (a folder, a missing file, one
  // too large) and throws it.
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) return LoadScenario(path, vars);
  std::ifstream in(path, std::ios::binary);
  if (!in) return LoadScenario(path, vars);
  std::string text;
  char buffer[64 * 1024];
  while (in) {
    in.read(buffer, sizeof(buffer));
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxScenarioBytes) return LoadScenario(path, vars);
  }
  if (in.bad()) return LoadScenario(path, vars);
  return internal::ParseScenarioWithEnvironment(text, path, vars, StandInEnvironment(text));
}

}  // namespace witness::assertions
