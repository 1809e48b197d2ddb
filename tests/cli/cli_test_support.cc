#include "cli_test_support.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <system_error>

extern char** environ;

namespace witness::cli::testing {

std::string WitnessBinary() { return WITNESS_BINARY; }

std::string CliTestData(const std::string& name) {
  return std::string(WITNESS_TESTDATA_DIR) + "/cli/" + name;
}

std::string HtmlTestData(const std::string& name) {
  return std::string(WITNESS_TESTDATA_DIR) + "/html/" + name;
}

std::size_t CountOccurrences(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

std::string TestRecorder() { return WITNESS_CLI_TEST_RECORDER; }

JunitStructure ReadJunitStructure(const std::string& path) {
  ScratchDir scratch;
  std::string out = scratch.File("structure.json");
  std::string err = scratch.File("structure.err");
  std::string command = std::string("'") + WITNESS_PYTHON3 + "' '" + WITNESS_JUNIT_STRUCTURE +
                        "' '" + path + "' >'" + out + "' 2>'" + err + "'";
  JunitStructure structure;
  if (std::system(command.c_str()) != 0) {
    structure.error = ReadTextFile(err);
    return structure;
  }
  nlohmann::json doc = nlohmann::json::parse(ReadTextFile(out));
  structure.parsed = true;
  structure.root = doc["root"];
  for (const auto& suite : doc["suites"]) {
    JunitSuite s;
    s.name = suite["name"].is_string() ? suite["name"].get<std::string>() : "";
    s.tests_attr = suite["tests_attr"];
    s.failures_attr = suite["failures_attr"];
    s.testcases = suite["testcases"];
    s.unnamed_testcases = suite["unnamed_testcases"];
    s.failure_elements = suite["failure_elements"];
    s.error_elements = suite["error_elements"];
    for (const auto& name : suite["failed_cases"]) {
      s.failed_cases.push_back(name.is_string() ? name.get<std::string>() : "");
    }
    structure.suites.push_back(std::move(s));
  }
  return structure;
}

void WriteTextFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool FileExists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

RunningWitness::RunningWitness(const std::vector<std::string>& args, const Environment& env,
                               const std::string& scratch_dir) {
  static std::atomic<int> counter{0};
  int n = counter++;
  out_path_ = scratch_dir + "/witness-stdout-" + std::to_string(n);
  err_path_ = scratch_dir + "/witness-stderr-" + std::to_string(n);

  std::vector<std::string> argv_strings = {WitnessBinary()};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);

  std::map<std::string, std::string> environment;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    std::size_t eq = entry.find('=');
    environment[entry.substr(0, eq)] = eq == std::string::npos ? "" : entry.substr(eq + 1);
  }
  for (const auto& [key, value] : env) {
    if (!key.empty()) environment[key] = value;
  }
  std::vector<std::string> env_strings;
  for (const auto& [key, value] : environment) env_strings.push_back(key + "=" + value);
  std::vector<char*> envp;
  for (std::string& entry : env_strings) envp.push_back(entry.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path_.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path_.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  int error = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) {
    pid_ = -1;
    throw std::runtime_error("cannot start " + WitnessBinary() + ": " + strerror(error));
  }
}

RunningWitness::~RunningWitness() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    int status;
    waitpid(pid_, &status, 0);
  }
}

RunResult RunningWitness::Wait() {
  RunResult result;
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error(std::string("waitpid: ") + strerror(errno));
  }
  pid_ = -1;
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  result.out = ReadTextFile(out_path_);
  result.err = ReadTextFile(err_path_);
  unlink(out_path_.c_str());
  unlink(err_path_.c_str());
  return result;
}

RunResult RunWitness(const std::vector<std::string>& args, const Environment& env) {
  ScratchDir scratch;
  RunningWitness witness(args, env, scratch.path());
  return witness.Wait();
}

}  // namespace witness::cli::testing
