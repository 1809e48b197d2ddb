#include "witness/cli/run_command.h"

#include <sys/stat.h>

#include "witness/assertions/check.h"
#include "witness/cli/child_process.h"
#include "witness/cli/duration.h"
#include "witness/cli/exit_code.h"
#include "witness/cli/private_temp_dir.h"
#include "witness/recorder/format.h"
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

}  // namespace

std::string RecorderNeverStartedMessage(const std::string& record_variable) {
  return "the recorder never started: is " + record_variable + " passed to the helper?";
}

int RunRunCommand(const RunCommandOptions& options, std::ostream& out, std::ostream& err) {
  // A bad scenario is reported before the command spends any time.
  assertions::Scenario scenario = assertions::LoadScenario(options.scenario_file, options.vars);

  PrivateTempDir dir("witness-run");
  const std::string record_file = dir.path() + "/record.jsonl";

  ChildOptions child;
  child.argv = options.command;
  child.environment = {{scenario.record_variable(), record_file}};
  child.tail_lines = options.tail_lines;
  child.timeout = options.timeout;
  if (options.stream_output) {
    child.on_output = [&out](std::string_view chunk) {
      out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      out.flush();
    };
  }
  ChildResult result = RunChildProcess(child);

  bool failed = false;
  if (!result.Succeeded()) {
    failed = true;
    err << "witness: the command " << result.Describe();
    if (result.timed_out && options.timeout) {
      err << " (timeout " << FormatDuration(*options.timeout) << ")";
    }
    err << ": " << CommandLine(options.command) << "\n";
    if (!options.stream_output) {
      if (result.output_bytes == 0) {
        err << "witness: it wrote no output\n";
      } else {
        err << "witness: the last lines of its output:\n";
        std::string tail = result.tail;
        if (!tail.empty() && tail.back() != '\n') tail += "\n";
        std::size_t start = 0;
        while (start < tail.size()) {
          std::size_t end = tail.find('\n', start);
          err << "  | " << tail.substr(start, end - start) << "\n";
          start = end + 1;
        }
      }
    }
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
  DeliverReport(report, options.output, out);
  if (!report.passed()) {
    failed = true;
    err << "witness: " << VerdictLine(report) << "\n";
  }
  // After the report, among the last lines a reader sees: nothing else
  // matters until this is fixed.
  if (!recorder_started) {
    failed = true;
    err << "witness: " << RecorderNeverStartedMessage(scenario.record_variable()) << " ("
        << never_started_detail << ")\n";
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
