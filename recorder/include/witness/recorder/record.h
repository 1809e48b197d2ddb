// A record read back from a record file, with where it came from.
//
//   for (const Record& r : recording.records)
//     if (r.Op() == "create") std::cout << r.where().ToString() << " " << r.String("mac");
//
// A Record is a small view of its line: it shares ownership of the bytes it
// was read from (so it may outlive the Recording that held it), knows its op
// and name, and reads every other field from the line when asked. Reading a
// field costs a scan of one line; fields() builds the whole object, and is
// for the few places that need every field.
#ifndef WITNESS_RECORDER_RECORD_H_
#define WITNESS_RECORDER_RECORD_H_

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace witness::recorder {

namespace internal {
class RecordStore;
struct RecordText;
}  // namespace internal

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
  // Records are made by the reader (ReadRecordFile, ParseRecords).
  Record(std::shared_ptr<const internal::RecordStore> store, std::string_view text,
         std::uint64_t offset, std::uint32_t line, std::uint32_t op, std::uint32_t name) noexcept;

  // The record as a JSON value, built from its text on each call.
  nlohmann::json fields() const;
  // The record's JSON object as the file holds it (for a record the reader
  // had to repair, such as one with a duplicate key, the repaired object).
  std::string_view text() const noexcept { return std::string_view(text_, size_); }

  SourceLocation where() const;
  const std::string& file() const noexcept;
  std::size_t line() const noexcept { return line_; }
  std::uint64_t offset() const noexcept { return offset_; }

  bool Has(std::string_view key) const;
  // The field's value, or nullopt when absent.
  std::optional<nlohmann::json> Find(std::string_view key) const;
  // The field's string value; "" when absent or not a string.
  std::string String(std::string_view key) const;
  // The field's string value; nullopt when absent or not a string.
  std::optional<std::string> OptionalString(std::string_view key) const;
  // "" when the record has no string op (or name). Interned: within one
  // file, records with the same op return the same string object.
  const std::string& Op() const noexcept;
  const std::string& Name() const noexcept;
  // True when the record has a string op (or name), "" included.
  bool HasOp() const noexcept { return op_ != 0; }
  bool HasName() const noexcept { return name_ != 0; }
  // Provenance; nullopt for records written by the Go reference.
  std::optional<std::int64_t> Pid() const;
  std::optional<std::int64_t> Seq() const;
  std::optional<std::int64_t> TsNs() const;
  // An integer field; nullopt when absent, fractional or outside int64.
  std::optional<std::int64_t> Integer(std::string_view key) const;

  // The record as one compact JSON line (without the newline), keys sorted.
  std::string Dump() const;

 private:
  friend struct internal::RecordText;  // the reader moves a record's text

  std::shared_ptr<const internal::RecordStore> store_;
  const char* text_;
  std::uint64_t offset_;
  std::uint32_t size_;
  std::uint32_t line_;
  std::uint32_t op_;    // interned in store_; 0: none
  std::uint32_t name_;  // interned in store_; 0: none
};

}  // namespace witness::recorder

#endif  // WITNESS_RECORDER_RECORD_H_
