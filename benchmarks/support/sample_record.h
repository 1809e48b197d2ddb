// The records the append benchmarks write: three sizes, each with a slot
// for a unique (writer, index) id so a run can prove afterwards that every
// record reached the file exactly once and intact.
//
//   SampleRecord sample(RecordSize::kTypical);
//   RecordStamper stamper(sample, /*writer=*/3);
//   write(fd, stamper.Line(17).data(), stamper.Line(17).size());   // a baseline
//   writer->Append(stamper.EventFor(17));                          // Witness
#ifndef WITNESS_BENCHMARKS_SUPPORT_SAMPLE_RECORD_H_
#define WITNESS_BENCHMARKS_SUPPORT_SAMPLE_RECORD_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "witness/recorder/writer.h"

namespace witness::bench {

// ~120 B (a reserve), ~350 B (a typical create), 64 KiB (a create with
// hundreds of fixtures: larger than a pipe buffer and a stdio buffer).
enum class RecordSize { kSmall, kTypical, kLarge };

inline constexpr RecordSize kAllRecordSizes[] = {RecordSize::kSmall, RecordSize::kTypical,
                                                 RecordSize::kLarge};

// "120B", "350B", "64KiB": the label used in benchmark names.
std::string_view SizeLabel(RecordSize size) noexcept;

// The id is the record's name: "w" + 4-digit writer + "-" + 9-digit index.
inline constexpr std::size_t kIdWidth = 15;
inline constexpr std::uint32_t kMaxWriters = 10000;
inline constexpr std::uint64_t kMaxRecordsPerWriter = 1000000000;

// One record shape. line() is the record as the reference format writes it,
// with fixed provenance (pid, seq, ts_ns) so that baselines write exactly as
// many bytes as Witness does. Immutable after construction, so any number
// of threads may share one.
class SampleRecord {
 public:
  explicit SampleRecord(RecordSize size);
  SampleRecord(const SampleRecord&) = delete;
  SampleRecord& operator=(const SampleRecord&) = delete;

  RecordSize size() const noexcept { return size_; }
  // The event a Witness writer records; its name is the id slot (zeros).
  // Its views point into this object.
  const recorder::Event& event() const noexcept { return event_; }
  // The full line, newline included, with an all-zero id.
  const std::string& line() const noexcept { return line_; }
  // Where the id's first byte sits in line().
  std::size_t id_offset() const noexcept { return id_offset_; }
  // Where the provenance begins in line(): the offset of `,"pid":`.
  std::size_t provenance_offset() const noexcept { return provenance_offset_; }

 private:
  RecordSize size_;
  std::vector<std::string> fixtures_;
  recorder::Event event_;
  std::string line_;
  std::size_t id_offset_ = 0;
  std::size_t provenance_offset_ = 0;
};

// Writes the id of (writer, index) into the kIdWidth bytes at `out`.
void WriteId(std::uint32_t writer, std::uint64_t index, char* out) noexcept;

// Parses an id written by WriteId; false when the bytes are not one.
bool ParseId(std::string_view text, std::uint32_t& writer, std::uint64_t& index) noexcept;

// One writer's (thread's or process's) copy of a sample, stamped with its
// ids. Stamping rewrites a few digits in place, so it costs the same few
// nanoseconds in every variant. Not thread-safe; `sample` must outlive it.
class RecordStamper {
 public:
  RecordStamper(const SampleRecord& sample, std::uint32_t writer);
  RecordStamper(const RecordStamper&) = delete;
  RecordStamper& operator=(const RecordStamper&) = delete;

  // The sample line carrying the id (writer, index). Valid until the next call.
  const std::string& Line(std::uint64_t index) noexcept;
  // The sample event named by the id (writer, index). Valid until the next call.
  const recorder::Event& EventFor(std::uint64_t index) noexcept;

 private:
  const SampleRecord& sample_;
  std::uint32_t writer_;
  std::string line_;
  char name_[kIdWidth];
  recorder::Event event_;
};

}  // namespace witness::bench

#endif  // WITNESS_BENCHMARKS_SUPPORT_SAMPLE_RECORD_H_
