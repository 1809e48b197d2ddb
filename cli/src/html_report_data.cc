// The data the HTML page's script reads: records by slot, details, findings.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "witness/cli/internal/html_report_page.h"

namespace witness::cli::internal::html_report {

// The record as the detail panel shows it: its JSON without the
// provenance fields, which travel in columns of their own (they differ
// in every record; the rest repeats and is stored once).
std::string Page::DetailText(const Record& record, bool strip_pid, bool strip_seq,
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

bool Page::Safe(std::int64_t value) {
  return value >= -kMaxSafeInteger && value <= kMaxSafeInteger;
}

std::string Page::Data() const {
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

}  // namespace witness::cli::internal::html_report
