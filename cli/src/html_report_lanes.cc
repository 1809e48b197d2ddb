// The lanes of the HTML report and where each record sits on them.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "witness/cli/internal/html_report_page.h"

namespace witness::cli::internal::html_report {

std::size_t Page::IndexOf(const Record* record) const {
  return static_cast<std::size_t>(record - recording_.records.data());
}

void Page::BuildLanes() {
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
void Page::Place() {
  const std::size_t n = recording_.records.size();
  x_.assign(n, 0);
  if (n == 0) return;
  // The plot spans the backend calls: a session record stamped by another
  // clock (or by hand, in a test's data) must not squeeze them into a
  // corner. Session records outside the span sit at its edges.
  std::optional<std::int64_t> first;
  std::optional<std::int64_t> last;
  for (const bool calls_only : {true, false}) {
    for (const Record& record : recording_.records) {
      if (calls_only && recorder::IsSessionOp(record.Op())) continue;
      if (const auto ts = record.TsNs()) {
        first = first ? std::min(*first, *ts) : *ts;
        last = last ? std::max(*last, *ts) : *ts;
      }
    }
    if (first) break;
  }
  // Times shown relative to the file's first timestamp, session included.
  for (const Record& record : recording_.records) {
    if (const auto ts = record.TsNs()) first_ts_ = first_ts_ ? std::min(*first_ts_, *ts) : *ts;
  }
  const bool timed = first && last && *last > *first;
  if (timed) span_ns_ = *last - *first;
  std::int64_t carried = first.value_or(0);
  for (std::size_t i = 0; i < n; ++i) {
    if (timed) {
      if (const auto ts = recording_.records[i].TsNs()) carried = std::clamp(*ts, *first, *last);
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
void Page::IndexFiles() {
  for (std::size_t i = 0; i < recording_.records.size(); ++i) {
    by_file_[recording_.records[i].file()].emplace_back(recording_.records[i].offset(), i);
  }
  for (auto& [file, offsets] : by_file_) std::sort(offsets.begin(), offsets.end());
}

std::optional<std::size_t> Page::Find(const SourceLocation& where) const {
  const auto file = by_file_.find(where.file);
  if (file == by_file_.end()) return std::nullopt;
  const auto& offsets = file->second;
  const auto it = std::lower_bound(offsets.begin(), offsets.end(),
                                   std::make_pair(where.offset, std::size_t{0}));
  if (it == offsets.end() || it->first != where.offset) return std::nullopt;
  return it->second;
}

std::optional<std::size_t> Page::DiagnosticIndex(const SourceLocation& where) {
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
double Page::BadLineX(const Diagnostic& bad) const {
  const auto file = by_file_.find(bad.where.file);
  if (file == by_file_.end() || file->second.empty()) return 0;
  const auto& offsets = file->second;
  const auto it = std::lower_bound(offsets.begin(), offsets.end(),
                                   std::make_pair(bad.where.offset, std::size_t{0}));
  if (it == offsets.end()) return std::min(kPlotWidth, x_[offsets.back().second] + 6);
  return std::max(0.0, x_[it->second] - 3);
}

}  // namespace witness::cli::internal::html_report
