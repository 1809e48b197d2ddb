// A record read back from a record file, with where it came from.
//
//   for (const Record& r : recording.records)
//     if (r.Op() == "create") std::cout << r.where().ToString() << " " << r.String("mac");
#ifndef WITNESS_RECORDER_RECORD_H_
#define WITNESS_RECORDER_RECORD_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace witness::recorder {

// Where a record or a diagnostic sits: file, 1-based line, byte offset of the
// record's first byte. A record recovered from inside a torn line shares
// that line's number and has the offset of its own first byte.
struct SourceLocation {
  std::string file;
  std::size_t line = 0;
  std::uint64_t offset = 0;

  // "file:line".
  std::string ToString() const;
};

// One JSON object from a record file. Unknown keys are kept, so expectations
// can name any key; key order is not significant.
class Record {
 public:
  Record(nlohmann::json fields, SourceLocation where);

  const nlohmann::json& fields() const noexcept { return fields_; }
  const SourceLocation& where() const noexcept { return where_; }

  bool Has(std::string_view key) const;
  // The field, or nullptr when absent.
  const nlohmann::json* Find(std::string_view key) const;
  // The field's string value; "" when absent or not a string.
  std::string String(std::string_view key) const;
  // The field's string value; nullopt when absent or not a string.
  std::optional<std::string> OptionalString(std::string_view key) const;
  // "" when the record has no string op.
  std::string Op() const { return String("op"); }
  std::string Name() const { return String("name"); }
  // Provenance; nullopt for records written by the Go reference.
  std::optional<std::int64_t> Pid() const;
  std::optional<std::int64_t> Seq() const;
  std::optional<std::int64_t> TsNs() const;

  // The record as one compact JSON line (without the newline).
  std::string Dump() const;

 private:
  nlohmann::json fields_;
  SourceLocation where_;
};

}  // namespace witness::recorder

#endif  // WITNESS_RECORDER_RECORD_H_
