#include "witness/cli/html_report.h"

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

#include "witness/cli/internal/html_page.h"
#include "witness/cli/timeline.h"
#include "witness/recorder/format.h"
#include "witness/recorder/printable.h"

namespace witness::cli {
namespace {

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

std::string_view LaneKindName(LaneKind kind) {
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

std::string_view ArrowClass(ArrowKind kind) {
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

std::string Number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  std::string text = buffer;
  if (text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0) text.resize(text.size() - 2);
  return text;
}

// At most `limit` characters (code points) of `text`, with an ellipsis when cut.
std::string Shortened(const std::string& text, std::size_t limit) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (chars++ == limit) return text.substr(0, i) + "\u2026";
  }
  return text;
}

// `text` cut to at most `limit` bytes on a UTF-8 boundary.
std::string CutUtf8(const std::string& text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

std::string Dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string Plural(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string Seconds(std::int64_t ns) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.3f s", static_cast<double>(ns) / 1e9);
  return buffer;
}

class Page {
 public:
  Page(const Recording& recording, const Timeline& timeline, const Report* report)
      : recording_(recording), timeline_(timeline), report_(report) {}

  std::string Render() {
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

 private:
  // ---- lanes and positions ----

  std::size_t IndexOf(const Record* record) const {
    return static_cast<std::size_t>(record - recording_.records.data());
  }

  void BuildLanes() {
    Lane no_member{std::string(kNoMemberLane), LaneKind::kNoMember, {}, {}, 0};
    Lane sessions{std::string(kSessionLane), LaneKind::kSession, {}, {}, 0};
    for (const TimelineSection& section : timeline_.sections) {
      Lane lane;
      lane.name = section.member;
      for (const TimelineEntry& entry : section.entries) {
        if (section.has_member) {
          if (entry.record != nullptr) lane.records.push_back(IndexOf(entry.record));
          if (entry.bad_line != nullptr) lane.bad_lines.push_back(entry.bad_line);
          continue;
        }
        if (entry.bad_line != nullptr) {
          no_member.bad_lines.push_back(entry.bad_line);
        } else if (recorder::IsSessionOp(entry.record->Op())) {
          sessions.records.push_back(IndexOf(entry.record));
        } else {
          no_member.records.push_back(IndexOf(entry.record));
        }
      }
      if (section.has_member) lanes_.push_back(std::move(lane));
    }
    if (!no_member.records.empty() || !no_member.bad_lines.empty()) {
      lanes_.push_back(std::move(no_member));
    }
    if (!sessions.records.empty()) lanes_.push_back(std::move(sessions));

    slot_.assign(recording_.records.size(), kNoSlot);
    for (std::size_t l = 0; l < lanes_.size(); ++l) {
      lanes_[l].first_slot = slots_.size();
      for (const std::size_t index : lanes_[l].records) {
        slot_[index] = static_cast<std::uint32_t>(slots_.size());
        slots_.push_back(index);
        lane_of_.push_back(l);
      }
    }
    for (const Lane& lane : lanes_) {
      if (lane.kind == LaneKind::kMember) lane_by_member_.emplace(lane.name, &lane - lanes_.data());
    }
  }

  // x of every record: its time (ts_ns) across the plot, or its place in
  // the file for recordings without timestamps; a record without ts_ns in
  // a timed recording sits with the record before it.
  void Place() {
    const std::size_t n = recording_.records.size();
    x_.assign(n, 0);
    if (n == 0) return;
    std::optional<std::int64_t> first;
    std::optional<std::int64_t> last;
    for (const Record& record : recording_.records) {
      if (const auto ts = record.TsNs()) {
        first = first ? std::min(*first, *ts) : *ts;
        last = last ? std::max(*last, *ts) : *ts;
      }
    }
    first_ts_ = first;
    const bool timed = first && last && *last > *first;
    if (timed) span_ns_ = *last - *first;
    std::int64_t carried = first.value_or(0);
    for (std::size_t i = 0; i < n; ++i) {
      if (timed) {
        if (const auto ts = recording_.records[i].TsNs()) carried = *ts;
        x_[i] = static_cast<double>(carried - *first) / static_cast<double>(*last - *first) *
                kPlotWidth;
      } else {
        x_[i] = n == 1 ? 0 : static_cast<double>(i) / static_cast<double>(n - 1) * kPlotWidth;
      }
    }
    const double spacing = std::min(kMaxSpacing, kPlotWidth / static_cast<double>(n));
    for (std::size_t i = 1; i < n; ++i) x_[i] = std::max(x_[i], x_[i - 1] + spacing);
    if (x_[n - 1] > kPlotWidth) {
      const double scale = kPlotWidth / x_[n - 1];
      for (double& x : x_) x *= scale;
    }
  }

  // Per file, its records by byte offset: how a location in the report or
  // a bad line finds its record.
  void IndexFiles() {
    for (std::size_t i = 0; i < recording_.records.size(); ++i) {
      by_file_[recording_.records[i].file()].emplace_back(recording_.records[i].offset(), i);
    }
    for (auto& [file, offsets] : by_file_) std::sort(offsets.begin(), offsets.end());
  }

  std::optional<std::size_t> Find(const SourceLocation& where) const {
    const auto file = by_file_.find(where.file);
    if (file == by_file_.end()) return std::nullopt;
    const auto& offsets = file->second;
    const auto it = std::lower_bound(offsets.begin(), offsets.end(),
                                     std::make_pair(where.offset, std::size_t{0}));
    if (it == offsets.end() || it->first != where.offset) return std::nullopt;
    return it->second;
  }

  std::optional<std::size_t> DiagnosticIndex(const SourceLocation& where) {
    if (diagnostic_at_.empty()) {
      for (std::size_t i = 0; i < recording_.diagnostics.size(); ++i) {
        const SourceLocation& at = recording_.diagnostics[i].where;
        diagnostic_at_.emplace(std::make_pair(at.file, at.offset), i);
      }
    }
    const auto it = diagnostic_at_.find(std::make_pair(where.file, where.offset));
    if (it == diagnostic_at_.end()) return std::nullopt;
    return it->second;
  }

  // A bad line sits where the next record of its file begins.
  double BadLineX(const Diagnostic& bad) const {
    const auto file = by_file_.find(bad.where.file);
    if (file == by_file_.end() || file->second.empty()) return 0;
    const auto& offsets = file->second;
    const auto it = std::lower_bound(offsets.begin(), offsets.end(),
                                     std::make_pair(bad.where.offset, std::size_t{0}));
    if (it == offsets.end()) return std::min(kPlotWidth, x_[offsets.back().second] + 6);
    return std::max(0.0, x_[it->second] - 3);
  }

  // ---- what the report says ----

  std::size_t AddFinding(Finding finding) {
    if (finding.lines.size() > kMaxLinesPerFailure) {
      const std::size_t more = finding.lines.size() - kMaxLinesPerFailure;
      finding.lines.resize(kMaxLinesPerFailure);
      finding.lines.push_back("and " + std::to_string(more) +
                              " more (the text and JSON reports list them all)");
    }
    findings_.push_back(std::move(finding));
    return findings_.size() - 1;
  }

  void Pin(std::size_t finding, std::size_t record, bool unclaimed, std::string tip) {
    Finding& f = findings_[finding];
    if (f.records.size() >= kMaxOutlinesPerFailure) {
      ++left_out_;
      return;
    }
    f.records.push_back(record);
    outlines_.push_back(Outline{record, finding, unclaimed, std::move(tip)});
  }

  void AddArrow(Arrow arrow) {
    if (arrow.from == arrow.to) return;
    if (arrows_.size() >= kMaxArrows) {
      ++left_out_;
      return;
    }
    arrows_.push_back(std::move(arrow));
  }

  static std::string DiffTip(const std::vector<FieldDiff>& diff) {
    std::string tip;
    for (const FieldDiff& field : diff) {
      if (field.matched) continue;
      if (!tip.empty()) tip += "\n";
      tip += field.field + ": expected " + field.expected + ", actual " + field.actual;
    }
    return tip;
  }

  void CollectFindings() {
    const Report& report = *report_;
    expectation_finding_.assign(report.expectations.size(), kNoFinding);
    for (std::size_t e = 0; e < report.expectations.size(); ++e) {
      const ExpectationResult& result = report.expectations[e];
      if (result.passed) continue;
      Finding finding;
      finding.kind = "expectation";
      finding.title = result.label;
      finding.where = result.defined_at;
      finding.lines = result.failures;
      finding.cause = result.cause;
      if (!result.near_misses.empty()) finding.diff = result.near_misses.front().fields;
      const std::size_t f = AddFinding(std::move(finding));
      expectation_finding_[e] = f;
      if (!result.near_misses.empty()) {
        const auto record = Find(result.near_misses.front().where);
        if (record) {
          Pin(f, *record, false,
              "closest record for " + result.label + "\n" +
                  DiffTip(result.near_misses.front().fields));
        }
      } else {
        // Too many: the records it matched are the evidence.
        for (const assertions::RecordRef& ref : result.matched) {
          if (const auto record = Find(report.Where(ref))) {
            Pin(f, *record, false, "matched by " + result.label + ", which allows fewer");
          }
        }
      }
    }
    for (const CheckResult& check : report.checks) {
      if (check.passed) continue;
      // Said in the summary, not as a failure of its own.
      if (check.kind == CheckKind::kLiveness &&
          report.outcome == assertions::Outcome::kUnverifiable) {
        continue;
      }
      Finding finding;
      finding.kind = std::string(assertions::ToString(check.kind));
      finding.title = check.name;
      finding.lines = check.failures;
      finding.cause = check.cause;
      const std::size_t f = AddFinding(std::move(finding));
      PinCheck(check, f);
    }
  }

  void PinCheck(const CheckResult& check, std::size_t f) {
    std::vector<std::optional<std::size_t>> records;
    for (const SourceLocation& where : check.records) records.push_back(Find(where));
    switch (check.kind) {
      case CheckKind::kOrder:
      case CheckKind::kUnique: {
        // In pairs: (earlier, later) for order, (first, second) for unique.
        const bool order = check.kind == CheckKind::kOrder;
        for (std::size_t i = 0; i + 1 < records.size(); i += 2) {
          const std::string& text =
              i / 2 < check.failures.size() ? check.failures[i / 2] : check.name;
          if (!records[i] || !records[i + 1]) continue;
          findings_[f].records.push_back(*records[i]);
          findings_[f].records.push_back(*records[i + 1]);
          Arrow arrow;
          // Order: from the record that should have come first (it came
          // later) back to the one it should have preceded.
          arrow.from = order ? *records[i + 1] : *records[i];
          arrow.to = order ? *records[i] : *records[i + 1];
          arrow.kind = order ? ArrowKind::kOrder : ArrowKind::kShared;
          arrow.label = order ? "order" : "shared";
          arrow.tip = text;
          arrow.finding = f;
          AddArrow(std::move(arrow));
        }
        return;
      }
      case CheckKind::kLifecycle: {
        for (std::size_t i = 0; i < check.failures.size(); ++i) {
          const std::string& text = check.failures[i];
          const bool leak = text.compare(0, kLeakPrefix.size(), kLeakPrefix) == 0;
          const auto lane = lane_by_member_.find(check.member);
          if (leak && lane != lane_by_member_.end()) {
            const std::size_t never = text.rfind(" but never ");
            leaks_.push_back(Leak{lane->second, f,
                                  never == std::string::npos
                                      ? std::string("leak")
                                      : "leak: never" + text.substr(never + 10)});
          }
          if (i < records.size() && records[i]) Pin(f, *records[i], false, text);
        }
        return;
      }
      case CheckKind::kStrict: {
        for (const SourceLocation& where : check.records) {
          if (const auto record = Find(where)) {
            Pin(f, *record, true, "matched no expectation (strict)");
          } else if (const auto bad = DiagnosticIndex(where)) {
            findings_[f].bad_lines.push_back(*bad);
            bad_line_finding_[*bad] = f;
          }
        }
        return;
      }
      default:
        for (std::size_t i = 0; i < records.size(); ++i) {
          if (records[i]) Pin(f, *records[i], false, check.name);
        }
    }
  }

  // An arrow from the record that bound each capture to every record that
  // used it: green where the value matched, red where the closest record of
  // a failed expectation holds another value.
  void CollectThreads() {
    const Report& report = *report_;
    for (const assertions::CaptureThread& thread : report.threads) {
      const auto from = Find(report.Where(thread.bound_at));
      if (!from) continue;
      const std::string value = Shortened(thread.value, kMaxLabelChars);
      std::size_t drawn = 0;
      for (const assertions::CaptureUse& use : thread.uses) {
        if (use.expectation >= report.expectations.size()) continue;
        const ExpectationResult& user = report.expectations[use.expectation];
        const auto draw = [&](std::size_t to, ArrowKind kind, std::string label, std::string tip) {
          if (drawn++ == kMaxUsesPerThread) {
            ++left_out_;
            return;
          }
          Arrow arrow;
          arrow.from = *from;
          arrow.to = to;
          arrow.kind = kind;
          arrow.label = std::move(label);
          arrow.tip = std::move(tip);
          if (expectation_finding_[use.expectation] != kNoFinding) {
            arrow.finding = expectation_finding_[use.expectation];
          }
          AddArrow(std::move(arrow));
        };
        const std::string bound = "${" + thread.name + "} = " + thread.value + " bound by " +
                                  report.expectations[thread.binder].label;
        for (const assertions::RecordRef& ref : user.matched) {
          if (const auto to = Find(report.Where(ref))) {
            draw(*to, ArrowKind::kMatched, value,
                 bound + ", used by " + user.label + " (" + use.field + ")");
          }
        }
        if (user.passed || user.near_misses.empty()) continue;
        const assertions::NearMiss& miss = user.near_misses.front();
        const auto to = Find(miss.where);
        if (!to) continue;
        for (const FieldDiff& diff : miss.fields) {
          if (diff.field != use.field) continue;
          if (diff.matched) {
            draw(*to, ArrowKind::kMatched, value,
                 bound + "; the closest record for " + user.label + " has it");
          } else {
            draw(*to, ArrowKind::kDiffers, "\u2260 " + Shortened(diff.actual, kMaxLabelChars),
                 bound + "; the closest record for " + user.label + " has " + use.field + " " +
                     diff.actual);
          }
          break;
        }
      }
    }
  }

  // ---- the page ----

  std::string FilesText() const {
    std::string files;
    for (const std::string& file : recording_.files) files += (files.empty() ? "" : ", ") + file;
    return files;
  }

  std::string Summary() const {
    std::string verdict = "timeline";
    std::string css = "v-timeline";
    if (report_ != nullptr) {
      verdict = std::string(assertions::ToString(report_->outcome));
      css = "v-" + verdict;
    }
    std::string out = "<header class=\"summary " + css + "\">\n<div class=\"verdict\">";
    for (char& c : verdict) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    out += verdict + "</div>\n<div class=\"facts\">\n";
    if (report_ != nullptr) {
      out += "<h1>";
      AppendHtmlText(report_->scenario, out);
      out += "</h1>\n<p>scenario <code>";
      AppendHtmlText(report_->scenario_file, out);
      out += "</code></p>\n";
    } else {
      out += "<h1>timeline</h1>\n";
    }
    out += "<p>records from <code>";
    AppendHtmlText(FilesText(), out);
    out += "</code></p>\n<p class=\"counts\">";
    std::string counts;
    if (report_ != nullptr) {
      const assertions::Tally tally = report_->Count();
      counts += std::to_string(tally.failed) + " of " + Plural(tally.total(), "check", "checks") +
                " failed";
      if (tally.explained > 0) counts += " (" + std::to_string(tally.explained) + " explained)";
      counts += " \u00b7 ";
    }
    counts += Plural(timeline_.records, "record", "records") + " \u00b7 " +
              Plural(timeline_.members, "member", "members") + " \u00b7 " +
              Plural(timeline_.sessions, "writer session", "writer sessions") + " \u00b7 " +
              Plural(timeline_.bad_lines, "bad line", "bad lines");
    if (span_ns_) counts += " \u00b7 " + Seconds(*span_ns_) + " from first to last record";
    if (report_ != nullptr && report_->duration_ms) {
      counts +=
          " \u00b7 took " + Seconds(static_cast<std::int64_t>(*report_->duration_ms) * 1000000);
    }
    AppendHtmlText(counts, out);
    out += "</p>\n";
    if (report_ != nullptr && !report_->unverifiable_reason.empty()) {
      out += "<p class=\"reason\">";
      AppendHtmlText(report_->unverifiable_reason, out);
      out += "</p>\n";
    }
    out += "</div>\n</header>\n";
    if (report_ != nullptr && !report_->causes.empty()) {
      out += "<section class=\"causes\"><h2>What explains the failures</h2><ol>\n";
      for (const assertions::RootCause& cause : report_->causes) {
        out += "<li>";
        AppendHtmlText(cause.text + " (explains " + std::to_string(cause.explains) + ")", out);
        out += "</li>\n";
      }
      out += "</ol></section>\n";
    }
    if (report_ != nullptr && !report_->warnings.empty()) {
      out += "<section class=\"warnings\"><h2>Warnings</h2><ul>\n";
      for (const std::string& warning : report_->warnings) {
        out += "<li>";
        AppendHtmlText(warning, out);
        out += "</li>\n";
      }
      out += "</ul></section>\n";
    }
    return out;
  }

  std::string Failures() const {
    if (report_ == nullptr) return "";
    if (findings_.empty()) {
      return "<section id=\"failures\" class=\"failures\"><h2>Failures</h2><p class=\"none\">"
             "None: every expectation and check held.</p></section>\n";
    }
    std::string out =
        "<section id=\"failures\" class=\"failures\"><h2>Failures <span "
        "class=\"keys\">n / p: next / previous</span></h2>\n<ol>\n";
    for (std::size_t f = 0; f < findings_.size(); ++f) {
      const Finding& finding = findings_[f];
      out += "<li class=\"failure\" id=\"f" + std::to_string(f) + "\" data-f=\"" +
             std::to_string(f) +
             "\" tabindex=\"-1\">\n<div class=\"f-head\"><span "
             "class=\"f-kind\">";
      AppendHtmlText(finding.kind, out);
      out += "</span> <b>";
      AppendHtmlText(finding.title, out);
      out += "</b>";
      if (!finding.where.empty()) {
        out += " <code class=\"f-where\">";
        AppendHtmlText(finding.where, out);
        out += "</code>";
      }
      if (finding.cause && report_ != nullptr && *finding.cause < report_->causes.size()) {
        out += " <span class=\"f-cause\">explained: ";
        AppendHtmlText(report_->causes[*finding.cause].text, out);
        out += "</span>";
      }
      out += "</div>\n<ul class=\"f-lines\">\n";
      for (const std::string& line : finding.lines) {
        out += "<li>";
        AppendHtmlText(line, out);
        out += "</li>\n";
      }
      out += "</ul>\n";
      if (!finding.diff.empty()) {
        out +=
            "<details><summary>the closest record, field by field</summary>"
            "<table class=\"diff\"><tr><th>field</th><th>expected</th><th>closest "
            "record</th></tr>\n";
        for (const FieldDiff& diff : finding.diff) {
          out += diff.matched ? "<tr class=\"same\"><td>" : "<tr class=\"differs\"><td>";
          AppendHtmlText(diff.field, out);
          out += "</td><td>";
          AppendHtmlText(diff.expected, out);
          out += "</td><td>";
          AppendHtmlText(diff.actual, out);
          out += "</td></tr>\n";
        }
        out += "</table></details>\n";
      }
      out += "</li>\n";
    }
    out += "</ol>\n</section>\n";
    return out;
  }

  std::string Controls() const {
    std::string out =
        "<section class=\"controls\" id=\"controls\">\n<label>member <select id=\"member\">"
        "<option value=\"\">all</option>";
    for (std::size_t l = 0; l < lanes_.size(); ++l) {
      out += "<option value=\"" + std::to_string(l) + "\">";
      AppendHtmlText(lanes_[l].name, out);
      out += "</option>";
    }
    out += "</select></label>\n<label>op <select id=\"op\"><option value=\"\">all</option>";
    for (std::size_t o = 0; o < ops_.size(); ++o) {
      out += "<option value=\"" + std::to_string(o) + "\">";
      AppendHtmlText(ops_[o].empty() ? "(no op)" : ops_[o], out);
      out += "</option>";
    }
    out +=
        "</select></label>\n<label>search <input id=\"search\" type=\"search\" "
        "placeholder=\"a value, e.g. a MAC\" autocomplete=\"off\"></label>\n"
        "<span id=\"status\" class=\"status\"></span>\n</section>\n";
    return out;
  }

  std::size_t OpId(const std::string& op) {
    const auto [it, inserted] = op_ids_.try_emplace(op, ops_.size());
    if (inserted) ops_.push_back(op);
    return it->second;
  }

  double LaneTop(std::size_t lane) const { return kTop + static_cast<double>(lane) * kLaneHeight; }
  double X(std::size_t record) const { return kGutter + x_[record]; }

  std::string RecordTitle(std::size_t index) const {
    const Record& record = recording_.records[index];
    std::string title = record.HasOp() ? record.Op() : std::string("(no op)");
    if (record.HasName()) title += " " + record.Name();
    title += "\n" + record.where().ToString();
    if (const auto pid = record.Pid()) title += "\npid " + std::to_string(*pid);
    if (const auto ts = record.TsNs(); ts && first_ts_) title += "\n+" + Seconds(*ts - *first_ts_);
    return title;
  }

  static void Title(const std::string& text, std::string& out) {
    out += "<title>";
    internal::AppendHtmlLines(text, out);
    out += "</title>";
  }

  void LaneMarks(std::size_t l, std::string& out) {
    const Lane& lane = lanes_[l];
    double label_end = -1e9;
    std::size_t i = 0;
    while (i < lane.records.size()) {
      const std::size_t first = lane.records[i];
      const long bin = static_cast<long>(x_[first] / bin_width_);
      std::size_t j = i + 1;
      while (j < lane.records.size() &&
             static_cast<long>(x_[lane.records[j]] / bin_width_) == bin) {
        ++j;
      }
      const std::size_t slot = lane.first_slot + i;
      if (j - i == 1) {
        const Record& record = recording_.records[first];
        const std::string op = record.HasOp() ? record.Op() : std::string();
        const std::size_t op_id = OpId(op);
        const double x = X(first);
        out += "<rect class=\"m o" + std::to_string(op_id % 8) +
               (record.Has(recorder::keys::kError) ? " err" : "") + "\" x=\"" + Number(x - 3) +
               "\" y=\"" + Number(kMid - 7) + "\" width=\"6\" height=\"14\" data-r=\"" +
               std::to_string(slot) + "\">";
        Title(RecordTitle(first), out);
        out += "</rect>";
        const std::string label = Shortened(op.empty() ? "(no op)" : op, 14);
        const double width = 6.2 * static_cast<double>(label.size()) + 4;
        if (x - width / 2 > label_end) {
          label_end = x + width / 2;
          out += "<text class=\"ml\" x=\"" + Number(x) + "\" y=\"" + Number(kMid - 10) + "\">";
          AppendHtmlText(label, out);
          out += "</text>";
          if (several_pids_) {
            if (const auto pid = record.Pid()) {
              out += "<text class=\"pid\" x=\"" + Number(x) + "\" y=\"" + Number(kMid + 17) +
                     "\">" + std::to_string(*pid) + "</text>";
            }
          }
        }
      } else {
        std::map<std::string, std::size_t> by_op;
        for (std::size_t k = i; k < j; ++k) {
          const Record& record = recording_.records[lane.records[k]];
          ++by_op[record.HasOp() ? record.Op() : std::string("(no op)")];
        }
        const auto dominant =
            std::max_element(by_op.begin(), by_op.end(),
                             [](const auto& a, const auto& b) { return a.second < b.second; });
        const std::size_t op_id =
            OpId(dominant->first == "(no op)" ? std::string() : dominant->first);
        const double x0 = kGutter + static_cast<double>(bin) * bin_width_;
        out += "<rect class=\"bin o" + std::to_string(op_id % 8) + "\" x=\"" + Number(x0) +
               "\" y=\"" + Number(kMid - 9) + "\" width=\"" + Number(bin_width_) +
               "\" height=\"18\" data-r=\"" + std::to_string(slot) + "\" data-n=\"" +
               std::to_string(j - i) + "\">";
        // Short: a soak's page has thousands of these.
        std::string title = Plural(j - i, "record", "records") + ":";
        for (const auto& [op, count] : by_op) title += " " + op + " " + std::to_string(count);
        Title(title, out);
        out += "</rect>";
      }
      i = j;
    }
  }

  void LaneBadLines(std::size_t l, std::string& out) const {
    for (const Diagnostic* bad : lanes_[l].bad_lines) {
      const std::size_t d = static_cast<std::size_t>(bad - recording_.diagnostics.data());
      const double x = kGutter + BadLineX(*bad);
      out += "<g class=\"badline\" data-d=\"" + std::to_string(d) + "\"";
      const auto finding = bad_line_finding_.find(d);
      if (finding != bad_line_finding_.end())
        out += " data-f=\"" + std::to_string(finding->second) + "\"";
      out += "><path d=\"M" + Number(x - 5) + " " + Number(kMid - 5) + "l10 10m0 -10l-10 10\"/>";
      out += "<text x=\"" + Number(x) + "\" y=\"" + Number(kMid + 18) + "\">bad line</text>";
      Title("bad line " + bad->ToString(), out);
      out += "</g>";
    }
  }

  std::string Svg() {
    const double width = kGutter + kPlotWidth + kRightMargin;
    const double height =
        kTop + static_cast<double>(std::max<std::size_t>(lanes_.size(), 1)) * kLaneHeight + 8;
    std::string out = "<svg id=\"lanes\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                      Number(width) + "\" height=\"" + Number(height) + "\" viewBox=\"0 0 " +
                      Number(width) + " " + Number(height) +
                      "\" role=\"img\" aria-label=\"records per member over time\">\n";
    out += "<defs>";
    for (const std::string_view css : {"ok", "bad", "order", "shared"}) {
      out += "<marker id=\"head-" + std::string(css) + "\" class=\"head " + std::string(css) +
             "\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
             "orient=\"auto-start-reverse\"><path d=\"M0 0L10 5L0 10z\"/></marker>";
    }
    out += "</defs>\n";
    for (std::size_t l = 0; l < lanes_.size(); ++l) {
      const Lane& lane = lanes_[l];
      out += "<g class=\"lane lane-" + std::string(LaneKindName(lane.kind)) + "\" data-lane=\"" +
             std::to_string(l) + "\" transform=\"translate(0 " + Number(LaneTop(l)) + ")\">";
      out += "<rect class=\"lane-bg\" x=\"0\" y=\"0\" width=\"" + Number(width) + "\" height=\"" +
             Number(kLaneHeight) + "\"/>";
      out += "<line class=\"lane-axis\" x1=\"" + Number(kGutter) + "\" y1=\"" + Number(kMid) +
             "\" x2=\"" + Number(kGutter + kPlotWidth) + "\" y2=\"" + Number(kMid) + "\"/>";
      out += "<text class=\"lane-name\" x=\"8\" y=\"" + Number(kMid + 4) + "\">";
      AppendHtmlText(Shortened(lane.name, 20), out);
      std::string title = lane.name + ": " + Plural(lane.records.size(), "record", "records");
      std::set<std::int64_t> lane_pids;
      for (const std::size_t index : lane.records) {
        if (const auto pid = recording_.records[index].Pid()) lane_pids.insert(*pid);
      }
      if (!lane_pids.empty()) {
        title += lane_pids.size() == 1 ? ", pid" : ", pids";
        std::size_t listed = 0;
        for (const std::int64_t pid : lane_pids) {
          if (listed++ == 10) {
            title += " ...";
            break;
          }
          title += " " + std::to_string(pid);
        }
      }
      Title(title, out);
      out += "</text>";
      LaneMarks(l, out);
      LaneBadLines(l, out);
      for (const Outline& outline : outlines_) {
        if (slot_[outline.record] == kNoSlot || lane_of_[slot_[outline.record]] != l) continue;
        const double x = X(outline.record);
        out += "<rect class=\"pin" + std::string(outline.unclaimed ? " unclaimed" : "") +
               "\" x=\"" + Number(x - 7) + "\" y=\"" + Number(kMid - 11) +
               "\" width=\"14\" height=\"22\" rx=\"3\" data-f=\"" +
               std::to_string(outline.finding) + "\" data-r=\"" +
               std::to_string(slot_[outline.record]) + "\">";
        Title(outline.tip, out);
        out += "</rect>";
      }
      for (const Leak& leak : leaks_) {
        if (leak.lane != l) continue;
        double end = kGutter;
        if (!lane.records.empty()) end = X(lane.records.back());
        const double x = end + 12;
        out += "<g class=\"leak\" data-f=\"" + std::to_string(leak.finding) + "\"><path d=\"M" +
               Number(end + 4) + " " + Number(kMid) + "H" + Number(x) + "M" + Number(x) + " " +
               Number(kMid - 9) + "V" + Number(kMid + 9) + "\"/><text x=\"" + Number(x + 4) +
               "\" y=\"" + Number(kMid + 4) + "\">";
        AppendHtmlText(Shortened(leak.text, 22), out);
        out += "</text>";
        Title(leak.text, out);
        out += "</g>";
      }
      out += "</g>\n";
    }
    out += "<g class=\"arrows\">";
    for (const Arrow& arrow : arrows_) {
      if (slot_[arrow.from] == kNoSlot || slot_[arrow.to] == kNoSlot) continue;
      const std::size_t l1 = lane_of_[slot_[arrow.from]];
      const std::size_t l2 = lane_of_[slot_[arrow.to]];
      const double x1 = X(arrow.from);
      const double x2 = X(arrow.to);
      const double y1 = LaneTop(l1) + kMid;
      const double y2 = LaneTop(l2) + kMid;
      // As kReportScript's arrowPath: a curve above a lane for an arrow
      // within it, a gentle one between lanes.
      const double cx = (x1 + x2) / 2;
      const double cy = l1 == l2 ? y1 - 34 : (y1 + y2) / 2 - 12;
      out += "<g class=\"arrow " + std::string(ArrowClass(arrow.kind)) + "\" data-l1=\"" +
             std::to_string(l1) + "\" data-x1=\"" + Number(x1) + "\" data-l2=\"" +
             std::to_string(l2) + "\" data-x2=\"" + Number(x2) + "\"";
      if (arrow.finding) out += " data-f=\"" + std::to_string(*arrow.finding) + "\"";
      out += "><path d=\"M" + Number(x1) + " " + Number(y1) + "Q" + Number(cx) + " " + Number(cy) +
             " " + Number(x2) + " " + Number(y2) + "\" marker-end=\"url(#head-" +
             std::string(ArrowClass(arrow.kind)) + ")\"/><text x=\"" +
             Number((x1 + 2 * cx + x2) / 4) + "\" y=\"" + Number((y1 + 2 * cy + y2) / 4 - 3) +
             "\">";
      AppendHtmlText(arrow.label, out);
      out += "</text>";
      Title(arrow.tip, out);
      out += "</g>";
    }
    out += "</g>\n</svg>\n";
    if (left_out_ > 0) {
      out += "<p class=\"left-out\">";
      AppendHtmlText(std::to_string(left_out_) +
                         " more pins and arrows are not drawn; the failures above list them all",
                     out);
      out += "</p>\n";
    }
    return out;
  }

  std::string Legend() const {
    std::string out = "<section class=\"legend\"><h2>Legend</h2><ul>\n";
    for (std::size_t o = 0; o < ops_.size(); ++o) {
      out += "<li><svg width=\"10\" height=\"14\"><rect class=\"m o" + std::to_string(o % 8) +
             "\" x=\"2\" y=\"0\" width=\"6\" height=\"14\"/></svg> ";
      AppendHtmlText(ops_[o].empty() ? "(no op)" : ops_[o], out);
      out += "</li>\n";
    }
    out +=
        "<li><svg width=\"14\" height=\"18\"><rect class=\"bin o0\" x=\"5\" y=\"0\" width=\"4\" "
        "height=\"18\"/></svg> several records closer than " +
        Number(bin_width_) +
        " px (hover for the count)</li>\n"
        "<li><span class=\"sw sw-ok\"></span> a captured value, from the record that bound it to "
        "one that used it</li>\n"
        "<li><span class=\"sw sw-bad\"></span> the closest record holds another value</li>\n"
        "<li><span class=\"sw sw-order\"></span> order violated: from the record that should "
        "have come first</li>\n"
        "<li><span class=\"sw sw-shared\"></span> a value that should be unique, shared</li>\n"
        "<li><svg width=\"16\" height=\"18\"><rect class=\"pin\" x=\"1\" y=\"1\" width=\"14\" "
        "height=\"16\" rx=\"3\"/></svg> the closest record of a failed expectation</li>\n"
        "<li><svg width=\"16\" height=\"18\"><rect class=\"pin unclaimed\" x=\"1\" y=\"1\" "
        "width=\"14\" height=\"16\" rx=\"3\"/></svg> matched no expectation (strict)</li>\n"
        "<li><span class=\"sym leak-sym\">\u22a3</span> a leak: the member never reached the "
        "rest of its lifecycle</li>\n"
        "<li><span class=\"sym bad-sym\">\u2715</span> a bad line: torn or invalid bytes</li>\n"
        "</ul></section>\n";
    return out;
  }

  // The record as the detail panel shows it: its JSON without the
  // provenance fields, which travel in columns of their own (they differ
  // in every record; the rest repeats and is stored once).
  std::string DetailText(const Record& record, bool strip_pid, bool strip_seq,
                         bool strip_ts) const {
    json fields = record.fields();
    if (fields.is_object()) {
      if (strip_pid) fields.erase(std::string(recorder::keys::kPid));
      if (strip_seq) fields.erase(std::string(recorder::keys::kSeq));
      if (strip_ts) fields.erase(std::string(recorder::keys::kTsNs));
    }
    std::string text = Dump(fields);
    if (text.size() > kMaxDetailBytes) {
      const std::size_t more = text.size() - kMaxDetailBytes;
      text = CutUtf8(text, kMaxDetailBytes) + " \u2026 (" + std::to_string(more) + " more bytes)";
    }
    return text;
  }

  static bool Safe(std::int64_t value) {
    return value >= -kMaxSafeInteger && value <= kMaxSafeInteger;
  }

  std::string Data() const {
    json data;
    json lanes = json::array();
    for (const Lane& lane : lanes_) {
      lanes.push_back(json{{"name", lane.name},
                           {"kind", std::string(LaneKindName(lane.kind))},
                           {"start", lane.first_slot},
                           {"end", lane.first_slot + lane.records.size()}});
    }
    data["lanes"] = std::move(lanes);
    data["ops"] = ops_;
    data["files"] = recording_.files;
    std::map<std::string, std::size_t> file_ids;
    for (std::size_t i = 0; i < recording_.files.size(); ++i)
      file_ids.emplace(recording_.files[i], i);

    json op = json::array(), file = json::array(), line = json::array(), text = json::array();
    json pid = json::array(), seq = json::array(), ts = json::array();
    bool any_pid = false, any_seq = false, any_ts = false;
    std::unordered_map<std::string, std::size_t> text_ids;
    json texts = json::array();
    for (const std::size_t index : slots_) {
      const Record& record = recording_.records[index];
      op.push_back(op_ids_.at(record.HasOp() ? record.Op() : std::string()));
      const auto file_id = file_ids.find(record.file());
      file.push_back(file_id == file_ids.end() ? 0 : file_id->second);
      line.push_back(record.line());
      const auto p = record.Pid();
      const auto s = record.Seq();
      const auto t = record.TsNs();
      const bool strip_pid = p && Safe(*p);
      const bool strip_seq = s && Safe(*s);
      const bool strip_ts = t && first_ts_ && Safe(*t - *first_ts_);
      pid.push_back(strip_pid ? json(*p) : json());
      seq.push_back(strip_seq ? json(*s) : json());
      ts.push_back(strip_ts ? json(*t - *first_ts_) : json());
      any_pid = any_pid || strip_pid;
      any_seq = any_seq || strip_seq;
      any_ts = any_ts || strip_ts;
      std::string detail = DetailText(record, strip_pid, strip_seq, strip_ts);
      const auto [it, inserted] = text_ids.try_emplace(std::move(detail), texts.size());
      if (inserted) texts.push_back(it->first);
      text.push_back(it->second);
    }
    data["op"] = std::move(op);
    if (recording_.files.size() > 1) data["file"] = std::move(file);
    data["line"] = std::move(line);
    data["text"] = std::move(text);
    data["texts"] = std::move(texts);
    if (any_pid) {
      // One writer (the common case) is one number, not one per record.
      const bool one =
          std::all_of(pid.begin(), pid.end(), [&](const json& p) { return p == pid[0]; });
      if (one) {
        data["pid_all"] = pid[0];
      } else {
        data["pid"] = std::move(pid);
      }
    }
    if (any_seq) data["seq"] = std::move(seq);
    if (any_ts) {
      data["ts"] = std::move(ts);
      // As text: nanoseconds since the epoch exceed what a JavaScript number holds.
      data["ts_base"] = std::to_string(*first_ts_);
    }
    json bad = json::array();
    for (const Diagnostic& d : recording_.diagnostics) {
      bad.push_back(json{{"file", d.where.file},
                         {"line", d.where.line},
                         {"column", d.column},
                         {"kind", std::string(recorder::ToString(d.kind))},
                         {"message", d.message},
                         {"excerpt", d.excerpt}});
    }
    data["bad"] = std::move(bad);
    json failures = json::array();
    for (const Finding& finding : findings_) {
      json diff = json::array();
      for (const FieldDiff& field : finding.diff) {
        diff.push_back(json::array({field.field, field.expected, field.actual, field.matched}));
      }
      json records = json::array();
      for (const std::size_t index : finding.records) {
        if (slot_[index] != kNoSlot) records.push_back(slot_[index]);
      }
      failures.push_back(json{{"kind", finding.kind},
                              {"title", finding.title},
                              {"where", finding.where},
                              {"lines", finding.lines},
                              {"diff", std::move(diff)},
                              {"r", std::move(records)},
                              {"d", finding.bad_lines}});
    }
    data["failures"] = std::move(failures);
    return Dump(data);
  }

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

}  // namespace

std::string RenderHtmlReport(const Report& report, const Recording& recording) {
  const Timeline timeline = BuildTimeline(recording, std::nullopt);
  return Page(recording, timeline, &report).Render();
}

std::string RenderTimelineHtml(const Recording& recording,
                               const std::optional<std::string>& member) {
  const Timeline timeline = BuildTimeline(recording, member);
  return Page(recording, timeline, nullptr).Render();
}

}  // namespace witness::cli
