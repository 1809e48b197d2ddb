// Record accessors: typed views of the JSON fields that tolerate records
// written by other writers (missing keys, other types) without throwing.
#include "witness/recorder/record.h"

#include <limits>
#include <utility>

namespace witness::recorder {

std::string SourceLocation::ToString() const { return file + ":" + std::to_string(line); }

Record::Record(nlohmann::json fields, SourceLocation where)
    : fields_(std::move(fields)), where_(std::move(where)) {}

const nlohmann::json* Record::Find(std::string_view key) const {
  if (!fields_.is_object()) return nullptr;
  const auto it = fields_.find(key);
  return it == fields_.end() ? nullptr : &*it;
}

bool Record::Has(std::string_view key) const { return Find(key) != nullptr; }

std::string Record::String(std::string_view key) const {
  return OptionalString(key).value_or(std::string());
}

std::optional<std::string> Record::OptionalString(std::string_view key) const {
  const nlohmann::json* value = Find(key);
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return value->get<std::string>();
}

namespace {

// An integer field, or nullopt when absent, fractional or outside int64.
std::optional<std::int64_t> IntegerField(const nlohmann::json* value) {
  if (value == nullptr) return std::nullopt;
  if (value->is_number_integer() && !value->is_number_unsigned()) {
    return value->get<std::int64_t>();
  }
  if (value->is_number_unsigned()) {
    const auto unsigned_value = value->get<std::uint64_t>();
    if (unsigned_value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return std::nullopt;
    }
    return static_cast<std::int64_t>(unsigned_value);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::int64_t> Record::Pid() const { return IntegerField(Find("pid")); }
std::optional<std::int64_t> Record::Seq() const { return IntegerField(Find("seq")); }
std::optional<std::int64_t> Record::TsNs() const { return IntegerField(Find("ts_ns")); }

std::string Record::Dump() const {
  return fields_.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace witness::recorder
