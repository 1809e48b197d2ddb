// `witness report --index OUT.html REPORT.json...`: one page over the JSON
// reports of many scenarios (a CTest run, or CI shards collected from
// several machines): each scenario with its verdict, duration and first
// failures, failures first, each linking to its own HTML report when one
// sits next to its JSON report (same name, .html).
//
//   ReportCommandOptions options;
//   options.index_file = "witness-junit/index.html";
//   options.report_files = {"witness-junit/solo.json", "witness-junit/rollback.json"};
//   return RunReportCommand(options, std::cout);
#ifndef WITNESS_CLI_REPORT_COMMAND_H_
#define WITNESS_CLI_REPORT_COMMAND_H_

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace witness::cli {

struct ReportCommandOptions {
  std::string index_file;
  std::vector<std::string> report_files;  // as `--format json` writes them
};

// One scenario as the index lists it.
struct IndexEntry {
  std::string scenario;
  std::string scenario_file;
  std::string outcome;  // "pass", "fail", "unverifiable"
  std::size_t passed = 0;
  std::size_t failed = 0;
  std::optional<std::uint64_t> duration_ms;
  std::vector<std::string> failures;  // the first few, as the report words them
  std::string report_file;            // the JSON report, as given
  std::string html_link;              // relative to the index; "" without an HTML report
};

// Reads one JSON report. Throws UsageError naming the file for one that
// cannot be read or is not a Witness JSON report.
IndexEntry ReadIndexEntry(const std::string& report_file, const std::string& index_file);

// The index page: failures first (fail, then unverifiable, then pass), by
// scenario name within each, with totals at the top.
std::string RenderReportIndex(std::vector<IndexEntry> entries);

// Writes the index and prints one line saying what it holds; returns
// kExitPass. Throws UsageError for an unreadable report or an index that
// cannot be written.
int RunReportCommand(const ReportCommandOptions& options, std::ostream& out);

}  // namespace witness::cli

#endif  // WITNESS_CLI_REPORT_COMMAND_H_
