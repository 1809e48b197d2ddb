// Records that carry a checksum of their own content, so a test can tell an
// intact record from a corrupt one without trusting the reader it tests.
//
//   PayloadSource source(/*seed=*/1);
//   std::mt19937_64 rng(7);
//   ChecksummedRecord r("p0-t1-42", source.Cut(rng, SizeModel().Sample(rng)));
//   writer->Append(r.ToEvent("torture"));
//   ...
//   std::string problem = VerifyChecksummedRecord(read_back);  // "" when intact
#ifndef WITNESS_TESTS_RELIABILITY_HARNESS_PAYLOAD_H_
#define WITNESS_TESTS_RELIABILITY_HARNESS_PAYLOAD_H_

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

#include "witness/recorder/record.h"
#include "witness/recorder/writer.h"

namespace witness::reliability {

// The extra fields a checksummed record carries besides op and name.
inline constexpr std::string_view kPayloadKey = "payload";
inline constexpr std::string_view kChecksumKey = "fnv";

// How payload sizes are drawn: with probability `large_fraction` uniformly in
// log scale from [split_bytes, max_bytes], otherwise from [min_bytes,
// split_bytes]. A mixture keeps the total volume of a run with many records
// within a disk's reach while still sending records far larger than a page.
struct SizeModel {
  std::size_t min_bytes = 100;
  std::size_t split_bytes = 4096;
  std::size_t max_bytes = 256u << 10;
  double large_fraction = 1.0 / 32;

  std::size_t Sample(std::mt19937_64& rng) const;
  // The average payload size this model draws, for estimating volumes.
  double MeanBytes() const;
  // "MIN:SPLIT:MAX:FRACTION", as Parse reads it.
  std::string ToString() const;
  // Throws std::invalid_argument on a malformed or inconsistent spec.
  static SizeModel Parse(std::string_view spec);
};

// A block of text that payloads are cut from: printable ASCII salted with
// what JSON must escape (quotes, backslashes, control characters), multi-byte
// UTF-8 and the record prefix itself, so every record exercises the writer's
// escaping and the reader's resynchronisation. Immutable after construction;
// safe to share between threads.
class PayloadSource {
 public:
  explicit PayloadSource(std::uint64_t seed);

  // A payload of about `size` bytes (never splitting a UTF-8 character); the
  // view lives as long as the source.
  std::string_view Cut(std::mt19937_64& rng, std::size_t size) const;

 private:
  std::string text_;
};

// FNV-1a over the name, a NUL and the payload: binding the name in means a
// payload that ends up under another record's name is caught too.
std::uint64_t Checksum(std::string_view name, std::string_view payload);

// One record to append: the name identifies it, the checksum proves it whole.
class ChecksummedRecord {
 public:
  ChecksummedRecord(std::string name, std::string_view payload);

  // The event to hand to Writer::Append; it refers to this object, which
  // must outlive the call.
  recorder::Event ToEvent(std::string_view op) const;
  const std::string& name() const noexcept { return name_; }

 private:
  std::string name_;
  std::string_view payload_;
  std::string checksum_hex_;
};

// "" when `record` carries a name, a payload and a matching checksum;
// otherwise what is wrong with it, naming its location.
std::string VerifyChecksummedRecord(const recorder::Record& record);

}  // namespace witness::reliability

#endif  // WITNESS_TESTS_RELIABILITY_HARNESS_PAYLOAD_H_
