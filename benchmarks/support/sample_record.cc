#include "support/sample_record.h"

#include <cstring>
#include <stdexcept>

namespace witness::bench {
namespace {

// Fixed provenance for the baselines' lines: as many digits as Witness
// writes for a typical pid, a seq in the hundred thousands and a current
// realtime clock.
constexpr std::int64_t kSamplePid = 1234567;
constexpr std::uint64_t kSampleSeq = 123456;
constexpr std::int64_t kSampleTsNs = 1700000000123456789;

constexpr std::size_t kLargeLineBytes = 64 * 1024;

const std::string kZeroId = "w0000-000000000";

std::string FixturePath(std::size_t i) {
  std::string digits = std::to_string(i);
  return "/home/ci/.fleetbox/vms/web-1/fixtures/fixture-" + std::string(4 - digits.size(), '0') +
         digits + ".img";
}

}  // namespace

std::string_view SizeLabel(RecordSize size) noexcept {
  switch (size) {
    case RecordSize::kSmall: return "120B";
    case RecordSize::kTypical: return "350B";
    case RecordSize::kLarge: return "64KiB";
  }
  return "?";
}

SampleRecord::SampleRecord(RecordSize size) : size_(size) {
  static_assert(sizeof("w0000-000000000") - 1 == kIdWidth, "id slot width");
  event_.name = kZeroId;
  switch (size) {
    case RecordSize::kSmall:
      event_.op = "reserve";
      event_.mac = "a2:da:71:da:e0:db";
      break;
    case RecordSize::kTypical:
      event_.op = "create";
      event_.disk_path = "/srv/fb/vms/web-1/disk.raw";
      event_.seed_path = "/srv/fb/vms/web-1/seed.iso";
      event_.efi_path = "/srv/fb/vms/web-1/efi.fd";
      fixtures_ = {"/srv/fb/vms/web-1/fixture-0.img",
                   "/srv/fb/vms/web-1/fixture-1.img"};
      event_.mac = "a2:da:71:da:e0:db";
      event_.cpus = 2;
      event_.memory_bytes = 2147483648;
      break;
    case RecordSize::kLarge:
      event_.op = "create";
      event_.disk_path = "/srv/fb/vms/web-1/disk.raw";
      event_.mac = "a2:da:71:da:e0:db";
      break;
  }
  for (const std::string& fixture : fixtures_) event_.fixture_paths.push_back(fixture);
  recorder::FormatRecord(event_, kSamplePid, kSampleSeq, kSampleTsNs, line_);

  if (size == RecordSize::kLarge) {
    // Add fixtures until the line reaches 64 KiB, then trim the last path so
    // that it is exactly 64 KiB.
    while (line_.size() < kLargeLineBytes) {
      fixtures_.push_back(FixturePath(fixtures_.size()));
      event_.fixture_paths.clear();
      for (const std::string& fixture : fixtures_) event_.fixture_paths.push_back(fixture);
      recorder::FormatRecord(event_, kSamplePid, kSampleSeq, kSampleTsNs, line_);
    }
    fixtures_.back().resize(fixtures_.back().size() - (line_.size() - kLargeLineBytes));
    event_.fixture_paths.back() = fixtures_.back();
    recorder::FormatRecord(event_, kSamplePid, kSampleSeq, kSampleTsNs, line_);
  }

  const std::size_t name_key = line_.find("\"name\":\"" + kZeroId + "\"");
  provenance_offset_ = line_.rfind(",\"pid\":");
  if (name_key == std::string::npos || provenance_offset_ == std::string::npos) {
    throw std::logic_error("sample record line lacks its id or provenance: " + line_);
  }
  id_offset_ = name_key + sizeof("\"name\":\"") - 1;
}

void WriteId(std::uint32_t writer, std::uint64_t index, char* out) noexcept {
  out[0] = 'w';
  for (int i = 4; i >= 1; --i) {
    out[i] = static_cast<char>('0' + writer % 10);
    writer /= 10;
  }
  out[5] = '-';
  for (int i = 14; i >= 6; --i) {
    out[i] = static_cast<char>('0' + index % 10);
    index /= 10;
  }
}

bool ParseId(std::string_view text, std::uint32_t& writer, std::uint64_t& index) noexcept {
  if (text.size() != kIdWidth || text[0] != 'w' || text[5] != '-') return false;
  std::uint32_t w = 0;
  std::uint64_t n = 0;
  for (std::size_t i = 1; i < kIdWidth; ++i) {
    if (i == 5) continue;
    const char c = text[i];
    if (c < '0' || c > '9') return false;
    if (i < 5) {
      w = w * 10 + static_cast<std::uint32_t>(c - '0');
    } else {
      n = n * 10 + static_cast<std::uint64_t>(c - '0');
    }
  }
  writer = w;
  index = n;
  return true;
}

RecordStamper::RecordStamper(const SampleRecord& sample, std::uint32_t writer)
    : sample_(sample), writer_(writer), line_(sample.line()), event_(sample.event()) {
  if (writer >= kMaxWriters) throw std::invalid_argument("writer index out of range for an id");
  std::memcpy(name_, kZeroId.data(), kIdWidth);
  event_.name = std::string_view(name_, kIdWidth);
}

const std::string& RecordStamper::Line(std::uint64_t index) noexcept {
  WriteId(writer_, index, &line_[sample_.id_offset()]);
  return line_;
}

const recorder::Event& RecordStamper::EventFor(std::uint64_t index) noexcept {
  WriteId(writer_, index, name_);
  return event_;
}

}  // namespace witness::bench
