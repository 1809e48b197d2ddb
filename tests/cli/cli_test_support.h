// Helpers for tests that drive the built `witness` binary: run it with
// arguments and extra environment, capture stdout, stderr and the exit code,
// and manage a scratch directory.
#ifndef WITNESS_TESTS_CLI_CLI_TEST_SUPPORT_H_
#define WITNESS_TESTS_CLI_CLI_TEST_SUPPORT_H_

#include <sys/types.h>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>
#include "witness_test/temp_dir.h"

namespace witness::cli::testing {

// What one run of the binary did.
struct RunResult {
  int exit_code = -1;  // -1 when it was killed by a signal
  int signal = 0;
  std::string out;
  std::string err;
};

using Environment = std::vector<std::pair<std::string, std::string>>;

// A started `witness` whose output goes to files until Wait() collects it.
class RunningWitness {
 public:
  RunningWitness(const std::vector<std::string>& args, const Environment& env,
                 const std::string& scratch_dir);
  RunningWitness(const RunningWitness&) = delete;
  RunningWitness& operator=(const RunningWitness&) = delete;
  ~RunningWitness();
  RunResult Wait();

 private:
  pid_t pid_ = -1;
  std::string out_path_;
  std::string err_path_;
};

// Runs the binary to completion. `env` entries are added to (or replace
// those of) this process's environment; an entry with an empty name removes
// nothing and is ignored.
RunResult RunWitness(const std::vector<std::string>& args, const Environment& env = {});

// The path of the binary under test.
std::string WitnessBinary();

// A private temporary directory, removed with its contents (tests/support).
using ScratchDir = test_support::TempDir;

void WriteTextFile(const std::string& path, const std::string& content);
std::string ReadTextFile(const std::string& path);
bool FileExists(const std::string& path);
// WITNESS_TESTDATA_DIR/cli/name.
std::string CliTestData(const std::string& name);
// WITNESS_TESTDATA_DIR/html/name: recordings for the HTML report.
std::string HtmlTestData(const std::string& name);
// How many times `needle` occurs in `text`, not overlapping.
std::size_t CountOccurrences(const std::string& text, const std::string& needle);
// The stand-in helper program (cli_test_recorder.cc).
std::string TestRecorder();

// The structure of a JUnit XML file, read by junit_structure.py with
// python's XML parser: what a JUnit consumer would see.
struct JunitSuite {
  std::string name;
  int tests_attr = -1;
  int failures_attr = -1;
  int testcases = 0;
  int unnamed_testcases = 0;
  int failure_elements = 0;
  int error_elements = 0;
  std::vector<std::string> failed_cases;
};
struct JunitStructure {
  bool parsed = false;  // false: not well-formed XML or not JUnit-shaped
  std::string error;    // the parser's complaint when !parsed
  std::string root;
  std::vector<JunitSuite> suites;
};
JunitStructure ReadJunitStructure(const std::string& path);

}  // namespace witness::cli::testing

#endif  // WITNESS_TESTS_CLI_CLI_TEST_SUPPORT_H_
