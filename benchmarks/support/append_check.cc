#include "support/append_check.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace witness::bench {
namespace {

constexpr std::string_view kSessionPrefix = "{\"op\":\"session";

std::string Excerpt(std::string_view line) {
  constexpr std::size_t kMax = 60;
  std::string out;
  for (char c : line.substr(0, kMax)) {
    out += (c >= 0x20 && c < 0x7f) ? c : '?';
  }
  if (line.size() > kMax) out += "...";
  return out;
}

// Consumes `"key":` and a run of digits from the front of `rest`.
bool ConsumeNumberField(std::string_view key, std::string_view& rest) {
  if (rest.substr(0, key.size()) != key) return false;
  rest.remove_prefix(key.size());
  std::size_t digits = 0;
  while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
  if (digits == 0) return false;
  rest.remove_prefix(digits);
  return true;
}

bool IsProvenanceTail(std::string_view tail) {
  return ConsumeNumberField(",\"pid\":", tail) && ConsumeNumberField(",\"seq\":", tail) &&
         ConsumeNumberField(",\"ts_ns\":", tail) && tail == "}";
}

// Why `line` (without its newline) is not an intact stamped record, or ""
// when it is one; sets writer and index when it is.
std::string Inspect(std::string_view line, const SampleRecord& sample, LineTail tail,
                    std::uint32_t& writer, std::uint64_t& index) {
  const std::string_view expected(sample.line().data(), sample.line().size() - 1);
  const std::size_t id = sample.id_offset();
  if (line.size() < id + kIdWidth || line.substr(0, id) != expected.substr(0, id)) {
    return "not a sample record";
  }
  if (!ParseId(line.substr(id, kIdWidth), writer, index)) return "malformed id";
  const std::size_t after_id = id + kIdWidth;
  if (tail == LineTail::kExact) {
    if (line.substr(after_id) != expected.substr(after_id)) return "record differs from the sample";
    return "";
  }
  const std::size_t body_end = sample.provenance_offset();
  if (line.size() < body_end ||
      line.substr(after_id, body_end - after_id) != expected.substr(after_id, body_end - after_id)) {
    return "record differs from the sample";
  }
  if (!IsProvenanceTail(line.substr(body_end))) return "malformed provenance";
  return "";
}

}  // namespace

std::string AppendCheck::Summary() const {
  if (ok()) return std::to_string(intact) + " records intact";
  std::string out;
  auto add = [&out](const std::string& part) {
    if (!out.empty()) out += ", ";
    out += part;
  };
  if (missing != 0) {
    add(std::to_string(missing) + " of " + std::to_string(expected) + " records missing");
  }
  if (duplicates != 0) add(std::to_string(duplicates) + " duplicated");
  if (bad_lines != 0) add(std::to_string(bad_lines) + " bad lines");
  if (!first_problem.empty()) out += " (" + first_problem + ")";
  return out;
}

AppendCheck CheckAppendedLines(std::string_view content, const SampleRecord& sample, LineTail tail,
                               const std::vector<std::uint64_t>& records_per_writer) {
  AppendCheck check;
  std::vector<std::vector<bool>> seen(records_per_writer.size());
  for (std::size_t w = 0; w < records_per_writer.size(); ++w) {
    seen[w].assign(records_per_writer[w], false);
    check.expected += records_per_writer[w];
  }
  auto note = [&check](std::uint64_t line_number, const std::string& what) {
    if (check.first_problem.empty()) {
      check.first_problem = "line " + std::to_string(line_number) + ": " + what;
    }
  };

  std::uint64_t line_number = 0;
  while (!content.empty()) {
    ++line_number;
    const std::size_t newline = content.find('\n');
    const bool terminated = newline != std::string_view::npos;
    const std::string_view line = content.substr(0, terminated ? newline : content.size());
    content.remove_prefix(terminated ? newline + 1 : content.size());

    if (tail == LineTail::kProvenance && line.substr(0, kSessionPrefix.size()) == kSessionPrefix) {
      ++check.session_records;
      continue;
    }
    std::uint32_t writer = 0;
    std::uint64_t index = 0;
    std::string problem = Inspect(line, sample, tail, writer, index);
    if (problem.empty() && !terminated) problem = "no newline at end of file";
    if (problem.empty() && (writer >= seen.size() || index >= seen[writer].size())) {
      problem = "id of a record nobody wrote";
    }
    if (!problem.empty()) {
      ++check.bad_lines;
      note(line_number, problem + ": `" + Excerpt(line) + "`");
      continue;
    }
    if (seen[writer][index]) {
      ++check.duplicates;
      note(line_number, "duplicate of an earlier record: `" + Excerpt(line) + "`");
      continue;
    }
    seen[writer][index] = true;
    ++check.intact;
  }
  check.missing = check.expected - check.intact;
  return check;
}

AppendCheck CheckAppendedFile(const std::string& path, const SampleRecord& sample, LineTail tail,
                              const std::vector<std::uint64_t>& records_per_writer) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw std::runtime_error("cannot open record file '" + path + "': " + std::strerror(errno));
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    const int error = errno;
    ::close(fd);
    throw std::runtime_error("cannot stat record file '" + path + "': " + std::strerror(error));
  }
  const auto size = static_cast<std::size_t>(info.st_size);
  if (size == 0) {
    ::close(fd);
    return CheckAppendedLines({}, sample, tail, records_per_writer);
  }
  void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  const int error = errno;
  ::close(fd);
  if (data == MAP_FAILED) {
    throw std::runtime_error("cannot map record file '" + path + "': " + std::strerror(error));
  }
  AppendCheck check = CheckAppendedLines(std::string_view(static_cast<const char*>(data), size),
                                         sample, tail, records_per_writer);
  ::munmap(data, size);
  return check;
}

}  // namespace witness::bench
