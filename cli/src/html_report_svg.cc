// The SVG of the lanes: marks, aggregated bins, bad lines.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "witness/cli/internal/html_report_page.h"

namespace witness::cli::internal::html_report {

std::size_t Page::OpId(const std::string& op) {
  const auto [it, inserted] = op_ids_.try_emplace(op, ops_.size());
  if (inserted) ops_.push_back(op);
  return it->second;
}

std::string Page::RecordTitle(std::size_t index) const {
  const Record& record = recording_.records[index];
  std::string title = record.HasOp() ? record.Op() : std::string("(no op)");
  if (record.HasName()) title += " " + record.Name();
  title += "\n" + record.where().ToString();
  if (const auto pid = record.Pid()) title += "\npid " + std::to_string(*pid);
  if (const auto ts = record.TsNs(); ts && first_ts_) title += "\n+" + Seconds(*ts - *first_ts_);
  return title;
}

void Page::Title(const std::string& text, std::string& out) {
  out += "<title>";
  internal::AppendHtmlLines(text, out);
  out += "</title>";
}

void Page::LaneMarks(std::size_t l, std::string& out) {
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

void Page::LaneBadLines(std::size_t l, std::string& out) const {
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

std::string Page::Svg() {
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

}  // namespace witness::cli::internal::html_report
