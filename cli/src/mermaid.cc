#include "witness/cli/mermaid.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string_view>
#include <tuple>
#include <vector>

#include "witness/recorder/format.h"
#include "witness/recorder/printable.h"

namespace witness::cli {
namespace {

using recorder::Record;

constexpr std::size_t kMaxValueChars = 40;

// Text Mermaid shows as it is: letters, digits and a few marks pass; every
// other ASCII character becomes a #NN; code, which Mermaid turns back into
// the character when it draws. Non-ASCII UTF-8 passes as it is.
std::string MermaidText(std::string_view raw) {
  const std::string text = recorder::Printable(raw);
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const unsigned char byte = static_cast<unsigned char>(c);
    if (byte >= 0x80 || std::isalnum(byte) || c == ' ' || c == '-' || c == '_' || c == '.' ||
        c == '/' || c == '=' || c == ',' || c == '+' || c == '(' || c == ')' || c == '[' ||
        c == ']' || c == '@' || c == '!' || c == '?' || c == '*' || c == '\'' || c == '$' ||
        c == '^' || c == '~' || c == '|') {
      out += c;
    } else {
      out += "#" + std::to_string(byte) + ";";
    }
  }
  return out;
}

std::string Short(const std::string& text) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (chars++ == kMaxValueChars) return text.substr(0, i) + "...";
  }
  return text;
}

// The fields that tell one call from another in a diagram.
std::string Message(const Record& record) {
  std::string message = record.HasOp() ? record.Op() : std::string("(no op)");
  for (const std::string_view key :
       {recorder::keys::kMac, recorder::keys::kAssignedIp, recorder::keys::kError}) {
    if (const auto value = record.OptionalString(key)) {
      message += " " + std::string(key) + "=" + Short(*value);
    }
  }
  return MermaidText(message);
}

struct Row {
  std::size_t order = 0;  // the record's index, or the next record's for a bad line
  int bad_first = 1;      // 0 for a bad line: it comes before the record it precedes
  std::size_t within = 0;
  const TimelineEntry* entry = nullptr;
  const TimelineSection* section = nullptr;
};

}  // namespace

std::string RenderTimelineMermaid(const Timeline& timeline, std::size_t limit) {
  // Recording order across members: a record's address in the recording
  // is its order; a bad line goes before the next record of its section.
  std::vector<Row> rows;
  const Record* base = nullptr;
  for (const TimelineSection& section : timeline.sections) {
    for (const TimelineEntry& entry : section.entries) {
      if (entry.record != nullptr && (base == nullptr || entry.record < base)) base = entry.record;
    }
  }
  for (const TimelineSection& section : timeline.sections) {
    std::size_t next = ~std::size_t{0};
    for (std::size_t i = section.entries.size(); i-- > 0;) {
      const TimelineEntry& entry = section.entries[i];
      Row row;
      row.entry = &entry;
      row.section = &section;
      row.within = i;
      if (entry.record != nullptr) {
        next = static_cast<std::size_t>(entry.record - base);
        row.order = next;
      } else {
        row.order = next;
        row.bad_first = 0;
      }
      rows.push_back(row);
    }
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return std::tie(a.order, a.bad_first, a.within) < std::tie(b.order, b.bad_first, b.within);
  });

  std::set<std::int64_t> pids;
  for (const Row& row : rows) {
    if (row.entry->record == nullptr) continue;
    if (const auto pid = row.entry->record->Pid()) pids.insert(*pid);
  }
  const bool per_pid = pids.size() > 1;
  std::string out = "```mermaid\nsequenceDiagram\n";
  std::map<std::int64_t, std::string> callers;
  if (per_pid) {
    std::size_t n = 0;
    for (const std::int64_t pid : pids) {
      callers[pid] = "p" + std::to_string(n++);
      out += "  participant " + callers[pid] + " as pid " + std::to_string(pid) + "\n";
    }
  } else {
    out += "  participant program\n";
  }
  std::map<const TimelineSection*, std::string> targets;
  std::size_t members = 0;
  for (const TimelineSection& section : timeline.sections) {
    const std::string id = section.has_member ? "m" + std::to_string(members++) : "backend";
    targets[&section] = id;
    out += "  participant " + id + " as " +
           (section.has_member ? MermaidText(section.member) : std::string("backend")) + "\n";
  }
  const std::string first_caller = per_pid ? callers.begin()->second : "program";
  std::size_t shown = 0;
  std::size_t records = 0;
  for (const Row& row : rows) {
    const std::string& target = targets[row.section];
    if (row.entry->record == nullptr) {
      if (shown >= limit) continue;
      const recorder::Diagnostic& bad = *row.entry->bad_line;
      out += "  Note over " + target + ": bad line " +
             MermaidText(bad.where.ToString() + " " + bad.message) + "\n";
      continue;
    }
    ++records;
    if (shown >= limit) continue;
    ++shown;
    const Record& record = *row.entry->record;
    const auto pid = record.Pid();
    const std::string caller = per_pid && pid ? callers[*pid] : first_caller;
    if (recorder::IsSessionOp(record.Op())) {
      out += "  Note over " + caller + ": " + MermaidText(record.Op()) + "\n";
      continue;
    }
    const bool failed = record.Has(recorder::keys::kError);
    out += "  " + caller + (failed ? "-x" : "->>") + target + ": " + Message(record) + "\n";
  }
  if (records > shown) {
    out += "  Note over " + first_caller + ": " + std::to_string(records - shown) +
           " more records not shown (--limit)\n";
  }
  out += "```\n";
  return out;
}

}  // namespace witness::cli
