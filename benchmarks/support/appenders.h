// The ways of appending one record per call that the append benchmarks
// compare: the floor, what users would otherwise write, and Witness.
//
//   std::unique_ptr<Appender> appender = MakeAppender(Variant::kRawWrite, path);
//   RecordStamper stamper(sample, /*writer=*/0);
//   appender->Append(stamper, 0);
#ifndef WITNESS_BENCHMARKS_SUPPORT_APPENDERS_H_
#define WITNESS_BENCHMARKS_SUPPORT_APPENDERS_H_

#include <memory>
#include <string>
#include <string_view>

#include "support/append_check.h"
#include "support/sample_record.h"

namespace witness::bench {

enum class Variant {
  kRawWrite,  // one write(2) of the preformatted line on an O_APPEND descriptor: the floor
  kGoFake,    // the reference Go fake: a mutex, then open, write, close per record
  kSpdlog,    // spdlog's basic_file_sink_mt, flushed after every record
  kStdio,     // one FILE* in append mode, fputs then fflush per record
  kWitness,   // witness::recorder::Writer::Append: serialise the event, then write
};

inline constexpr Variant kAllVariants[] = {Variant::kRawWrite, Variant::kGoFake, Variant::kSpdlog,
                                           Variant::kStdio, Variant::kWitness};

// "raw_write", "go_fake", "spdlog", "stdio", "witness": the benchmark names.
std::string_view VariantName(Variant variant) noexcept;

// What the file must look like afterwards: baselines write the sample line
// as is; Witness writes its own provenance and session records.
LineTail ExpectedTail(Variant variant) noexcept;

// One process's way to append to one file. Append is thread-safe (each
// thread brings its own stamper) and throws std::runtime_error when a record
// cannot be written in full; the destructor flushes and closes.
class Appender {
 public:
  virtual ~Appender() = default;
  virtual void Append(RecordStamper& stamper, std::uint64_t index) = 0;
};

// Opens `path` (creating it) the way `variant` does. Throws on failure.
std::unique_ptr<Appender> MakeAppender(Variant variant, const std::string& path);

}  // namespace witness::bench

#endif  // WITNESS_BENCHMARKS_SUPPORT_APPENDERS_H_
