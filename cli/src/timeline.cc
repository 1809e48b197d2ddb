#include "witness/cli/timeline.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string_view>

#include "witness/assertions/render.h"
#include "witness/cli/internal/text_table.h"
#include "witness/cli/usage_error.h"
#include "witness/recorder/format.h"
#include "witness/recorder/printable.h"

namespace witness::cli {
namespace {

using recorder::Diagnostic;
using recorder::Printable;
using recorder::Record;
using recorder::Recording;

// Lifecycle order, so counts read like the life of a member.
constexpr std::string_view kLifecycleOps[] = {recorder::ops::kReserve, recorder::ops::kCreate,
                                              recorder::ops::kStart, recorder::ops::kStop,
                                              recorder::ops::kClose};

int OpRank(std::string_view op) {
  for (std::size_t i = 0; i < std::size(kLifecycleOps); ++i) {
    if (kLifecycleOps[i] == op) return static_cast<int>(i);
  }
  return recorder::IsSessionOp(op) ? 2 * static_cast<int>(std::size(kLifecycleOps))
                                   : static_cast<int>(std::size(kLifecycleOps));
}

// Fields worth a column of their own are shown first, in this order; the
// provenance keys have columns (pid, time) or are noise (seq) in a timeline.
constexpr std::string_view kLeadingKeys[] = {
    recorder::keys::kMac,           recorder::keys::kAssignedIp, recorder::keys::kIpHint,
    recorder::keys::kDiskPath,      recorder::keys::kSeedPath,   recorder::keys::kEfiPath,
    recorder::keys::kFixturePaths,  recorder::keys::kCpus,       recorder::keys::kMemoryBytes,
    recorder::keys::kSerialLogPath, recorder::keys::kError,      recorder::keys::kFault,
    recorder::keys::kFaultRule,     recorder::keys::kArgv0,      recorder::keys::kHost,
    recorder::keys::kSchema,        recorder::keys::kRecords,    recorder::keys::kWriteErrors};
constexpr std::string_view kHiddenKeys[] = {recorder::keys::kOp, recorder::keys::kName,
                                            recorder::keys::kPid, recorder::keys::kSeq,
                                            recorder::keys::kTsNs};

bool IsHidden(std::string_view key) {
  return std::find(std::begin(kHiddenKeys), std::end(kHiddenKeys), key) != std::end(kHiddenKeys);
}

// A value as it reads best in a row: bare when it has no spaces or quotes,
// quoted otherwise; arrays as [a,b].
std::string ShowValue(const nlohmann::json& value) {
  if (value.is_string()) {
    std::string text = Printable(value.get_ref<const std::string&>());
    if (text.empty() || text.find_first_of(" \t\"=,[]") != std::string::npos) {
      return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    return text;
  }
  if (value.is_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (i > 0) out += ",";
      out += ShowValue(value[i]);
    }
    return out + "]";
  }
  return Printable(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string ShowFields(const Record& record) {
  std::string out;
  auto add = [&out](std::string_view key, const nlohmann::json& value) {
    if (!out.empty()) out += "  ";
    out += Printable(key);
    out += "=";
    out += ShowValue(value);
  };
  const nlohmann::json fields = record.fields();
  if (!fields.is_object()) return out;
  for (std::string_view key : kLeadingKeys) {
    const auto value = fields.find(key);
    if (value != fields.end()) add(key, *value);
  }
  for (const auto& [key, value] : fields.items()) {
    bool leading =
        std::find(std::begin(kLeadingKeys), std::end(kLeadingKeys), key) != std::end(kLeadingKeys);
    if (!leading && !IsHidden(key)) add(key, value);
  }
  return out;
}

std::string ShowSince(const std::optional<std::int64_t>& since_ns) {
  if (!since_ns) return "-";
  std::int64_t ms = *since_ns / 1000000;
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "+%lld.%03llds", static_cast<long long>(ms / 1000),
                static_cast<long long>(ms % 1000));
  return buffer;
}

// File names as short as they can be while still telling files apart.
std::map<std::string, std::string> DisplayNames(const std::vector<std::string>& files) {
  std::map<std::string, std::string> names;
  std::set<std::string> seen;
  bool unique = true;
  for (const std::string& file : files) {
    std::string base = file.substr(file.find_last_of('/') + 1);
    if (!seen.insert(base).second) unique = false;
    names[file] = base;
  }
  if (!unique) {
    for (const std::string& file : files) names[file] = file;
  }
  return names;
}

std::string DisplayName(const std::map<std::string, std::string>& names, const std::string& file) {
  auto it = names.find(file);
  return Printable(it == names.end() ? file : it->second);
}

// The member a torn or broken record was about, when its surviving bytes
// hold a complete "name" before the next record begins.
std::optional<std::string> NameInBadLine(std::string_view excerpt) {
  constexpr std::string_view kNameKey = "\"name\":";
  std::size_t key = excerpt.find(kNameKey);
  std::size_t next_record = excerpt.find(recorder::kRecordPrefix, 1);
  if (key == std::string_view::npos ||
      (next_record != std::string_view::npos && key > next_record)) {
    return std::nullopt;
  }
  std::size_t open = key + kNameKey.size();
  if (open >= excerpt.size() || excerpt[open] != '"') return std::nullopt;
  for (std::size_t i = open + 1; i < excerpt.size(); ++i) {
    if (excerpt[i] == '\\') {
      ++i;
    } else if (excerpt[i] == '"') {
      nlohmann::json name = nlohmann::json::parse(excerpt.substr(open, i + 1 - open), nullptr,
                                                  /*allow_exceptions=*/false);
      if (name.is_string()) return name.get<std::string>();
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace

Timeline BuildTimeline(const Recording& recording, const std::optional<std::string>& member) {
  Timeline timeline;
  timeline.files = recording.files;

  std::optional<std::int64_t> first_ts;
  for (const Record& record : recording.records) {
    if (auto ts = record.TsNs()) first_ts = first_ts ? std::min(*first_ts, *ts) : *ts;
  }
  auto entry_for = [&first_ts](const Record& record) {
    TimelineEntry entry;
    entry.record = &record;
    if (auto ts = record.TsNs(); ts && first_ts) entry.since_first_ns = *ts - *first_ts;
    return entry;
  };

  std::map<std::string, std::size_t> section_of;
  TimelineSection other;
  other.has_member = false;
  std::set<std::string> all_members;
  std::map<std::string, std::size_t> counts;
  for (const Record& record : recording.records) {
    std::optional<std::string> name = record.OptionalString(recorder::keys::kName);
    if (name) all_members.insert(*name);
    if (member && name != member) continue;
    if (!name) {
      other.entries.push_back(entry_for(record));
    } else {
      auto [it, inserted] = section_of.try_emplace(*name, timeline.sections.size());
      if (inserted) {
        TimelineSection section;
        section.member = *name;
        timeline.sections.push_back(std::move(section));
      }
      timeline.sections[it->second].entries.push_back(entry_for(record));
    }
    ++timeline.records;
    std::string op(record.Op());
    if (op == recorder::ops::kSession) ++timeline.sessions;
    ++counts[op];
  }
  timeline.bad_lines = recording.diagnostics.size();
  timeline.members = all_members.size();

  if (member && section_of.empty()) {
    std::string known;
    for (const std::string& name : all_members) {
      known += known.empty() ? "" : ", ";
      known += Printable(name);
    }
    throw UsageError(
        "no records for member '" + Printable(*member) + "' in the recording" +
        (known.empty() ? std::string(" (it names no members)") : " (members: " + known + ")"));
  }

  // A bad line goes to the member its torn bytes name, when they name one,
  // else among the records that name no member; either way just before the
  // first record of its section that follows it in its file.
  for (const Diagnostic& d : recording.diagnostics) {
    TimelineSection* section = &other;
    if (std::optional<std::string> name = NameInBadLine(d.excerpt)) {
      auto it = section_of.find(*name);
      if (it != section_of.end()) {
        section = &timeline.sections[it->second];
      } else if (member && all_members.count(*name) > 0) {
        continue;  // another member's record, filtered out with the rest of them
      }
    }
    TimelineEntry entry;
    entry.bad_line = &d;
    auto follows = std::find_if(
        section->entries.begin(), section->entries.end(), [&d](const TimelineEntry& e) {
          return e.record != nullptr && e.record->where().file == d.where.file &&
                 e.record->where().offset > d.where.offset;
        });
    section->entries.insert(follows, entry);
  }
  if (!other.entries.empty()) timeline.sections.push_back(std::move(other));

  for (const auto& [op, count] : counts) timeline.counts.emplace_back(op, count);
  std::stable_sort(timeline.counts.begin(), timeline.counts.end(),
                   [](const auto& a, const auto& b) {
                     int rank_a = OpRank(a.first);
                     int rank_b = OpRank(b.first);
                     return rank_a != rank_b ? rank_a < rank_b : a.first < b.first;
                   });
  return timeline;
}

std::string RenderTimelineText(const Timeline& timeline, const Palette& palette) {
  std::map<std::string, std::string> names = DisplayNames(timeline.files);
  std::string out;

  std::string files;
  for (const std::string& file : timeline.files) {
    files += files.empty() ? "" : ", ";
    files += Printable(file);
  }
  auto plural = [](std::size_t n, std::string_view one, std::string_view many) {
    return std::to_string(n) + " " + std::string(n == 1 ? one : many);
  };
  std::string summary = files + ": " + plural(timeline.records, "record", "records");
  if (timeline.sessions > 0) {
    summary += " from " + plural(timeline.sessions, "writer session", "writer sessions");
  }
  summary += ", " + plural(timeline.members, "member", "members");
  summary += ", " + plural(timeline.bad_lines, "bad line", "bad lines");
  out += palette.Paint(timeline.bad_lines > 0 ? Style::kWarning : Style::kHeading, summary);
  out += "\n";

  internal::TextTable table({"TIME", "OP", "PID", "WHERE", "FIELDS"});
  for (const TimelineSection& section : timeline.sections) {
    table.AddHeading(section.has_member ? Printable(section.member) : "(no member)");
    for (const TimelineEntry& entry : section.entries) {
      if (entry.bad_line != nullptr) {
        const Diagnostic& d = *entry.bad_line;
        std::string what = Printable(d.message);
        if (!d.excerpt.empty()) what += ": `" + Printable(d.excerpt) + "`";
        table.AddRow({{"", Style::kPlain},
                      {"BAD LINE", Style::kFailure},
                      {"", Style::kPlain},
                      {DisplayName(names, d.where.file) + ":" + std::to_string(d.where.line) + ":" +
                           std::to_string(d.column),
                       Style::kDim},
                      {what, Style::kFailure}});
        continue;
      }
      const Record& record = *entry.record;
      std::string op(record.Op());
      Style op_style = Style::kAccent;
      if (recorder::IsSessionOp(op)) op_style = Style::kDim;
      if (record.Has(recorder::keys::kError)) op_style = Style::kFailure;
      auto pid = record.Pid();
      table.AddRow(
          {{ShowSince(entry.since_first_ns), Style::kDim},
           {op.empty() ? "(no op)" : Printable(op), op_style},
           {pid ? std::to_string(*pid) : "-", Style::kPlain},
           {DisplayName(names, record.where().file) + ":" + std::to_string(record.where().line),
            Style::kDim},
           {ShowFields(record), Style::kPlain}});
    }
  }
  out += table.Render(palette);

  if (!timeline.counts.empty()) {
    out += "\n";
    internal::TextTable counts({"OP", "COUNT"});
    for (const auto& [op, count] : timeline.counts) {
      counts.AddRow({{op.empty() ? "(no op)" : Printable(op), Style::kPlain},
                     {std::to_string(count), Style::kPlain}});
    }
    counts.SetRightAligned(1);
    out += counts.Render(palette);
  }
  return out;
}

namespace {

// `value` as nlohmann writes it with an indent of 2, placed at `depth`
// levels of nesting: each line after the first moves right by 2 * depth.
template <typename Json>
std::string Indented(const Json& value, int depth) {
  const std::string text = value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  const std::string pad(static_cast<std::size_t>(2 * depth), ' ');
  std::string out;
  out.reserve(text.size());
  std::size_t begin = 0;
  for (;;) {
    const std::size_t newline = text.find('\n', begin);
    out.append(text, begin, newline == std::string::npos ? std::string::npos : newline - begin);
    if (newline == std::string::npos) break;
    out += '\n';
    out += pad;
    begin = newline + 1;
  }
  return out;
}

// A JSON array at `depth`, laid out as nlohmann lays out an array with an
// indent of 2, its elements' text (already placed at depth + 1) handed
// over one by one through `each`'s emit callback.
// `flush` is called after each element, so a long array need not be held.
template <typename Each, typename Flush>
void AppendArray(int depth, std::string& out, Each each, Flush flush) {
  const std::string inner(static_cast<std::size_t>(2 * (depth + 1)), ' ');
  bool any = false;
  each([&](const std::string& element) {
    out += any ? ",\n" : "[\n";
    any = true;
    out += inner;
    out += element;
    flush();
  });
  if (!any) {
    out += "[]";
    return;
  }
  out += '\n';
  out += std::string(static_cast<std::size_t>(2 * depth), ' ');
  out += ']';
}

}  // namespace

std::string RenderTimelineJson(const Timeline& timeline) {
  std::ostringstream out;
  WriteTimelineJson(timeline, out);
  return out.str();
}

// Written piece by piece, and to the stream as it goes, rather than as one
// document: a document of 100,000 records held whole took 164 MiB and 1.26x
// a Python json.loads loop. The output is the same, byte for byte, as that
// document's dump.
void WriteTimelineJson(const Timeline& timeline, std::ostream& stream) {
  using ordered = nlohmann::ordered_json;
  // A record's row, at `depth`, as nlohmann would lay out the object
  // {file, line, op, pid, since_first_ns, record} there; written directly,
  // so the record's own fields are built and written once.
  auto record_row = [](const TimelineEntry& entry, int depth) {
    const Record& record = *entry.record;
    const std::string pad(static_cast<std::size_t>(2 * depth + 2), ' ');
    const auto text = [](const std::string& value) {
      return nlohmann::json(value).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    };
    const auto number = [](const std::optional<std::int64_t>& value) {
      return value ? std::to_string(*value) : std::string("null");
    };
    std::string row = "{\n" + pad + "\"file\": " + text(record.file());
    row += ",\n" + pad + "\"line\": " + std::to_string(record.line());
    row += ",\n" + pad + "\"op\": " + text(record.Op());
    row += ",\n" + pad + "\"pid\": " + number(record.Pid());
    row += ",\n" + pad + "\"since_first_ns\": " + number(entry.since_first_ns);
    row += ",\n" + pad + "\"record\": " + Indented(record.fields(), depth + 1);
    row += "\n" + pad.substr(2) + "}";
    return row;
  };
  auto bad_line_json = [](const Diagnostic& d) {
    ordered row;
    row["file"] = d.where.file;
    row["line"] = d.where.line;
    row["column"] = d.column;
    row["offset"] = d.where.offset;
    row["kind"] = std::string(recorder::ToString(d.kind));
    row["message"] = d.message;
    row["excerpt"] = d.excerpt;
    return row;
  };

  std::string out = "{\n  \"schema\": " + std::to_string(assertions::kReportSchemaVersion) +
                    ",\n  \"files\": " + Indented(ordered(timeline.files), 1);
  // DEL and C1 controls escaped piece by piece: no piece splits a character.
  const auto flush = [&] {
    if (out.size() < (64u << 10)) return;
    stream << recorder::PrintableJson(out);
    out.clear();
  };
  // The members array is laid out by hand as AppendArray lays one out, so
  // each member's records go to the stream as they are made.
  out += ",\n  \"members\": ";
  bool any_member = false;
  for (const TimelineSection& section : timeline.sections) {
    if (!section.has_member) continue;
    out += any_member ? ",\n    " : "[\n    ";
    any_member = true;
    out += "{\n      \"name\": " + Indented(ordered(section.member), 3);
    out += ",\n      \"records\": ";
    AppendArray(
        3, out,
        [&](const auto& emit_record) {
          for (const TimelineEntry& entry : section.entries) {
            if (entry.bad_line == nullptr) emit_record(record_row(entry, 4));
          }
        },
        flush);
    out += "\n    }";
  }
  out += any_member ? "\n  ]" : "[]";
  out += ",\n  \"other\": ";
  AppendArray(1, out, [&](const auto& emit) {
    for (const TimelineSection& section : timeline.sections) {
      if (section.has_member) continue;
      for (const TimelineEntry& entry : section.entries) {
        if (entry.bad_line == nullptr) emit(record_row(entry, 2));
      }
    }
  }, flush);
  out += ",\n  \"bad_lines\": ";
  AppendArray(1, out, [&](const auto& emit) {
    for (const TimelineSection& section : timeline.sections) {
      for (const TimelineEntry& entry : section.entries) {
        if (entry.bad_line != nullptr) emit(Indented(bad_line_json(*entry.bad_line), 2));
      }
    }
  }, flush);
  ordered counts = ordered::object();
  for (const auto& [op, count] : timeline.counts) counts[op] = count;
  out += ",\n  \"counts\": " + Indented(counts, 1);
  out += ",\n  \"records\": " + std::to_string(timeline.records);
  out += ",\n  \"sessions\": " + std::to_string(timeline.sessions);
  out += "\n}\n";
  stream << recorder::PrintableJson(out);
}

}  // namespace witness::cli
