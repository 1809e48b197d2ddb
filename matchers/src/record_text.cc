#include "witness/matchers/internal/record_text.h"

#include <optional>
#include <string>

#include "witness/recorder/excerpt.h"
#include "witness/recorder/printable.h"

namespace witness::matchers::internal {
using recorder::Printable;

// Printable has the last word here as in every renderer, although the JSON
// forms leave it little to do.
std::string ValueText(const nlohmann::json& value) {
  return Printable(recorder::ValueExcerpt(value, kMaxShownJsonBytes));
}

std::string RecordJson(const recorder::Record& record) {
  return Printable(recorder::RecordExcerpt(record, kMaxShownJsonBytes));
}

std::string RecordText(const recorder::Record& record) {
  return Printable(record.where().ToString()) + " " + RecordJson(record);
}

std::string Locations(const std::vector<const recorder::Record*>& records, std::size_t max) {
  std::string text;
  const std::size_t shown = records.size() <= max ? records.size() : max;
  for (std::size_t i = 0; i < shown; ++i) {
    if (i > 0) text += (i + 1 == records.size()) ? " and " : ", ";
    text += Printable(records[i]->where().ToString());
  }
  if (shown < records.size()) text += " and " + std::to_string(records.size() - shown) + " more";
  return text;
}

void ListRecords(const std::vector<const recorder::Record*>& records, int indent,
                 std::ostream& os, std::size_t max) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  for (std::size_t i = 0; i < records.size() && i < max; ++i) {
    os << "\n" << pad << RecordText(*records[i]);
  }
  if (records.size() > max) os << "\n" << pad << "... and " << (records.size() - max) << " more";
}

std::string MemberText(const std::string& name) {
  if (name.empty()) return "(no name)";
  return Printable(recorder::ValueExcerpt(nlohmann::json(name)));
}

std::string DiagnosticText(const recorder::Diagnostic& diagnostic) {
  return Printable(diagnostic.ToString());
}

std::string IndentedLines(const std::string& text) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out += "\n    " + text.substr(start, end - start);
    start = end + 1;
  }
  return out;
}

}  // namespace witness::matchers::internal
