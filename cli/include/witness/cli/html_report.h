// The HTML report: one self-contained page with a lane per member, each
// record a mark at its time, captured values threaded from the record that
// bound them to the records that used them, and every failure pinned where
// it happened. docs/reports.md says what each mark means.
//
//   Recording recording = recorder::ReadRecordFiles({"record.jsonl"});
//   Report report = Check(scenario, recording);
//   WriteOutputFile("report.html", RenderHtmlReport(report, recording));
//
// The page needs no network and no other file: styles, script and data are
// inline, and a Content-Security-Policy lets only the page's own script run.
// Without script (or printed) the summary, the failures and a static SVG of
// the lanes are all there; the script adds details on click, filters, a
// search box and keyboard navigation. Record values are data: they reach
// the page as escaped text or as JSON the script reads with JSON.parse and
// writes with textContent, never as markup.
//
// Large recordings stay small and fast: marks closer than a few pixels in a
// lane are drawn as one aggregate mark, and record details are embedded
// columnar with repeated texts stored once (see docs/reports.md for the
// figures). Rendering is single-threaded and touches no global state.
#ifndef WITNESS_CLI_HTML_REPORT_H_
#define WITNESS_CLI_HTML_REPORT_H_

#include <optional>
#include <string>

#include "witness/assertions/report.h"
#include "witness/recorder/reader.h"

namespace witness::cli {

// The page for `report`, which Check made from `recording` (its records are
// the lanes; a location the report names that the recording lacks is
// listed but not drawn).
std::string RenderHtmlReport(const assertions::Report& report,
                             const recorder::Recording& recording);

// The timeline alone (`witness show --format html`): the lanes of
// `recording`, only `member`'s when given. Throws UsageError for a member
// the recording lacks, as BuildTimeline does.
std::string RenderTimelineHtml(const recorder::Recording& recording,
                               const std::optional<std::string>& member);

}  // namespace witness::cli

#endif  // WITNESS_CLI_HTML_REPORT_H_
