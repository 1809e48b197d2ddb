// Record accessors: typed views of the fields of one line, read from its
// text on demand, that tolerate records written by other writers (missing
// keys, other types) without throwing.
#include "witness/recorder/record.h"

#include <utility>

#include "witness/recorder/format.h"
#include "witness/recorder/internal/record_scan.h"
#include "witness/recorder/internal/record_store.h"

namespace witness::recorder {

std::string SourceLocation::ToString() const { return file + ":" + std::to_string(line); }

Record::Record(std::shared_ptr<const internal::RecordStore> store, std::string_view text,
               std::uint64_t offset, std::uint32_t line, std::uint32_t op,
               std::uint32_t name) noexcept
    : store_(std::move(store)),
      text_(text.data()),
      offset_(offset),
      size_(static_cast<std::uint32_t>(text.size())),
      line_(line),
      op_(op),
      name_(name) {}

nlohmann::json Record::fields() const {
  // The text is valid JSON: the reader certified it or wrote it itself.
  return nlohmann::json::parse(text(), nullptr, /*allow_exceptions=*/false);
}

SourceLocation Record::where() const { return SourceLocation{file(), line_, offset_}; }

const std::string& Record::file() const noexcept { return store_->file(); }

const std::string& Record::Op() const noexcept { return store_->Interned(op_); }
const std::string& Record::Name() const noexcept { return store_->Interned(name_); }

bool Record::Has(std::string_view key) const {
  return internal::FindValueText(text(), key).has_value();
}

std::optional<nlohmann::json> Record::Find(std::string_view key) const {
  const auto value = internal::FindValueText(text(), key);
  if (!value) return std::nullopt;
  return nlohmann::json::parse(*value, nullptr, /*allow_exceptions=*/false);
}

std::string Record::String(std::string_view key) const {
  return OptionalString(key).value_or(std::string());
}

std::optional<std::string> Record::OptionalString(std::string_view key) const {
  if (key == keys::kOp && op_ != 0) return Op();
  if (key == keys::kName && name_ != 0) return Name();
  const auto value = internal::FindValueText(text(), key);
  if (!value || value->size() < 2 || value->front() != '"') return std::nullopt;
  const std::string_view body = value->substr(1, value->size() - 2);
  if (body.find('\\') == std::string_view::npos) return std::string(body);
  return internal::DecodeJsonString(body);
}

std::optional<std::int64_t> Record::Integer(std::string_view key) const {
  const auto value = internal::FindValueText(text(), key);
  if (!value) return std::nullopt;
  return internal::ParseInteger(*value);
}

std::optional<std::int64_t> Record::Pid() const { return Integer(keys::kPid); }
std::optional<std::int64_t> Record::Seq() const { return Integer(keys::kSeq); }
std::optional<std::int64_t> Record::TsNs() const { return Integer(keys::kTsNs); }

std::string Record::Dump() const {
  return fields().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace witness::recorder
