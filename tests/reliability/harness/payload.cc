#include "harness/payload.h"

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <vector>

namespace witness::reliability {
namespace {

std::size_t LogUniform(std::mt19937_64& rng, std::size_t low, std::size_t high) {
  if (low >= high) return low;
  std::uniform_real_distribution<double> exponent(std::log(static_cast<double>(low)),
                                                  std::log(static_cast<double>(high) + 1));
  auto size = static_cast<std::size_t>(std::exp(exponent(rng)));
  return size < low ? low : (size > high ? high : size);
}

double LogUniformMean(std::size_t low, std::size_t high) {
  if (low >= high) return static_cast<double>(low);
  return static_cast<double>(high - low) /
         std::log(static_cast<double>(high) / static_cast<double>(low));
}

bool IsUtf8Continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

constexpr std::size_t kSourceBytes = 1u << 20;

}  // namespace

std::size_t SizeModel::Sample(std::mt19937_64& rng) const {
  std::bernoulli_distribution large(large_fraction);
  return large(rng) ? LogUniform(rng, split_bytes, max_bytes)
                    : LogUniform(rng, min_bytes, split_bytes);
}

double SizeModel::MeanBytes() const {
  return large_fraction * LogUniformMean(split_bytes, max_bytes) +
         (1 - large_fraction) * LogUniformMean(min_bytes, split_bytes);
}

std::string SizeModel::ToString() const {
  char text[96];
  std::snprintf(text, sizeof text, "%zu:%zu:%zu:%g", min_bytes, split_bytes, max_bytes,
                large_fraction);
  return text;
}

SizeModel SizeModel::Parse(std::string_view spec) {
  SizeModel model;
  std::string text(spec);
  char tail = 0;
  if (std::sscanf(text.c_str(), "%zu:%zu:%zu:%lf%c", &model.min_bytes, &model.split_bytes,
                  &model.max_bytes, &model.large_fraction, &tail) != 4) {
    throw std::invalid_argument("size model '" + text + "' is not MIN:SPLIT:MAX:FRACTION");
  }
  if (model.min_bytes == 0 || model.min_bytes > model.split_bytes ||
      model.split_bytes > model.max_bytes || model.max_bytes > kSourceBytes / 2 ||
      model.large_fraction < 0 || model.large_fraction > 1) {
    throw std::invalid_argument(
        "size model '" + text +
        "' needs 0 < MIN <= SPLIT <= MAX <= 512 KiB and 0 <= FRACTION <= 1");
  }
  return model;
}

PayloadSource::PayloadSource(std::uint64_t seed) {
  // Salt: everything JSON escapes, multi-byte characters of every length,
  // and the record prefix, which must never resynchronise a reader when it
  // sits (escaped) inside a string.
  static const std::vector<std::string> kSalt = {
      "\"",
      "\\",
      "\n",
      "\t",
      "\r",
      std::string(1, '\x01'),
      std::string(1, '\x1f'),
      "\x7f",
      "/",
      "\xc3\xa9",
      "\xe2\x82\xac",
      "\xf0\x9f\x98\x80",
      "{\"op\":\"create\"}",
      "}\n{",
  };
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> printable(0x20, 0x7e);
  std::uniform_int_distribution<std::size_t> salt_pick(0, kSalt.size() - 1);
  std::uniform_int_distribution<int> one_in(0, 63);
  text_.reserve(kSourceBytes + 16);
  while (text_.size() < kSourceBytes) {
    if (one_in(rng) == 0) {
      text_ += kSalt[salt_pick(rng)];
    } else {
      text_ += static_cast<char>(printable(rng));
    }
  }
}

std::string_view PayloadSource::Cut(std::mt19937_64& rng, std::size_t size) const {
  if (size > text_.size() / 2) size = text_.size() / 2;
  std::uniform_int_distribution<std::size_t> start_pick(0, text_.size() - size - 8);
  std::size_t start = start_pick(rng);
  std::size_t end = start + size;
  while (start < end && IsUtf8Continuation(text_[start])) ++start;
  while (end < text_.size() && IsUtf8Continuation(text_[end])) ++end;
  return std::string_view(text_).substr(start, end - start);
}

std::uint64_t Checksum(std::string_view name, std::string_view payload) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  auto mix = [&hash](std::string_view bytes) {
    for (char c : bytes) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 0x100000001b3ull;
    }
  };
  mix(name);
  mix(std::string_view("\0", 1));
  mix(payload);
  return hash;
}

namespace {
std::string Hex(std::uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016" PRIx64, value);
  return text;
}
}  // namespace

ChecksummedRecord::ChecksummedRecord(std::string name, std::string_view payload)
    : name_(std::move(name)), payload_(payload), checksum_hex_(Hex(Checksum(name_, payload_))) {}

recorder::Event ChecksummedRecord::ToEvent(std::string_view op) const {
  recorder::Event event;
  event.op = op;
  event.name = name_;
  event.extra = {{kPayloadKey, payload_}, {kChecksumKey, checksum_hex_}};
  return event;
}

std::string VerifyChecksummedRecord(const recorder::Record& record) {
  std::string where =
      record.where().ToString() + " (offset " + std::to_string(record.where().offset) + ")";
  auto name = record.OptionalString("name");
  auto payload = record.OptionalString(kPayloadKey);
  auto checksum = record.OptionalString(kChecksumKey);
  if (!name || !payload || !checksum) {
    return where + ": record lacks name, payload or checksum: " + record.Dump().substr(0, 200);
  }
  std::string actual = Hex(Checksum(*name, *payload));
  if (actual != *checksum) {
    return where + ": record '" + *name + "' is corrupt: checksum " + actual + ", recorded " +
           *checksum + " (payload " + std::to_string(payload->size()) + " bytes)";
  }
  return "";
}

}  // namespace witness::reliability
