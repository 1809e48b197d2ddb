#include "witness/cli/run_command.h"

#include <sys/stat.h>

#include <chrono>
#include <cstdlib>

#include "witness/assertions/check.h"
#include "witness/cli/child_process.h"
#include "witness/cli/duration.h"
#include "witness/cli/hold.h"
#include "witness/cli/exit_code.h"
#include "witness/cli/private_temp_dir.h"
#include "witness/cli/update_request.h"
#include "witness/cli/usage_error.h"
#include "witness/fake/fault_rules.h"
#include "witness/recorder/format.h"
#include "witness/recorder/printable.h"
#include "witness/recorder/reader.h"

namespace witness::cli {
namespace {

std::string CommandLine(const std::vector<std::string>& command) {
  std::string line;
  for (const std::string& arg : command) {
    if (!line.empty()) line += " ";
    bool plain = !arg.empty() && arg.find_first_of(" \t\n'\"\\$`;&|<>()*?!#~") == std::string::npos;
    if (plain) {
      line += arg;
      continue;
    }
    // Quoted as a shell would need it, so the line can be pasted to rerun.
    line += "'";
    for (char c : arg) line += c == '\'' ? std::string("'\\''") : std::string(1, c);
    line += "'";
  }
  return line;
}

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

// "exited with status 1", "was killed by signal 9 (SIGKILL)", "was killed by
// signal 15 (SIGTERM) when its time was up (timeout 2s)": what follows "the
// command".
std::string Ended(const ChildResult& result,
                  const std::optional<std::chrono::milliseconds>& timeout) {
  std::string ended = (result.signal != 0 ? "was " : "") + result.Describe();
  if (result.timed_out && timeout) ended += " (timeout " + FormatDuration(*timeout) + ")";
  return ended;
}

// The tail of the output as report lines, raw: renderers escape what they
// write.
std::vector<std::string> TailLines(const ChildResult& result) {
  if (result.output_bytes == 0) return {"it wrote no output"};
  std::vector<std::string> lines = {"the last lines of its output:"};
  std::size_t start = 0;
  while (start < result.tail.size()) {
    std::size_t end = result.tail.find('\n', start);
    if (end == std::string::npos) end = result.tail.size();
    lines.push_back("  | " + result.tail.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string Quoted(const OutputExpectations::Result& expected) {
  return expected.regex ? "/" + expected.pattern + "/" : "\"" + expected.pattern + "\"";
}

// "contains \"rolled back\"", "matches /create '.*'/".
std::string OutputVerb(const OutputExpectations::Result& expected, bool found) {
  if (expected.regex) return (found ? "matches " : "does not match ") + Quoted(expected);
  return (found ? "contains " : "does not contain ") + Quoted(expected);
}

bool IsDefault(const ExitExpectation& expectation) {
  return !expectation.any_nonzero && expectation.status == 0;
}

// The command's outcome as checks of the report, so every format says what
// the exit code says: a run whose command failed is not reported as PASS.
void AddCommandChecks(const ExitExpectation& expect_exit, const ChildResult& result,
                      const std::string& ended, const std::string& command_line,
                      const OutputExpectations& output, assertions::Report& report) {
  using assertions::CheckKind;
  using assertions::CheckResult;
  bool failed = false;
  // The output's tail goes with the first failure only: the text report
  // shows the checks one under the other, and the output is the same.
  bool tail_given = false;
  auto add_tail = [&](std::vector<std::string>& failures) {
    if (tail_given) return;
    tail_given = true;
    for (std::string& line : TailLines(result)) failures.push_back(std::move(line));
  };
  CheckResult exit;
  exit.kind = CheckKind::kCommand;
  exit.name = "command exits " + std::string(expect_exit.any_nonzero ? "" : "with ") +
              expect_exit.Describe();
  exit.passed = expect_exit.Matches(result);
  if (exit.passed) {
    exit.finding = "the command " + ended + ", as expected";
  } else {
    failed = true;
    exit.failures = {"the command " + ended + ", expected " + expect_exit.Describe(),
                     "command: " + command_line};
    if (result.signal != 0 && !IsDefault(expect_exit)) {
      exit.failures.push_back(
          "a command killed by a signal did not exit, so no expected exit "
          "matches it");
    }
    add_tail(exit.failures);
  }
  report.checks.push_back(std::move(exit));
  for (const OutputExpectations::Result& expected : output.results()) {
    CheckResult check;
    check.kind = CheckKind::kCommand;
    check.name = "command output " + OutputVerb(expected, true);
    check.passed = expected.found;
    if (check.passed) {
      check.finding = "the command's output " + OutputVerb(expected, true);
    } else {
      failed = true;
      check.failures = {"the command's output " + OutputVerb(expected, false)};
      add_tail(check.failures);
    }
    report.checks.push_back(std::move(check));
  }
  if (failed && report.outcome == assertions::Outcome::kPass) {
    report.outcome = assertions::Outcome::kFail;
  }
}

// Puts the scenario's fault rules into the command's environment, and
// checks any other FLEETBOX_FAKE_FAULTS the command would see, so that a
// malformed rule stops the run before the command starts rather than at
// the helper's first backend call.
void AddFaults(const assertions::Scenario& scenario,
               std::vector<std::pair<std::string, std::string>>& environment) {
  const std::string variable = fake::kFaultsVariable;
  const char* source = nullptr;
  std::string value;
  for (const auto& [name, given] : environment) {
    if (name != variable) continue;
    if (!scenario.faults().empty()) {
      throw UsageError("--env cannot set " + variable + ": the scenario's 'faults' sets it");
    }
    source = "--env";
    value = given;
  }
  if (!scenario.faults().empty()) {
    environment.emplace_back(variable, fake::JoinFaultRules(scenario.faults()));
    return;
  }
  if (source == nullptr) {
    const char* inherited = std::getenv(variable.c_str());
    if (inherited == nullptr) return;
    source = "witness's environment";
    value = inherited;
  }
  try {
    fake::ParseFaultRules(value);
  } catch (const fake::FaultRuleError& e) {
    throw UsageError(variable + " (from " + source + "): " + e.what());
  }
}

}  // namespace

std::string RecorderNeverStartedMessage(const std::string& record_variable) {
  return "the recorder never started: is " + record_variable + " passed to the helper?";
}

int RunRunCommand(const RunCommandOptions& options, std::ostream& out, std::ostream& err) {
  // A bad scenario or expectation is reported before the command spends any
  // time.
  assertions::Scenario scenario = assertions::LoadScenario(options.scenario_file, options.vars);
  OutputExpectations expected_output(options.expect_output, options.expect_output_regex);
  for (const auto& [name, value] : options.environment) {
    if (name == scenario.record_variable()) {
      throw UsageError("--env cannot set " + name +
                       ": witness run sets it to the fresh record file it checks");
    }
  }

  std::vector<std::pair<std::string, std::string>> environment = options.environment;
  AddFaults(scenario, environment);

  PrivateTempDir dir("witness-run");
  const std::string record_file = dir.path() + "/record.jsonl";

  ChildOptions child;
  child.argv = options.command;
  child.environment = std::move(environment);
  child.environment.emplace_back(scenario.record_variable(), record_file);
  child.tail_lines = options.tail_lines;
  child.timeout = options.timeout;
  if (options.stream_output || !expected_output.empty()) {
    child.on_output = [&](std::string_view chunk) {
      if (options.stream_output) {
        out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        out.flush();
      }
      expected_output.Feed(chunk);
    };
  }
  const auto start = std::chrono::steady_clock::now();
  ChildResult result = RunChildProcess(child);
  expected_output.Finish();

  const std::string command_line = CommandLine(options.command);
  const std::string ended = Ended(result, options.timeout);
  bool failed = false;
  if (!options.expect_exit.Matches(result)) {
    failed = true;
    err << "witness: the command " << ended;
    // Status 0 goes without saying.
    if (!IsDefault(options.expect_exit)) err << ", expected " << options.expect_exit.Describe();
    err << ": " << command_line << "\n";
  } else if (!IsDefault(options.expect_exit)) {
    err << "witness: the command " << ended << ", as expected\n";
  }
  for (const OutputExpectations::Result& expected : expected_output.results()) {
    if (expected.found) continue;
    failed = true;
    err << "witness: the command's output " << recorder::Printable(OutputVerb(expected, false))
        << "\n";
  }
  // Once, whatever failed: the output is the same. Escaped, since it is
  // whatever the command wrote.
  if (failed && !options.stream_output) {
    std::vector<std::string> lines = TailLines(result);
    err << "witness: " << lines.front() << "\n";
    for (std::size_t i = 1; i < lines.size(); ++i) err << recorder::Printable(lines[i]) << "\n";
  }

  // The report is made even when nothing was recorded, so --output and
  // --junit files always exist and say what failed.
  recorder::Recording recording;
  bool recorder_started = true;
  std::string never_started_detail;
  if (!Exists(record_file)) {
    recorder_started = false;
    recording.files = {record_file};
    never_started_detail = "no record file was created";
  } else {
    recording = recorder::ReadRecordFile(record_file);
    std::size_t sessions = 0;
    for (const recorder::Record& record : recording.records) {
      if (record.Op() == recorder::ops::kSession) ++sessions;
    }
    if (recording.records.empty()) {
      recorder_started = false;
      never_started_detail = "the record file holds no record";
    } else if (sessions == 0) {
      // Writers older than session records (the Go reference fake) prove
      // they were alive by their records alone.
      err << "witness: note: no session record among " << recording.records.size()
          << " records: the writer predates session records\n";
    }
  }
  assertions::CheckOptions check;
  check.listing = options.annotate;
  assertions::Report report = assertions::Check(scenario, recording, check);
  if (options.hold && recorder_started && report.passed()) {
    HoldOptions hold;
    hold.annotate = options.annotate;
    const auto held_from = std::chrono::steady_clock::now();
    if (auto broken = HoldScenario(scenario, {record_file}, *options.hold, hold)) {
      err << "witness: the scenario held for "
          << FormatDuration(std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::steady_clock::now() - held_from))
          << " after the command exited, then stopped holding\n";
      report = std::move(broken->report);
      recording = std::move(broken->recording);
    }
  }
  // Said only when the scenario itself failed (the command's part was said
  // above), but counted over the whole report, as its summary line counts.
  const bool scenario_failed = !report.passed();
  if (recorder_started) {
    ProposeUpdate(options.update, options.scenario_file, options.vars, recording, report, err);
  }
  AddCommandChecks(options.expect_exit, result, ended, command_line, expected_output, report);
  const std::string scenario_verdict = scenario_failed ? VerdictLine(report) : "";
  report.duration_ms = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                            start)
          .count());
  DeliverReport(report, options.output, out, &recording);
  // After the report, among the last lines a reader sees. A recorder that
  // never started is the one thing to fix, and the run knows more about it
  // than the scenario does (was the file created at all?): said alone.
  if (!recorder_started) {
    failed = true;
    err << "witness: " << RecorderNeverStartedMessage(scenario.record_variable()) << " ("
        << never_started_detail << ")\n";
  } else if (!scenario_verdict.empty()) {
    failed = true;
    err << "witness: " << scenario_verdict << "\n";
  }

  if (failed) {
    // An empty directory would be kept for nothing.
    if (Exists(record_file)) {
      dir.Keep();
      err << "witness: kept the record file: " << record_file << "\n";
    }
    return kExitFailed;
  }
  if (options.keep) {
    dir.Keep();
    err << "witness: kept the record file: " << record_file << "\n";
  }
  return kExitPass;
}

}  // namespace witness::cli
