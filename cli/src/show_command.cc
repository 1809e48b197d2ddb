#include "witness/cli/show_command.h"

#include "witness/cli/exit_code.h"
#include "witness/cli/html_report.h"
#include "witness/cli/mermaid.h"
#include "witness/cli/timeline.h"
#include "witness/cli/usage_error.h"
#include "witness/recorder/reader.h"

namespace witness::cli {

ShowFormat ParseShowFormat(std::string_view text) {
  if (text == "text") return ShowFormat::kText;
  if (text == "json") return ShowFormat::kJson;
  if (text == "html") return ShowFormat::kHtml;
  if (text == "mermaid") return ShowFormat::kMermaid;
  throw UsageError("invalid format '" + std::string(text) +
                   "' for show: expected text, json, html or mermaid");
}

int RunShowCommand(const ShowCommandOptions& options, std::ostream& out) {
  recorder::Recording recording = recorder::ReadRecordFiles(options.record_files);
  if (options.format == ShowFormat::kHtml) {
    out << RenderTimelineHtml(recording, options.member);
    out.flush();
    return kExitPass;
  }
  Timeline timeline = BuildTimeline(recording, options.member);
  if (options.format == ShowFormat::kJson) {
    WriteTimelineJson(timeline, out);
  } else if (options.format == ShowFormat::kMermaid) {
    out << RenderTimelineMermaid(timeline, options.limit);
  } else {
    out << RenderTimelineText(timeline, Palette(options.color));
  }
  out.flush();
  return kExitPass;
}

}  // namespace witness::cli
