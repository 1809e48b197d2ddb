// The `witness` command: argument parsing only. Each subcommand fills an
// options struct and calls its Run*Command function in witness_cli_lib.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cctype>
#include <iostream>
#include <string>
#include <vector>

#include "witness/assertions/scenario_error.h"
#include "witness/cli/check_command.h"
#include "witness/cli/child_process.h"
#include "witness/cli/duration.h"
#include "witness/cli/exit_code.h"
#include "witness/cli/private_temp_dir.h"
#include "witness/cli/run_command.h"
#include "witness/cli/show_command.h"
#include "witness/cli/snapshot_command.h"
#include "witness/cli/terminal.h"
#include "witness/cli/usage_error.h"
#include "witness/cli/variables.h"
#include "witness/recorder/reader.h"

namespace {

using namespace witness::cli;  // NOLINT(build/namespaces): one file, one namespace

constexpr const char* kExitCodes =
    "Exit codes: 0 the scenario holds, 1 it failed or is unverifiable, 2 usage or input error.";

// Options shared by check and run, as the user typed them.
struct ReportFlags {
  std::vector<std::string> vars;
  std::string format = "text";
  std::string output;
  std::string junit;
  std::string color = "auto";
  bool annotate = false;
  bool verbose = false;
};

void AddReportFlags(CLI::App* command, ReportFlags& flags) {
  command->add_option("--var", flags.vars, "Set scenario variable ${NAME} (repeatable)")
      ->type_name("NAME=VALUE")
      ->allow_extra_args(false);
  command->add_option("--format", flags.format, "Report format")
      ->check(CLI::IsMember({"text", "json", "junit"}))
      ->capture_default_str();
  command
      ->add_option("--output", flags.output,
                   "Write the report to FILE (stdout then gets the text report)")
      ->type_name("FILE");
  command->add_option("--junit", flags.junit, "Also write a JUnit XML report to FILE")
      ->type_name("FILE");
  command->add_flag("--annotate", flags.annotate,
                    "Print the recording with the expectation that claimed each line");
  command->add_flag("-v,--verbose", flags.verbose, "Also list what passed");
  command->add_option("--color", flags.color, "Colour the text report")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
}

ReportOutputOptions ToOutputOptions(const ReportFlags& flags) {
  ReportOutputOptions output;
  output.format = ParseReportFormat(flags.format);
  if (!flags.output.empty()) output.output_file = flags.output;
  if (!flags.junit.empty()) output.junit_file = flags.junit;
  output.color = ShouldColor(ParseColorMode(flags.color), STDOUT_FILENO);
  output.verbose = flags.verbose;
  return output;
}

// CLI11 writes sentences ("The following argument was not expected");
// Witness's messages are lower case.
std::string LowerFirst(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

int Fail(const std::string& message) {
  std::cerr << "witness: " << message << "\n";
  return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Witness checks what a program asked its backend to do: it reads the record\n"
      "files a fake or recording backend wrote and checks them against YAML scenarios.",
      "witness"};
  app.set_version_flag("--version", std::string("witness ") + WITNESS_VERSION);
  app.require_subcommand(1);
  app.footer(std::string("Run 'witness COMMAND --help' for a command's options and an example.\n") +
             kExitCodes);

  // check
  CheckCommandOptions check;
  ReportFlags check_flags;
  std::string wait;
  CLI::App* check_command = app.add_subcommand("check", "Check record files against a scenario");
  check_command->add_option("scenario", check.scenario_file, "Scenario file (YAML)")
      ->required()
      ->type_name("SCENARIO.yaml");
  check_command->add_option("records", check.record_files, "Record files (shards are merged)")
      ->required()
      ->type_name("RECORD.jsonl...");
  AddReportFlags(check_command, check_flags);
  check_command
      ->add_option("--wait", wait,
                   "Keep watching the files until the scenario holds or DURATION "
                   "has passed (e.g. 500ms, 10s, 2m)")
      ->type_name("DURATION");
  check_command->add_flag("--poll", check.polling_only,
                          "Watch by polling instead of inotify (network filesystems)");
  check_command->footer(std::string("Example:\n"
                                    "  witness check solo.yaml record.jsonl --var home=$HOME\n"
                                    "  witness check solo.yaml record.jsonl --wait 30s "
                                    "--format junit --output report.xml\n") +
                        kExitCodes);

  // run
  RunCommandOptions run;
  ReportFlags run_flags;
  std::string timeout;
  CLI::App* run_command = app.add_subcommand(
      "run", "Run a command with a fresh record file, then check what it recorded");
  run_command->add_option("scenario", run.scenario_file, "Scenario file (YAML)")
      ->required()
      ->type_name("SCENARIO.yaml");
  run_command->add_option("command", run.command, "The command to run, after --")
      ->required()
      ->type_name("-- COMMAND [ARGS...]");
  AddReportFlags(run_command, run_flags);
  run_command->add_flag("--keep", run.keep, "Keep the record file after a pass too");
  run_command
      ->add_option("--timeout", timeout, "Stop the command (SIGTERM, then SIGKILL) after DURATION")
      ->type_name("DURATION");
  run_command
      ->add_option("--tail", run.tail_lines, "Lines of the command's output shown when it fails")
      ->capture_default_str();
  run_command->add_flag("--stream", run.stream_output,
                        "Pass the command's output through as it runs");
  run_command->footer(std::string("The record file is made in a private temporary directory and "
                                  "exported under the\nscenario's record_variable (default "
                                  "FLEETBOX_FAKE_RECORD). It is kept, and its path\nprinted, when "
                                  "the run fails.\n\nExample:\n"
                                  "  witness run solo.yaml --var home=/tmp/fb -- ./client up "
                                  "--members solo\n") +
                      kExitCodes);

  // show
  ShowCommandOptions show;
  std::string show_format = "text";
  std::string show_color = "auto";
  std::string member;
  CLI::App* show_command =
      app.add_subcommand("show", "Print record files as a timeline per member");
  show_command->add_option("records", show.record_files, "Record files (shards are merged)")
      ->required()
      ->type_name("RECORD.jsonl...");
  show_command->add_option("--member", member, "Only this member's records")->type_name("NAME");
  show_command->add_option("--format", show_format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  show_command->add_option("--color", show_color, "Colour the timeline")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  show_command->footer(
      "Colour is used only on a terminal, and never when NO_COLOR is set.\n\nExample:\n"
      "  witness show record.jsonl --member web-1\n"
      "Exit codes: 0 shown, 2 usage or input error.");

  // snapshot
  SnapshotCommandOptions snapshot;
  std::string snapshot_output;
  std::string snapshot_name;
  CLI::App* snapshot_command = app.add_subcommand(
      "snapshot", "Write a scenario that a recording satisfies, volatile values redacted");
  snapshot_command->add_option("records", snapshot.record_files, "Record file(s)")
      ->required()
      ->type_name("RECORD.jsonl");
  snapshot_command
      ->add_option("--var-from-env", snapshot.env_variables,
                   "Write paths under the value of environment variable NAME as "
                   "${env:NAME} (repeatable)")
      ->type_name("NAME")
      ->allow_extra_args(false);
  snapshot_command->add_option("--output", snapshot_output, "Write the scenario to FILE")
      ->type_name("FILE");
  snapshot_command->add_option("--name", snapshot_name,
                               "Scenario name (default: the record file's name)");
  snapshot_command->footer(
      "Example:\n"
      "  FLEETBOX_HOME=/tmp/fb witness snapshot record.jsonl --var-from-env FLEETBOX_HOME "
      "--output solo.yaml\n"
      "Exit codes: 0 written, 2 usage or input error.");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);
    std::string where = "witness";
    for (const CLI::App* sub : app.get_subcommands()) where += " " + sub->get_name();
    return Fail(LowerFirst(e.what()) + " (see '" + where + " --help')");
  }

  try {
    if (check_command->parsed()) {
      check.vars = ParseVariables(check_flags.vars);
      check.output = ToOutputOptions(check_flags);
      check.annotate = check_flags.annotate;
      if (!wait.empty()) check.wait = ParseDuration(wait);
      return RunCheckCommand(check, std::cout, std::cerr);
    }
    if (run_command->parsed()) {
      run.vars = ParseVariables(run_flags.vars);
      run.output = ToOutputOptions(run_flags);
      run.annotate = run_flags.annotate;
      if (!timeout.empty()) run.timeout = ParseDuration(timeout);
      return RunRunCommand(run, std::cout, std::cerr);
    }
    if (show_command->parsed()) {
      show.format = ParseShowFormat(show_format);
      show.color = ShouldColor(ParseColorMode(show_color), STDOUT_FILENO);
      if (!member.empty()) show.member = member;
      return RunShowCommand(show, std::cout);
    }
    if (snapshot_command->parsed()) {
      if (!snapshot_output.empty()) snapshot.output_file = snapshot_output;
      if (!snapshot_name.empty()) snapshot.name = snapshot_name;
      return RunSnapshotCommand(snapshot, std::cout, std::cerr);
    }
  } catch (const witness::assertions::ScenarioError& e) {
    return Fail(e.what());
  } catch (const witness::recorder::RecordFileError& e) {
    return Fail(e.what());
  } catch (const UsageError& e) {
    return Fail(e.what());
  } catch (const ChildProcessError& e) {
    return Fail(e.what());
  } catch (const TempDirError& e) {
    return Fail(e.what());
  } catch (const std::exception& e) {
    return Fail(std::string("internal error: ") + e.what());
  }
  return Fail("no command given (see 'witness --help')");
}
