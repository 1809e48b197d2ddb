#include "witness/matchers/internal/record_text.h"

#include <optional>
#include <string>

#include "witness/recorder/printable.h"

namespace witness::matchers::internal {
namespace {

using recorder::Printable;

std::string Shorten(std::string text) {
  if (text.size() <= kMaxShownJsonBytes) return text;
  const std::size_t full = text.size();
  text.resize(kMaxShownJsonBytes);
  // Do not cut a UTF-8 sequence in half.
  while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80) text.pop_back();
  if (!text.empty() && (static_cast<unsigned char>(text.back()) & 0x80) != 0) text.pop_back();
  return text + "... (" + std::to_string(full) + " bytes)";
}

// JSON's escapes cover the C0 controls; DEL and the C1 controls, which JSON
// may leave raw, become \u escapes too, so the text stays JSON.
std::string Json(const nlohmann::json& value) {
  return recorder::PrintableJson(
      value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace

// Printable has the last word here as in every renderer, although the JSON
// forms leave it little to do.
std::string ValueText(const nlohmann::json& value) { return Printable(Shorten(Json(value))); }

std::string RecordJson(const recorder::Record& record) {
  const nlohmann::json& fields = record.fields();
  if (!fields.is_object()) return ValueText(fields);
  // Records hold their keys sorted; show op and name first, as writers do,
  // so the record reads like the line in the file.
  std::string text = "{";
  auto add = [&](const std::string& key, const nlohmann::json& value) {
    if (text.size() > 1) text += ",";
    text += Json(key) + ":" + Json(value);
  };
  for (const char* key : {"op", "name"}) {
    if (const auto value = record.Find(key)) add(key, *value);
  }
  for (const auto& [key, value] : fields.items()) {
    if (key != "op" && key != "name") add(key, value);
  }
  text += "}";
  return Printable(Shorten(std::move(text)));
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
  return Printable(Json(name));
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
