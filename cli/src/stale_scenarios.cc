#include "witness/cli/stale_scenarios.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <system_error>
#include <vector>

#include "witness/cli/output_file.h"
#include "witness/cli/private_temp_dir.h"
#include "witness/cli/usage_error.h"
#include "witness/recorder/internal/system_reason.h"

extern char** environ;

namespace witness::cli {
namespace {

namespace fs = std::filesystem;

bool HasScenarioExtension(const fs::path& path) {
  const std::string extension = path.extension().string();
  return extension == ".yaml" || extension == ".yml";
}

// A top-level `scenario:` key, as every scenario file starts its mapping
// with one somewhere at column 0. Read line by line rather than as YAML: a
// file that does not parse is still a scenario someone left, and the
// command does not link the YAML parser.
bool LooksLikeScenario(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  while (std::getline(in, line)) {
    if (line.compare(0, 9, "scenario:") == 0) return true;
  }
  return false;
}

std::string Canonical(const fs::path& path) {
  std::error_code error;
  const fs::path canonical = fs::weakly_canonical(path, error);
  return (error ? path.lexically_normal() : canonical).generic_string();
}

// `ctest --test-dir BUILD --show-only=json-v1`'s standard output. Run with
// posix_spawnp and its two streams kept apart in files: a CMake warning on
// stderr must not end up inside the JSON.
std::string CtestTestList(const std::string& build_dir) {
  PrivateTempDir scratch("witness-review");
  const std::string out_path = scratch.path() + "/tests.json";
  const std::string err_path = scratch.path() + "/ctest.err";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  std::vector<std::string> args = {"ctest", "--test-dir", build_dir, "--show-only=json-v1"};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int spawn_error = posix_spawnp(&pid, "ctest", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawn_error != 0) {
    throw UsageError("cannot run 'ctest' to list the tests of '" + build_dir +
                     "': " + recorder::internal::SystemReason(spawn_error));
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      throw UsageError("cannot wait for 'ctest': " + recorder::internal::SystemReason(errno));
    }
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string reason = ReadWholeFile(err_path).value_or("");
    const std::size_t newline = reason.find('\n');
    if (newline != std::string::npos) reason.resize(newline);
    throw UsageError("cannot list the tests of '" + build_dir + "': ctest failed" +
                     (reason.empty() ? "" : " (" + reason + ")"));
  }
  return ReadWholeFile(out_path).value_or("");
}

void AddIfScenarioPath(const std::string& argument, const fs::path& working_dir,
                       std::set<std::string>& named) {
  // An option's value may come glued to it: --scenario=a.yaml.
  const std::size_t equals = argument.rfind('=');
  const std::string value = equals == std::string::npos ? argument : argument.substr(equals + 1);
  const fs::path path(value);
  if (value.empty() || !HasScenarioExtension(path)) return;
  named.insert(Canonical(path.is_absolute() ? path : working_dir / path));
}

}  // namespace

std::vector<std::string> ScenarioFilesIn(const std::string& dir) {
  std::error_code error;
  if (!fs::is_directory(dir, error)) {
    throw UsageError("'" + dir + "' is not a folder");
  }
  std::vector<std::string> files;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, error);
  for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    std::error_code type_error;
    if (it->is_regular_file(type_error) && HasScenarioExtension(it->path()) &&
        LooksLikeScenario(it->path())) {
      const std::string text = it->path().lexically_normal().generic_string();
      files.push_back(text);
    }
  }
  if (error) {
    throw UsageError("cannot read folder '" + dir +
                     "': " + recorder::internal::SystemReason(error.value()));
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::set<std::string> ScenariosNamedByTests(const std::string& build_dir) {
  // ctest reports "no tests" for any folder; only a build folder has a list.
  std::error_code error;
  if (!fs::is_regular_file(fs::path(build_dir) / "CTestTestfile.cmake", error)) {
    throw UsageError("cannot list the tests of '" + build_dir +
                     "': it is not a build folder with CTest tests (no CTestTestfile.cmake)");
  }
  const std::string text = CtestTestList(build_dir);
  nlohmann::json list = nlohmann::json::parse(text, nullptr, false);
  if (list.is_discarded() || !list.is_object() || !list.contains("tests") ||
      !list["tests"].is_array()) {
    throw UsageError("cannot read the test list ctest gave for '" + build_dir +
                     "': not the json-v1 format");
  }
  std::set<std::string> named;
  for (const nlohmann::json& test : list["tests"]) {
    if (!test.is_object() || !test.contains("command") || !test["command"].is_array()) continue;
    fs::path working_dir = build_dir;
    if (test.contains("properties") && test["properties"].is_array()) {
      for (const nlohmann::json& property : test["properties"]) {
        if (property.is_object() && property.value("name", "") == "WORKING_DIRECTORY" &&
            property.contains("value") && property["value"].is_string()) {
          working_dir = property["value"].get<std::string>();
        }
      }
    }
    for (const nlohmann::json& argument : test["command"]) {
      if (argument.is_string()) AddIfScenarioPath(argument.get<std::string>(), working_dir, named);
    }
  }
  return named;
}

bool IsNamedByTests(const std::string& scenario_file, const std::set<std::string>& named) {
  return named.count(Canonical(scenario_file)) != 0;
}

}  // namespace witness::cli
