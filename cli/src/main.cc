// The `witness` command: argument parsing only. Each subcommand fills an
// options struct and calls its Run*Command function in witness_cli_lib.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "witness/assertions/recording_diff.h"
#include "witness/assertions/render.h"
#include "witness/assertions/scenario.h"
#include "witness/assertions/scenario_error.h"
#include "witness/cli/check_command.h"
#include "witness/cli/child_process.h"
#include "witness/cli/command_expectations.h"
#include "witness/cli/diff_command.h"
#include "witness/cli/duration.h"
#include "witness/cli/exit_code.h"
#include "witness/cli/man_page.h"
#include "witness/cli/private_temp_dir.h"
#include "witness/cli/report_command.h"
#include "witness/cli/review_command.h"
#include "witness/cli/run_command.h"
#include "witness/cli/shell_completion.h"
#include "witness/cli/show_command.h"
#include "witness/cli/snapshot_command.h"
#include "witness/cli/terminal.h"
#include "witness/cli/update_request.h"
#include "witness/cli/usage_error.h"
#include "witness/cli/variables.h"
#include "witness/recorder/format.h"
#include "witness/recorder/printable.h"
#include "witness/recorder/reader.h"

namespace witness::cli {
namespace {

constexpr const char* kExitCodes =
    "Exit codes: 0 the scenario holds, 1 it failed or is unverifiable, 2 usage or input error.";

// Options shared by check and run, as the user typed them.
struct ReportFlags {
  std::vector<std::string> vars;
  std::string format = "text";
  std::string output;
  std::string junit;
  std::string json;
  std::string html;
  std::string summary;
  std::string color = "auto";
  bool annotate = false;
  bool verbose = false;
  std::string update;
  std::string pending_dir;
};

void AddReportFlags(CLI::App* command, ReportFlags& flags) {
  command->add_option("--var", flags.vars, "Set scenario variable ${NAME} (repeatable)")
      ->type_name("NAME=VALUE")
      ->allow_extra_args(false);
  command->add_option("--format", flags.format, "Report format")
      ->check(CLI::IsMember(
          std::vector<std::string>(std::begin(kReportFormatNames), std::end(kReportFormatNames))))
      ->capture_default_str();
  command
      ->add_option("--output", flags.output,
                   "Write the report to FILE (stdout then gets the text report)")
      ->type_name("FILE");
  command->add_option("--junit", flags.junit, "Also write a JUnit XML report to FILE")
      ->type_name("FILE");
  command
      ->add_option("--json", flags.json, "Also write a JSON report to FILE (for 'witness report')")
      ->type_name("FILE");
  command->add_option("--html", flags.html, "Also write an HTML report to FILE")
      ->type_name("FILE");
  command
      ->add_option("--summary", flags.summary,
                   "Append a Markdown summary to FILE (with --format github, default "
                   "$GITHUB_STEP_SUMMARY when set)")
      ->type_name("FILE");
  command->add_flag("--annotate", flags.annotate,
                    "Print the recording with the expectation that claimed each line");
  command->add_flag("-v,--verbose", flags.verbose, "Also list what passed");
  command
      ->add_flag("--update{auto}", flags.update,
                 "When the scenario fails, write SCENARIO.yaml.new changed where the recording "
                 "contradicts it (not under CI unless --update=always)")
      ->type_name("[always]")
      ->check(CLI::IsMember({"auto", "always"}));
  command
      ->add_option("--pending-dir", flags.pending_dir,
                   "With --update: write pending scenarios under DIR (mirroring their paths), "
                   "under CI too, for 'witness review --from DIR'")
      ->type_name("DIR");
  command->add_option("--color", flags.color, "Colour the text report")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
}

// The environment a CI format reads: GitHub's and GitLab's checkout, and
// GitHub's step summary.
std::string EnvOr(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

ReportOutputOptions ToOutputOptions(const ReportFlags& flags) {
  ReportOutputOptions output;
  output.format = ParseReportFormat(flags.format);
  if (!flags.output.empty()) output.output_file = flags.output;
  if (!flags.junit.empty()) output.junit_file = flags.junit;
  if (!flags.json.empty()) output.json_file = flags.json;
  if (!flags.html.empty()) output.html_file = flags.html;
  // Only a run that asked for GitHub's format writes to GitHub's summary
  // unasked: witness also runs inside test suites that run inside Actions.
  const std::string summary = output.format == ReportFormat::kGithub && flags.summary.empty()
                                  ? EnvOr("GITHUB_STEP_SUMMARY", "")
                                  : flags.summary;
  if (!summary.empty()) output.summary_file = summary;
  std::error_code error;
  const std::string cwd = std::filesystem::current_path(error).string();
  output.ci.working_directory = cwd;
  output.ci.workspace = EnvOr(
      output.format == ReportFormat::kCodeClimate ? "CI_PROJECT_DIR" : "GITHUB_WORKSPACE", cwd);
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

// Error messages quote file names and scenario text.
int Fail(const std::string& message) {
  std::cerr << "witness: " << recorder::Printable(message) << "\n";
  return kExitUsage;
}

// A subcommand as parsed: `run` turns what the user typed into options and
// calls the library; it may throw the errors Main maps to exit code 2.
struct Subcommand {
  CLI::App* parser = nullptr;
  std::function<int()> run;
};

Subcommand AddCheck(CLI::App& app) {
  struct Args {
    CheckCommandOptions options;
    ReportFlags flags;
    std::string wait;
    std::string hold;
  };
  auto args = std::make_shared<Args>();
  CLI::App* command = app.add_subcommand("check", "Check record files against a scenario");
  command->add_option("scenario", args->options.scenario_file, "Scenario file (YAML)")
      ->required()
      ->type_name("SCENARIO.yaml");
  command->add_option("records", args->options.record_files, "Record files (shards are merged); - reads standard input")
      ->required()
      ->type_name("RECORD.jsonl...");
  AddReportFlags(command, args->flags);
  command
      ->add_option("--wait", args->wait,
                   "Keep watching the files until the scenario holds or DURATION has passed "
                   "(e.g. 500ms, 10s, 2m); stop early when it can no longer hold")
      ->type_name("DURATION");
  command
      ->add_option("--hold", args->hold,
                   "Once the scenario holds, keep checking for DURATION and fail if it stops "
                   "holding")
      ->type_name("DURATION");
  command->add_flag("--poll", args->options.polling_only,
                    "Watch by polling instead of inotify (network filesystems)");
  command->footer(std::string("Example:\n"
                              "  witness check solo.yaml record.jsonl --var home=$HOME\n"
                              "  witness check solo.yaml record.jsonl --wait 30s --format junit "
                              "--output report.xml\n"
                              "  witness check solo.yaml record.jsonl --wait 30s --hold 5s\n") +
                  kExitCodes);
  return {command, [args] {
            CheckCommandOptions& options = args->options;
            options.vars = ParseVariables(args->flags.vars);
            options.output = ToOutputOptions(args->flags);
            options.annotate = args->flags.annotate;
            options.update =
                MakeUpdateRequest(args->flags.update, args->flags.pending_dir, CiIsSet());
            if (!args->wait.empty()) options.wait = ParseDuration(args->wait);
            if (!args->hold.empty()) options.hold = ParseDuration(args->hold);
            return RunCheckCommand(options, std::cout, std::cerr);
          }};
}

Subcommand AddRun(CLI::App& app) {
  struct Args {
    RunCommandOptions options;
    ReportFlags flags;
    std::string timeout;
    std::string hold;
    std::string expect_exit = "0";
    std::vector<std::string> env;
  };
  auto args = std::make_shared<Args>();
  CLI::App* command = app.add_subcommand(
      "run", "Run a command with a fresh record file, then check what it recorded");
  command->add_option("scenario", args->options.scenario_file, "Scenario file (YAML)")
      ->required()
      ->type_name("SCENARIO.yaml");
  command->add_option("command", args->options.command, "The command to run, after --")
      ->required()
      ->type_name("-- COMMAND [ARGS...]");
  AddReportFlags(command, args->flags);
  command->add_flag("--keep", args->options.keep, "Keep the record file after a pass too");
  command
      ->add_option("--timeout", args->timeout,
                   "Stop the command (SIGTERM, then SIGKILL) after DURATION")
      ->type_name("DURATION");
  command
      ->add_option("--hold", args->hold,
                   "After the command exits and the scenario holds, keep checking for DURATION "
                   "(for helpers that outlive their client)")
      ->type_name("DURATION");
  command
      ->add_option("--tail", args->options.tail_lines,
                   "Lines of the command's output shown when it fails")
      ->capture_default_str();
  command->add_flag("--stream", args->options.stream_output,
                    "Pass the command's output through as it runs");
  command
      ->add_option("--expect-exit", args->expect_exit,
                   "How the command must exit: status N (0-255) or nonzero; a death by "
                   "signal never matches")
      ->type_name("N|nonzero")
      ->capture_default_str();
  command
      ->add_option("--expect-output", args->options.expect_output,
                   "Text the command's stdout+stderr must contain (repeatable)")
      ->type_name("TEXT")
      ->allow_extra_args(false);
  command
      ->add_option("--expect-output-regex", args->options.expect_output_regex,
                   "RE2 pattern one line of the command's output must match (repeatable)")
      ->type_name("RE")
      ->allow_extra_args(false);
  command->add_option("--env", args->env, "Set NAME in the command's environment (repeatable)")
      ->type_name("NAME=VALUE")
      ->allow_extra_args(false);
  command->footer(std::string("The record file is made in a private temporary directory and "
                              "exported under the\nscenario's record_variable (default "
                              "FLEETBOX_FAKE_RECORD). It is kept, and its path\nprinted, when "
                              "the run fails.\n\nThe run passes when the scenario holds, the "
                              "command exits as --expect-exit says\n(default: status 0) and "
                              "every --expect-output and --expect-output-regex appears.\n\n"
                              "Example:\n"
                              "  witness run solo.yaml --var home=/tmp/fb -- ./client up "
                              "--members solo\n"
                              "  witness run rollback.yaml --expect-exit 1 --expect-output "
                              "'rolled back' \\\n"
                              "      --env FLEETBOX_FAKE_FAIL_CREATE=db-2 -- ./client up "
                              "--members db-1,db-2\n") +
                  kExitCodes);
  return {command, [args] {
            RunCommandOptions& options = args->options;
            options.vars = ParseVariables(args->flags.vars);
            options.output = ToOutputOptions(args->flags);
            options.annotate = args->flags.annotate;
            options.update =
                MakeUpdateRequest(args->flags.update, args->flags.pending_dir, CiIsSet());
            if (!args->timeout.empty()) options.timeout = ParseDuration(args->timeout);
            if (!args->hold.empty()) options.hold = ParseDuration(args->hold);
            options.expect_exit = ParseExitExpectation(args->expect_exit);
            options.environment = ParseEnvironment(args->env);
            return RunRunCommand(options, std::cout, std::cerr);
          }};
}

Subcommand AddShow(CLI::App& app) {
  struct Args {
    ShowCommandOptions options;
    std::string format = "text";
    std::string color = "auto";
    std::string member;
  };
  auto args = std::make_shared<Args>();
  CLI::App* command = app.add_subcommand("show", "Print record files as a timeline per member");
  command->add_option("records", args->options.record_files, "Record files (shards are merged); - reads standard input")
      ->required()
      ->type_name("RECORD.jsonl...");
  command->add_option("--member", args->member, "Only this member's records")->type_name("NAME");
  command->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "html", "mermaid"}))
      ->capture_default_str();
  command
      ->add_option("--limit", args->options.limit,
                   "Mermaid: at most N records become messages")
      ->type_name("N")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command->add_option("--color", args->color, "Colour the timeline")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  command->footer(
      "Colour is used only on a terminal, and never when NO_COLOR is set.\n\nExample:\n"
      "  witness show record.jsonl --member web-1\n"
      "  witness show record.jsonl --format html > timeline.html\n"
      "  witness show record.jsonl --format mermaid --limit 40 >> \"$GITHUB_STEP_SUMMARY\"\n"
      "Exit codes: 0 shown, 2 usage or input error.");
  return {command, [args] {
            ShowCommandOptions& options = args->options;
            options.format = ParseShowFormat(args->format);
            options.color = ShouldColor(ParseColorMode(args->color), STDOUT_FILENO);
            if (!args->member.empty()) options.member = args->member;
            return RunShowCommand(options, std::cout);
          }};
}

Subcommand AddReport(CLI::App& app) {
  auto options = std::make_shared<ReportCommandOptions>();
  CLI::App* command =
      app.add_subcommand("report", "Merge the JSON reports of many scenarios into one page");
  command->add_option("--index", options->index_file, "Write the index page to FILE")
      ->required()
      ->type_name("OUT.html");
  command->add_option("reports", options->report_files, "JSON reports (--format json or --json)")
      ->required()
      ->type_name("REPORT.json...");
  command->footer(
      "Failures come first; a scenario links to the HTML report next to its JSON report\n"
      "(same name, .html), as witness_add_scenario(... HTML_REPORT) writes them.\n\nExample:\n"
      "  witness report --index build/witness-junit/index.html build/witness-junit/*.json\n"
      "Exit codes: 0 written, 2 usage or input error.");
  return {command, [options] { return RunReportCommand(*options, std::cout); }};
}

Subcommand AddReview(CLI::App& app) {
  struct Args {
    ReviewCommandOptions options;
    bool accept = false;
    bool reject = false;
    bool diff_only = false;
    bool check = false;
    std::string from;
    std::string root;
    std::string ctest_dir;
    std::vector<std::string> vars;
    std::string color = "auto";
  };
  auto args = std::make_shared<Args>();
  CLI::App* command = app.add_subcommand(
      "review", "Show pending scenario updates (*.yaml.new) and accept or reject them");
  command
      ->add_option("paths", args->options.targets,
                   "Folders to search (recursively) and files; default the current folder")
      ->type_name("DIR|FILE...");
  command->add_flag("--accept", args->accept, "Accept every valid pending update");
  command->add_flag("--reject", args->reject, "Reject (delete) every pending update");
  command->add_flag("--diff-only", args->diff_only, "Show the pending updates, change nothing");
  command->add_flag("--check", args->check,
                    "List pending updates and stale scenarios (no test uses them) in DIR");
  command
      ->add_option("--from", args->from,
                   "Apply pending files kept as a CI artifact: DIR holds <path>.yaml.new "
                   "mirrored from the project root")
      ->type_name("DIR");
  command
      ->add_option("--root", args->root,
                   "With --from: the checkout the paths are relative to (default: the current "
                   "folder)")
      ->type_name("DIR");
  command
      ->add_option("--ctest-dir", args->ctest_dir,
                   "With --check: the build folder whose CTest tests name the scenarios in use")
      ->type_name("BUILD");
  command
      ->add_option("--var", args->vars,
                   "Set scenario variable ${NAME} when validating (repeatable)")
      ->type_name("NAME=VALUE")
      ->allow_extra_args(false);
  command->add_option("--color", args->color, "Colour the diffs")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  command->footer(
      "At a terminal each update is shown and asked about (accept / reject / skip / quit);\n"
      "elsewhere, without --accept or --reject, updates are only shown. A pending file\n"
      "that is not a valid scenario is refused with its position.\n\nExample:\n"
      "  witness review scenarios\n"
      "  witness review --accept scenarios/fleet.yaml\n"
      "  witness review --from ci-artifact/pending --diff-only\n"
      "  witness review --check scenarios --ctest-dir build\n"
      "Exit codes: 0 nothing pending (after accepting and rejecting) and, with --check,\n"
      "nothing stale; 1 updates left pending or scenarios stale; 2 usage or input error\n"
      "(an invalid pending file included).");
  return {command, [args] {
            ReviewCommandOptions& options = args->options;
            const int modes = int{args->accept} + int{args->reject} + int{args->diff_only} +
                              int{args->check};
            if (modes > 1) {
              throw UsageError("review takes one of --accept, --reject, --diff-only, --check");
            }
            if (args->accept) options.mode = ReviewMode::kAccept;
            if (args->reject) options.mode = ReviewMode::kReject;
            if (args->diff_only) options.mode = ReviewMode::kDiffOnly;
            if (args->check) options.mode = ReviewMode::kCheck;
            if (!args->from.empty()) options.from_dir = args->from;
            if (!args->root.empty()) options.root = args->root;
            if (!args->ctest_dir.empty()) options.ctest_dir = args->ctest_dir;
            options.vars = ParseVariables(args->vars);
            options.terminal = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1;
            options.color = ShouldColor(ParseColorMode(args->color), STDOUT_FILENO);
            return RunReviewCommand(options, std::cin, std::cout, std::cerr);
          }};
}

Subcommand AddCompletion(CLI::App& app) {
  auto shell = std::make_shared<std::string>();
  CLI::App* command =
      app.add_subcommand("completion", "Print the shell completion script for bash or zsh");
  command->add_option("shell", *shell, "The shell")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh"}));
  command->footer(
      "Example:\n"
      "  source <(witness completion bash)        # in ~/.bashrc\n"
      "  witness completion zsh > ~/.zfunc/_witness\n"
      "Exit codes: 0 printed, 2 usage error.");
  return {command, [shell, &app] {
            const CommandSpec spec = DescribeCommandLine(app);
            std::cout << (*shell == "zsh" ? RenderZshCompletion(spec) : RenderBashCompletion(spec));
            return kExitPass;
          }};
}

// Hidden (its group is empty): the build writes the man pages with it, from
// the same table --help prints.
Subcommand AddManPages(CLI::App& app) {
  auto directory = std::make_shared<std::string>();
  CLI::App* command = app.add_subcommand("man-pages", "Write the man pages to DIR");
  command->group("");
  command->add_option("directory", *directory, "Where to write them")->required()->type_name("DIR");
  return {command, [directory, &app] {
            WriteManPages(DescribeCommandLine(app), *directory, WITNESS_VERSION);
            return kExitPass;
          }};
}

// --version: the program's version, then the version of each format it
// reads and writes, so a tool can tell whether it understands them.
std::string VersionText() {
  std::string text = std::string("witness ") + WITNESS_VERSION + "\n";
  text += "record format " + std::to_string(recorder::kSchemaVersion) +
          " (reads and writes; docs/record-format.md)\n";
  text += "scenario language " + std::to_string(assertions::kScenarioLanguageVersion) +
          " (reads; docs/scenarios.md)\n";
  text += "report schema " + std::to_string(assertions::kReportSchemaVersion) +
          " (writes: --format json, show --format json; docs/report.schema.json)\n";
  text += "diff schema " + std::to_string(assertions::kDiffSchemaVersion) +
          " (writes: diff --format json; docs/diff.schema.json)";
  return text;
}

Subcommand AddSnapshot(CLI::App& app) {
  struct Args {
    SnapshotCommandOptions options;
    std::string output;
    std::string name;
  };
  auto args = std::make_shared<Args>();
  CLI::App* command = app.add_subcommand(
      "snapshot", "Write a scenario that a recording satisfies, volatile values redacted");
  command->add_option("records", args->options.record_files, "Record file(s)")
      ->required()
      ->type_name("RECORD.jsonl");
  command
      ->add_option("--var-from-env", args->options.env_variables,
                   "Write paths under the value of environment variable NAME as ${env:NAME} "
                   "(repeatable)")
      ->type_name("NAME")
      ->allow_extra_args(false);
  command->add_option("--output", args->output, "Write the scenario to FILE")->type_name("FILE");
  command->add_option("--name", args->name, "Scenario name (default: the record file's name)");
  command->footer(
      "Example:\n"
      "  FLEETBOX_HOME=/tmp/fb witness snapshot record.jsonl --var-from-env FLEETBOX_HOME "
      "--output solo.yaml\n"
      "Exit codes: 0 written, 2 usage or input error.");
  return {command, [args] {
            SnapshotCommandOptions& options = args->options;
            if (!args->output.empty()) options.output_file = args->output;
            if (!args->name.empty()) options.name = args->name;
            return RunSnapshotCommand(options, std::cout, std::cerr);
          }};
}

Subcommand AddDiff(CLI::App& app) {
  struct Args {
    DiffCommandOptions options;
    std::string format = "text";
  };
  auto args = std::make_shared<Args>();
  CLI::App* command = app.add_subcommand(
      "diff", "Compare two recordings member by member, volatile values aliased");
  command
      ->add_option("first", args->options.file_a,
                   "The first recording, A (- reads standard input)")
      ->required()
      ->type_name("A.jsonl");
  command->add_option("second", args->options.file_b, "The second recording, B (or -)")
      ->required()
      ->type_name("B.jsonl");
  command
      ->add_option("--ignore", args->options.ignored_fields,
                   "Leave FIELD out of the comparison (repeatable)")
      ->type_name("FIELD")
      ->allow_extra_args(false);
  command->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  command->footer(
      "Records pair by member, op and occurrence. Never compared: seq, ts_ns, and the\n"
      "session records' argv0, host and records. Pids, temporary directories, MACs and\n"
      "IPs are compared through aliases (<pid-1>, <tmp>, <mac of web-1>, <ip of web-1>).\n\n"
      "Example:\n"
      "  witness diff green.jsonl red.jsonl\n"
      "  witness diff fake.jsonl real.jsonl --ignore error --format json\n"
      "Exit codes: 0 the same, 1 different, 2 usage or input error.");
  return {command, [args] {
            DiffCommandOptions& options = args->options;
            options.format = ParseDiffFormat(args->format);
            return RunDiffCommand(options, std::cout, std::cerr);
          }};
}

int Main(int argc, char** argv) {
  CLI::App app{
      "Witness checks what a program asked its backend to do: it reads the record\n"
      "files a fake or recording backend wrote and checks them against YAML scenarios.",
      "witness"};
  app.set_version_flag("--version", VersionText());
  app.require_subcommand(1);
  app.footer(std::string("Run 'witness COMMAND --help' for a command's options and an example.\n") +
             kExitCodes);
  const Subcommand subcommands[] = {AddCheck(app),     AddRun(app),     AddShow(app),
                                    AddSnapshot(app),  AddDiff(app),    AddReport(app),
                                    AddReview(app),    AddCompletion(app), AddManPages(app)};

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);
    std::string where = "witness";
    for (const CLI::App* sub : app.get_subcommands()) where += " " + sub->get_name();
    return Fail(LowerFirst(e.what()) + " (see '" + where + " --help')");
  }

  try {
    for (const Subcommand& subcommand : subcommands) {
      if (subcommand.parser->parsed()) return subcommand.run();
    }
  } catch (const witness::Error& e) {
    // Every error Witness throws: a scenario, a record file, a usage, a
    // child process or a temporary directory that is not as it must be.
    return Fail(e.what());
  } catch (const std::exception& e) {
    return Fail(std::string("internal error: ") + e.what());
  }
  return Fail("no command given (see 'witness --help')");
}

}  // namespace
}  // namespace witness::cli

int main(int argc, char** argv) { return witness::cli::Main(argc, argv); }
