// The HTML report's page while it is built: the lanes and where each record
// sits, what the report says about them (findings, pins, arrows), and the
// page's parts. Its steps are defined by concept: lanes and positions
// (html_report_lanes.cc), what the report says (html_report_findings.cc),
// the summary, failures, controls and legend (html_report_sections.cc), the
// SVG of the lanes (html_report_svg.cc) and the data the page's script reads
// (html_report_data.cc); html_report.cc puts them together.
#ifndef WITNESS_CLI_INTERNAL_HTML_REPORT_PAGE_H_
#define WITNESS_CLI_INTERNAL_HTML_REPORT_PAGE_H_

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "witness/assertions/report.h"
#include "witness/cli/internal/html_page.h"
#include "witness/cli/timeline.h"
#include "witness/recorder/format.h"
#include "witness/recorder/reader.h"
#include "witness/recorder/printable.h"
#include <optional>
#include <string>

namespace witness::cli::internal::html_report {


using assertions::CheckKind;
using assertions::CheckResult;
using assertions::ExpectationResult;
using assertions::FieldDiff;
using assertions::Report;
using internal::AppendHtmlText;
using internal::HtmlText;
using json = nlohmann::json;
using recorder::Diagnostic;
using recorder::Record;
using recorder::Recording;
using recorder::SourceLocation;

// The geometry of the lanes, in SVG pixels. kReportScript lays lanes out
// again when a filter hides some, with the same numbers (see its `G`).
constexpr double kGutter = 160;       // lane names, left of the plot
constexpr double kPlotWidth = 1000;   // the time axis
constexpr double kRightMargin = 130;  // room for a leak mark after the last record
constexpr double kTop = 4;
constexpr double kLaneHeight = 46;
constexpr double kMid = 28;  // a lane's axis, from its top
// Records of one lane closer than this are drawn as one aggregate mark:
// 100,000 records in 1,000 pixels are otherwise 100,000 elements to lay out.
constexpr double kMinBinWidth = 4;
// ... and wider when there are many lanes, so the page has at most about
// this many marks: past it, laying the SVG out is most of what opening
// the page costs.
constexpr double kMaxMarks = 8000;
// A short recording's marks are spread at least this far apart (time still
// orders them), so each can carry its op as a label.
constexpr double kMaxSpacing = 70;

// Bounds on what one page draws and embeds, so a report of a soak stays a
// few megabytes: past them the page says how much it left out.
constexpr std::size_t kMaxDetailBytes = 8 * 1024;  // one record's JSON
constexpr std::size_t kMaxArrows = 2000;
constexpr std::size_t kMaxUsesPerThread = 50;
constexpr std::size_t kMaxOutlinesPerFailure = 200;
constexpr std::size_t kMaxLinesPerFailure = 50;  // strict lists every unclaimed record
constexpr std::size_t kMaxLabelChars = 28;
// Integers JavaScript holds exactly.
constexpr std::int64_t kMaxSafeInteger = (std::int64_t{1} << 53) - 1;

// The session lane's name and the one of records that name no member.
constexpr std::string_view kNoMemberLane = "(no member)";
constexpr std::string_view kSessionLane = "(writer sessions)";
// The engine's lifecycle check words a leak so (check.cc, CheckLifecycleFor).
constexpr std::string_view kLeakPrefix = "leak: ";

enum class LaneKind { kMember, kNoMember, kSession };

inline std::string_view LaneKindName(LaneKind kind) {
  switch (kind) {
    case LaneKind::kMember:
      return "member";
    case LaneKind::kNoMember:
      return "none";
    case LaneKind::kSession:
      return "session";
  }
  return "?";
}

struct Lane {
  std::string name;
  LaneKind kind = LaneKind::kMember;
  std::vector<std::size_t> records;  // recording indices, in recording order
  std::vector<const Diagnostic*> bad_lines;
  std::size_t first_slot = 0;  // its first record's slot (see Page::slot_)
};

// One failed expectation or check, as the page lists and pins it.
struct Finding {
  std::string kind;   // "expectation", "order", ...
  std::string title;  // the expectation's label or the check's name
  std::string where;  // the scenario's file:line:column, when known
  std::vector<std::string> lines;
  std::vector<FieldDiff> diff;         // the closest record's fields, for a pattern
  std::vector<std::size_t> records;    // recording indices it pins
  std::vector<std::size_t> bad_lines;  // diagnostic indices it pins
  std::optional<std::size_t> cause;
};

enum class ArrowKind { kMatched, kDiffers, kOrder, kShared };

inline std::string_view ArrowClass(ArrowKind kind) {
  switch (kind) {
    case ArrowKind::kMatched:
      return "ok";
    case ArrowKind::kDiffers:
      return "bad";
    case ArrowKind::kOrder:
      return "order";
    case ArrowKind::kShared:
      return "shared";
  }
  return "";
}

struct Arrow {
  std::size_t from = 0;  // recording indices
  std::size_t to = 0;
  ArrowKind kind = ArrowKind::kMatched;
  std::string label;
  std::string tip;
  std::optional<std::size_t> finding;
};

struct Outline {
  std::size_t record = 0;  // recording index
  std::size_t finding = 0;
  bool unclaimed = false;  // strict's "matched no expectation" rather than a closest record
  std::string tip;
};

struct Leak {
  std::size_t lane = 0;
  std::size_t finding = 0;
  std::string text;
};

inline std::string Number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  std::string text = buffer;
  if (text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0) text.resize(text.size() - 2);
  return text;
}

// At most `limit` characters (code points) of `text`, with an ellipsis when cut.
inline std::string Shortened(const std::string& text, std::size_t limit) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (chars++ == limit) return text.substr(0, i) + "\u2026";
  }
  return text;
}

// `text` cut to at most `limit` bytes on a UTF-8 boundary.
inline std::string CutUtf8(const std::string& text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

inline std::string Dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

inline std::string Plural(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

inline std::string Seconds(std::int64_t ns) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.3f s", static_cast<double>(ns) / 1e9);
  return buffer;
}

class Page {
 public:
  Page(const Recording& recording, const Timeline& timeline, const Report* report)
      : recording_(recording), timeline_(timeline), report_(report) {}

  std::string Render();

 private:
  // ---- lanes and positions ----

  std::size_t IndexOf(const Record* record) const;

  void BuildLanes();

  // x of every record: its time (ts_ns) across the plot, or its place in
  // the file for recordings without timestamps; a record without ts_ns in
  // a timed recording sits with the record before it.
  void Place();

  // Per file, its records by byte offset: how a location in the report or
  // a bad line finds its record.
  void IndexFiles();

  std::optional<std::size_t> Find(const SourceLocation& where) const;

  std::optional<std::size_t> DiagnosticIndex(const SourceLocation& where);

  // A bad line sits where the next record of its file begins.
  double BadLineX(const Diagnostic& bad) const;

  // ---- what the report says ----

  std::size_t AddFinding(Finding finding);

  void Pin(std::size_t finding, std::size_t record, bool unclaimed, std::string tip);

  void AddArrow(Arrow arrow);

  static std::string DiffTip(const std::vector<FieldDiff>& diff);

  void CollectFindings();

  void PinCheck(const CheckResult& check, std::size_t f);

  // An arrow from the record that bound each capture to every record that
  // used it: green where the value matched, red where the closest record of
  // a failed expectation holds another value.
  void CollectThreads();

  // ---- the page ----

  std::string FilesText() const;

  std::string Summary() const;

  std::string Failures() const;

  std::string Controls() const;

  std::size_t OpId(const std::string& op);

  double LaneTop(std::size_t lane) const { return kTop + static_cast<double>(lane) * kLaneHeight; }
  double X(std::size_t record) const { return kGutter + x_[record]; }

  std::string RecordTitle(std::size_t index) const;

  static void Title(const std::string& text, std::string& out);

  void LaneMarks(std::size_t l, std::string& out);

  void LaneBadLines(std::size_t l, std::string& out) const;

  std::string Svg();

  std::string Legend() const;

  // The record as the detail panel shows it: its JSON without the
  // provenance fields, which travel in columns of their own (they differ
  // in every record; the rest repeats and is stored once).
  std::string DetailText(const Record& record, bool strip_pid, bool strip_seq,
                         bool strip_ts) const;

  static bool Safe(std::int64_t value);

  std::string Data() const;

  static constexpr std::uint32_t kNoSlot = ~std::uint32_t{0};
  static constexpr std::size_t kNoFinding = ~std::size_t{0};

  const Recording& recording_;
  const Timeline& timeline_;
  const Report* report_;

  std::vector<Lane> lanes_;
  std::map<std::string, std::size_t> lane_by_member_;
  // Records in lane order ("slots": lane by lane, each in recording order),
  // the order the page's data uses: slot -> recording index, recording
  // index -> slot, slot -> lane.
  std::vector<std::size_t> slots_;
  std::vector<std::uint32_t> slot_;
  std::vector<std::size_t> lane_of_;
  std::vector<double> x_;
  std::optional<std::int64_t> first_ts_;
  std::optional<std::int64_t> span_ns_;
  std::map<std::string, std::vector<std::pair<std::uint64_t, std::size_t>>> by_file_;
  std::map<std::pair<std::string, std::uint64_t>, std::size_t> diagnostic_at_;  // built when asked

  std::vector<std::string> ops_;
  std::map<std::string, std::size_t> op_ids_;
  bool several_pids_ = false;
  double bin_width_ = kMinBinWidth;

  std::vector<Finding> findings_;
  std::vector<std::size_t> expectation_finding_;
  std::map<std::size_t, std::size_t> bad_line_finding_;
  std::vector<Outline> outlines_;
  std::vector<Arrow> arrows_;
  std::vector<Leak> leaks_;
  std::size_t left_out_ = 0;
};

}  // namespace witness::cli::internal::html_report

#endif  // WITNESS_CLI_INTERNAL_HTML_REPORT_PAGE_H_
