// Reading record files: streaming, so memory per line is bounded, and
// merging shards from several processes or hosts.
#include "witness/recorder/reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <queue>
#include <utility>

#include "witness/recorder/internal/line_parser.h"
#include "witness/recorder/internal/system_reason.h"

namespace witness::recorder {
namespace {

constexpr std::size_t kReadChunkBytes = 1 << 16;

// Closes the descriptor on every path out of ReadInto.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) noexcept : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const noexcept { return fd_; }

 private:
  int fd_;
};

void ReadInto(const std::string& path, const ReadOptions& options, Recording& out) {
  FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.get() < 0) {
    throw RecordFileError(
        path, "cannot open record file '" + path + "': " + internal::SystemReason(errno));
  }
  struct stat info {};
  if (::fstat(file.get(), &info) != 0) {
    throw RecordFileError(
        path, "cannot read record file '" + path + "': " + internal::SystemReason(errno));
  }
  if (S_ISDIR(info.st_mode)) {
    throw RecordFileError(path, "cannot read record file '" + path + "': it is a directory");
  }
  internal::LineParser parser(path, options, out);
  internal::LineSplitter splitter(parser, options.max_line_bytes);
  std::string chunk(kReadChunkBytes, '\0');
  for (;;) {
    const ssize_t got = ::read(file.get(), chunk.data(), chunk.size());
    if (got < 0) {
      if (errno == EINTR) continue;
      throw RecordFileError(
          path, "cannot read record file '" + path + "': " + internal::SystemReason(errno));
    }
    if (got == 0) break;
    splitter.Feed(std::string_view(chunk.data(), static_cast<std::size_t>(got)));
  }
  splitter.Finish();
}

// The merge key of a record. A record without ts_ns (the Go reference
// writes none) takes the timestamp of the record before it in its file, 0
// before the first, so such records keep their place in their own file.
struct MergeKey {
  std::int64_t ts_ns;
  std::int64_t pid;
  std::int64_t seq;
  std::size_t file_index;

  bool operator>(const MergeKey& other) const {
    if (ts_ns != other.ts_ns) return ts_ns > other.ts_ns;
    if (pid != other.pid) return pid > other.pid;
    if (seq != other.seq) return seq > other.seq;
    return file_index > other.file_index;
  }
};

}  // namespace

RecordFileError::RecordFileError(std::string path, const std::string& message)
    : std::runtime_error(message), path_(std::move(path)) {}

std::string_view ToString(DiagnosticKind kind) noexcept {
  switch (kind) {
    case DiagnosticKind::kBadJson:
      return "bad json";
    case DiagnosticKind::kNotAnObject:
      return "not an object";
    case DiagnosticKind::kTornRecord:
      return "torn record";
    case DiagnosticKind::kIncompleteTail:
      return "incomplete tail";
    case DiagnosticKind::kLineTooLong:
      return "line too long";
    case DiagnosticKind::kTooDeep:
      return "too deep";
    case DiagnosticKind::kNulByte:
      return "nul byte";
    case DiagnosticKind::kDuplicateKey:
      return "duplicate key";
    case DiagnosticKind::kBadField:
      return "bad field";
  }
  return "unknown";
}

std::string Diagnostic::ToString() const {
  std::string text =
      where.file + ":" + std::to_string(where.line) + ":" + std::to_string(column) + ": " + message;
  if (!excerpt.empty()) text += ": `" + excerpt + "`";
  return text;
}

std::vector<const Record*> Recording::CallRecords() const {
  std::vector<const Record*> calls;
  calls.reserve(records.size());
  for (const Record& record : records) {
    if (!IsSessionOp(record.Op())) calls.push_back(&record);
  }
  return calls;
}

Recording ParseRecords(std::string_view content, const std::string& name,
                       const ReadOptions& options) {
  Recording recording;
  recording.files.push_back(name);
  internal::LineParser parser(name, options, recording);
  internal::LineSplitter splitter(parser, options.max_line_bytes);
  splitter.Feed(content);
  splitter.Finish();
  return recording;
}

Recording ReadRecordFile(const std::string& path, const ReadOptions& options) {
  Recording recording;
  recording.files.push_back(path);
  ReadInto(path, options, recording);
  return recording;
}

Recording ReadRecordFiles(const std::vector<std::string>& paths, const ReadOptions& options) {
  if (paths.size() == 1) return ReadRecordFile(paths.front(), options);
  std::vector<Recording> shards;
  shards.reserve(paths.size());
  Recording merged;
  std::size_t total = 0;
  for (const std::string& path : paths) {
    shards.push_back(ReadRecordFile(path, options));
    merged.files.push_back(path);
    total += shards.back().records.size();
    for (Diagnostic& diagnostic : shards.back().diagnostics) {
      merged.diagnostics.push_back(std::move(diagnostic));
    }
  }

  // A k-way merge rather than a sort: each file's own order is the order
  // its writers' calls happened in, and must survive the merge.
  struct Cursor {
    MergeKey key;
    std::size_t index;
  };
  auto later = [](const Cursor& a, const Cursor& b) { return a.key > b.key; };
  std::priority_queue<Cursor, std::vector<Cursor>, decltype(later)> heads(later);
  std::vector<std::int64_t> carried_ts(shards.size(), 0);
  auto key_of = [&](std::size_t file, std::size_t index) {
    const Record& record = shards[file].records[index];
    if (const auto ts = record.TsNs()) carried_ts[file] = *ts;
    return MergeKey{carried_ts[file], record.Pid().value_or(0), record.Seq().value_or(0), file};
  };
  for (std::size_t file = 0; file < shards.size(); ++file) {
    if (!shards[file].records.empty()) heads.push(Cursor{key_of(file, 0), 0});
  }
  merged.records.reserve(total);
  while (!heads.empty()) {
    const Cursor head = heads.top();
    heads.pop();
    const std::size_t file = head.key.file_index;
    merged.records.push_back(std::move(shards[file].records[head.index]));
    if (head.index + 1 < shards[file].records.size()) {
      heads.push(Cursor{key_of(file, head.index + 1), head.index + 1});
    }
  }
  return merged;
}

}  // namespace witness::recorder
