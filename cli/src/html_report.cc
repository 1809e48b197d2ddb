// The HTML report and timeline page (witness/cli/html_report.h): the page
// is built by internal::html_report::Page, whose steps live in
// html_report_*.cc.
#include "witness/cli/html_report.h"

#include "witness/cli/internal/html_report_page.h"
#include "witness/cli/timeline.h"

namespace witness::cli {
namespace internal::html_report {

std::string Page::Render() {
  BuildLanes();
  Place();
  // Ops in the timeline's order (lifecycle first), so colours follow it.
  for (const auto& [op, count] : timeline_.counts) OpId(op);
  std::set<std::int64_t> pids;
  for (const Record& record : recording_.records) {
    if (const auto pid = record.Pid()) pids.insert(*pid);
  }
  several_pids_ = pids.size() > 1;
  bin_width_ =
      std::max(kMinBinWidth, kPlotWidth * static_cast<double>(lanes_.size()) / kMaxMarks);
  IndexFiles();
  if (report_ != nullptr) {
    CollectFindings();
    CollectThreads();
  }
  std::string body;
  // The lanes come first, under the verdict: they are what a reader came
  // to look at; the list of failures follows, each linked to its marks.
  body += Summary();
  body += Controls();
  body += "<div class=\"board\">\n<div class=\"lanes-wrap\" id=\"lanes-wrap\">\n";
  body += Svg();
  body +=
      "</div>\n<aside id=\"detail\" class=\"detail\"><p class=\"hint\">Click a record, a "
      "failure or an arrow to see it here; n and p step through the failures.</p></aside>\n"
      "</div>\n";
  body += Legend();
  body += Failures();
  body += internal::DataScript("witness-data", Data());
  std::string title = report_ != nullptr ? std::string(assertions::ToString(report_->outcome)) +
                                               ": " + report_->scenario
                                         : "timeline: " + FilesText();
  return internal::HtmlDocument("witness " + title, body, internal::kReportScript);
}

}  // namespace internal::html_report


std::string RenderHtmlReport(const assertions::Report& report,
                             const recorder::Recording& recording) {
  const Timeline timeline = BuildTimeline(recording, std::nullopt);
  return internal::html_report::Page(recording, timeline, &report).Render();
}

std::string RenderTimelineHtml(const recorder::Recording& recording,
                               const std::optional<std::string>& member) {
  const Timeline timeline = BuildTimeline(recording, member);
  return internal::html_report::Page(recording, timeline, nullptr).Render();
}

}  // namespace witness::cli
