// Rendering a Report for people (text, a Markdown summary) and for tools
// (JSON, JUnit XML, GitHub workflow commands, GitLab code quality JSON).
//
//   TextOptions text;
//   text.color = isatty(1) && std::getenv("NO_COLOR") == nullptr;
//   std::cout << RenderText(report, text);
//   WriteFile("report.xml", RenderJunit(report));
//   CiOptions ci;
//   ci.workspace = "/home/runner/work/app/app";   // $GITHUB_WORKSPACE
//   std::cout << RenderGithub(report, ci);
//
// Every renderer is a pure function of its arguments: none reads the
// environment or the clock. Every record or scenario byte goes through
// recorder::Printable (or its JSON form) on the way out.
#ifndef WITNESS_ASSERTIONS_RENDER_H_
#define WITNESS_ASSERTIONS_RENDER_H_

#include <string>

#include "witness/assertions/report.h"

namespace witness::assertions {

struct TextOptions {
  // ANSI colours. The caller decides (a terminal, NO_COLOR unset): the
  // renderer never looks at the environment.
  bool color = false;
  // Also list the expectations and checks that passed.
  bool verbose = false;
};

// A human report: the verdict, each failure with its reason and closest
// records, the reader's diagnostics and, when the report has one, the
// annotated listing. Ends with a newline.
std::string RenderText(const Report& report, const TextOptions& options = {});

// The version of the JSON documents RenderJson and `witness show --format
// json` write, in their "schema" key; docs/report.schema.json describes
// them. Bumped only for a change a consumer of the old version would
// misread (a key removed, renamed or retyped); new keys do not bump it.
inline constexpr int kReportSchemaVersion = 1;

// The whole report as one JSON document (pretty-printed, ends with a newline).
std::string RenderJson(const Report& report);

// JUnit XML: one testsuite named after the scenario, one testcase per
// expectation instance and per check; failures carry their messages. Any
// byte sequence in records is escaped into well-formed XML 1.0.
std::string RenderJunit(const Report& report);

// What the CI renderers need to place a finding in the repository.
struct CiOptions {
  // The checkout's root: a path under it is written relative to it, as
  // GitHub and GitLab place findings by repository path. "" writes paths
  // as the report holds them, as does a path outside it.
  std::string workspace;
  // What the report's relative paths are relative to (the directory the
  // command ran in), when it is not the workspace itself.
  std::string working_directory;
};

// GitHub Actions workflow commands: one `::error` per failing expectation
// and check, located at its scenario line and column, and one `::warning`
// per bad record line, located in the record file; ends with a newline
// (nothing for a pass without bad lines or warnings). Record and scenario
// text is escaped so it cannot end a command or start another.
std::string RenderGithub(const Report& report, const CiOptions& options = {});

// The text report framed so that GitHub Actions runs no workflow command
// in it (`::stop-commands::TOKEN` ... `::TOKEN::`), for a log that holds
// both the report and RenderGithub's annotations. `token` must be one the
// report's text cannot guess: the caller draws it at random.
std::string RenderGithubLog(const Report& report, const std::string& token,
                            const TextOptions& options = {});

// GitLab's code quality report (the Code Climate issue format): a JSON
// array with one issue per failing expectation and check and per bad
// record line, each with a fingerprint stable across runs of the same
// scenario. An empty array for a pass. Ends with a newline.
std::string RenderCodeClimate(const Report& report, const CiOptions& options = {});

// A Markdown summary for a CI job page (GitHub's step summary): the
// verdict, a table of failed expectations with the closest record's
// differing fields, and the failed checks. Values are escaped so that no
// record byte is read as Markdown or HTML. Ends with a newline.
std::string RenderMarkdownSummary(const Report& report);

}  // namespace witness::assertions

#endif  // WITNESS_ASSERTIONS_RENDER_H_
