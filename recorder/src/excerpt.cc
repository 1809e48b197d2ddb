#include "witness/recorder/excerpt.h"

#include <utility>

#include "witness/recorder/printable.h"

namespace witness::recorder {
namespace {

// JSON's escapes cover the C0 controls; DEL and the C1 controls, which JSON
// may leave raw, become \u escapes too, so the text stays JSON that can be
// pasted into a scenario.
std::string Json(const nlohmann::json& value) {
  return PrintableJson(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string Cut(std::string text, std::size_t limit) {
  if (text.size() <= limit) return text;
  const std::size_t full = text.size();
  std::size_t cut = limit;
  // Do not cut a UTF-8 sequence in half.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  return text + "... (" + std::to_string(full) + " bytes)";
}

}  // namespace

std::string ValueExcerpt(const nlohmann::json& value, std::size_t limit) {
  return Cut(Json(value), limit);
}

std::string RecordExcerpt(const Record& record, std::size_t limit) {
  const nlohmann::json& fields = record.fields();
  if (!fields.is_object()) return ValueExcerpt(fields, limit);
  // Records hold their keys sorted; op and name first, as writers put them,
  // so the excerpt reads like the line in the file.
  std::string text = "{";
  const auto add = [&text](const std::string& key, const nlohmann::json& value) {
    if (text.size() > 1) text += ",";
    text += Json(key) + ":" + Json(value);
  };
  for (const char* key : {"op", "name"}) {
    const auto it = fields.find(key);
    if (it != fields.end()) add(key, *it);
  }
  for (const auto& [key, value] : fields.items()) {
    if (key != "op" && key != "name") add(key, value);
  }
  text += "}";
  return Cut(std::move(text), limit);
}

}  // namespace witness::recorder
