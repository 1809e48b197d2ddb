// Reading record files: streaming, so memory per line is bounded, and
// merging shards from several processes or hosts.
#include "witness/recorder/reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <queue>
#include <utility>

#include "witness/recorder/internal/line_parser.h"
#include "witness/recorder/internal/record_store.h"
#include "witness/recorder/internal/system_reason.h"
#include "witness/recorder/internal/unique_fd.h"

namespace witness::recorder {
namespace {

// A regular file up to this size is read in one chunk. A larger one is read
// in chunks of kReadChunkBytes, each kept only while a record points into
// it, and copied out of when its records hold a small part of it: the lines
// of a large file that are over the line limit cost a chunk or two, not
// their length.
constexpr std::size_t kWholeFileBytes = 8u << 20;
constexpr std::size_t kReadChunkBytes = 2u << 20;
// Reads from a stream (a pipe, standard input) go in smaller steps.
constexpr std::size_t kStreamChunkBytes = 1u << 20;

// What a path that is not a regular file is, for the refusal.
const char* FileKind(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "not a regular file";
}

// Reserves room for the records of a file of `bytes` bytes: a recording
// holds one record per 20-200 bytes, and growing the array by doubling would
// touch every page of it twice.
void ReserveRecords(Recording& out, std::uint64_t bytes) {
  constexpr std::uint64_t kSmallestRecordBytes = 24;
  constexpr std::uint64_t kMaxReserved = 1u << 22;
  const std::uint64_t estimate = std::min(bytes / kSmallestRecordBytes, kMaxReserved);
  if (estimate <= out.records.capacity() - out.records.size()) return;
  out.records.reserve(out.records.size() + static_cast<std::size_t>(estimate));
}

std::string CannotRead(const std::string& path, const std::string& why) {
  return "cannot read record file '" + path + "': " + why;
}

void RequireWithinTotal(const std::string& path, std::uint64_t total, const ReadOptions& options) {
  if (options.max_total_bytes == 0 || total <= options.max_total_bytes) return;
  throw RecordFileError(path, CannotRead(path, "more than " +
                                                   std::to_string(options.max_total_bytes) +
                                                   " bytes (the limit on one recording)"));
}

// Parses `chunk`, the store's newest chunk, and keeps it only as far as its
// records need: freed when none points into it, copied out of when they hold
// under a quarter of a large one.
void FeedChunk(std::string_view chunk, internal::RecordStore& store, internal::LineParser& parser,
               internal::LineSplitter& splitter, Recording& out) {
  const std::size_t before = parser.stable_records();
  const std::size_t first_record = out.records.size();
  const std::size_t first_kept_bytes = parser.stable_bytes();
  splitter.Feed(chunk, /*stable=*/true);
  if (parser.stable_records() == before) {
    store.DropLastChunk();
  } else if ((parser.stable_bytes() - first_kept_bytes) * 4 < chunk.size() &&
             chunk.size() >= kReadChunkBytes / 2) {
    store.CompactLastChunk(out.records, first_record);
  }
}

void ReadInto(const std::string& path, const ReadOptions& options, Recording& out) {
  const bool standard_input = path == kStandardInput;
  // O_NONBLOCK: opening a FIFO would otherwise wait for a writer before the
  // check below could refuse it. It means nothing for a regular file.
  internal::UniqueFd owned;  // standard input is not ours to close
  if (!standard_input) owned.reset(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  const int fd = standard_input ? STDIN_FILENO : owned.get();
  if (fd < 0) {
    throw RecordFileError(
        path, "cannot open record file '" + path + "': " + internal::SystemReason(errno));
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    throw RecordFileError(path, CannotRead(path, internal::SystemReason(errno)));
  }
  // A FIFO or a device never ends the way a file does (a FIFO with no
  // writer blocks for ever, /dev/zero never ends): only standard input is
  // read as a stream, where the user asked for one.
  const bool regular = S_ISREG(info.st_mode);
  if (!regular && !(standard_input && (S_ISFIFO(info.st_mode) || S_ISCHR(info.st_mode) ||
                                       S_ISSOCK(info.st_mode)))) {
    throw RecordFileError(path, CannotRead(path, std::string("it is ") + FileKind(info.st_mode)));
  }
  auto store = std::make_shared<internal::RecordStore>(path);
  internal::LineParser parser(store, options, out);
  internal::LineSplitter splitter(parser, options.max_line_bytes);
  std::uint64_t remaining = regular ? static_cast<std::uint64_t>(info.st_size) : 0;
  std::uint64_t total = 0;
  if (regular) ReserveRecords(out, remaining);
  const bool whole_file = regular && remaining + 4096 <= kWholeFileBytes;
  for (;;) {
    // A regular file is read in chunks of its size as fstat saw it (plus
    // one page, to see the end, or bytes appended since).
    std::size_t size = kStreamChunkBytes;
    if (regular) {
      size = static_cast<std::size_t>(
          whole_file ? remaining + 4096
                     : std::min<std::uint64_t>(remaining + 4096, kReadChunkBytes));
    }
    char* chunk = store->NewChunk(size);
    std::size_t filled = 0;
    while (filled < size) {
      const ssize_t got = ::read(fd, chunk + filled, size - filled);
      if (got < 0) {
        if (errno == EINTR) continue;
        throw RecordFileError(path, CannotRead(path, internal::SystemReason(errno)));
      }
      if (got == 0) break;
      filled += static_cast<std::size_t>(got);
    }
    total += filled;
    RequireWithinTotal(path, total, options);
    FeedChunk(std::string_view(chunk, filled), *store, parser, splitter, out);
    if (filled == 0) break;
    remaining = remaining > filled ? remaining - filled : 0;
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
    : Error(message), path_(std::move(path)) {}

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
  for (const Record& record : *this) calls.push_back(&record);
  return calls;
}

Recording::size_type Recording::size() const noexcept {
  return static_cast<size_type>(std::distance(begin(), end()));
}

Recording ParseRecords(std::string_view content, const std::string& name,
                       const ReadOptions& options) {
  Recording recording;
  recording.files.push_back(name);
  // The records point into the store's copy: `content` is the caller's.
  auto store = std::make_shared<internal::RecordStore>(name);
  char* copy = store->NewChunk(content.size());
  std::copy(content.begin(), content.end(), copy);
  internal::LineParser parser(store, options, recording);
  internal::LineSplitter splitter(parser, options.max_line_bytes);
  splitter.Feed(std::string_view(copy, content.size()), /*stable=*/true);
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

// How much of a followed file's start is kept to tell a file rewritten in
// place from one that grew.
constexpr std::size_t kStartBytes = 256;

struct RecordFollower::State {
  explicit State(const std::string& path, const ReadOptions& options)
      : store(std::make_shared<internal::RecordStore>(path)),
        parser(store, options, recording),
        splitter(parser, options.max_line_bytes) {
    recording.files.push_back(path);
    parser.set_live(true);
  }

  Recording recording;
  std::shared_ptr<internal::RecordStore> store;
  internal::LineParser parser;
  internal::LineSplitter splitter;
  int fd = -1;
  std::uint64_t offset = 0;  // bytes read so far
  std::string start;         // the file's first bytes, up to kStartBytes
};

RecordFollower::RecordFollower(std::string path, const ReadOptions& options)
    : path_(std::move(path)), options_(options) {
  Restart();
}

RecordFollower::~RecordFollower() {
  if (state_->fd >= 0) ::close(state_->fd);
}

void RecordFollower::Restart() {
  if (state_ && state_->fd >= 0) {
    ::close(state_->fd);
    state_->fd = -1;
  }
  state_ = std::make_unique<State>(path_, options_);
  ++restarts_;
}

const Recording& RecordFollower::recording() const noexcept { return state_->recording; }
bool RecordFollower::file_seen() const noexcept { return state_->fd >= 0; }
std::uint64_t RecordFollower::bytes_parsed() const noexcept { return bytes_parsed_; }

bool RecordFollower::Poll() {
  if (state_->fd < 0) {
    const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
      if (errno == ENOENT) return false;
      throw RecordFileError(
          path_, "cannot open record file '" + path_ + "': " + internal::SystemReason(errno));
    }
    state_->fd = fd;
  }
  struct stat info {};
  if (::fstat(state_->fd, &info) != 0) {
    throw RecordFileError(path_, CannotRead(path_, internal::SystemReason(errno)));
  }
  if (!S_ISREG(info.st_mode)) {
    throw RecordFileError(path_, CannotRead(path_, std::string("it is ") + FileKind(info.st_mode)));
  }
  // Replaced (a new file at the path) or truncated: what was read is not
  // this file's any more.
  struct stat now {};
  const bool replaced = ::stat(path_.c_str(), &now) == 0 &&
                        (now.st_ino != info.st_ino || now.st_dev != info.st_dev);
  const bool truncated = static_cast<std::uint64_t>(info.st_size) < state_->offset;
  if (replaced || truncated) {
    Restart();
    Poll();
    return true;
  }
  // Rewritten in place (truncated, then grown past where it was read): its
  // first bytes tell, as its size may not.
  if (!StartUnchanged()) {
    Restart();
    Poll();
    return true;
  }
  return ReadAppended(static_cast<std::uint64_t>(info.st_size) - state_->offset);
}

bool RecordFollower::StartUnchanged() {
  State& state = *state_;
  if (state.start.empty()) return true;
  std::string now(state.start.size(), '\0');
  const ssize_t got = ::pread(state.fd, now.data(), now.size(), 0);
  return got == static_cast<ssize_t>(now.size()) && now == state.start;
}

bool RecordFollower::ReadAppended(std::uint64_t appended) {
  State& state = *state_;
  const std::size_t records = state.recording.records.size();
  const std::size_t diagnostics = state.recording.diagnostics.size();
  for (;;) {
    // Sized to what fstat saw appended, so many small polls keep small
    // chunks; what arrives meanwhile is the next poll's.
    if (appended == 0) break;
    const std::size_t size =
        static_cast<std::size_t>(std::min<std::uint64_t>(appended, kReadChunkBytes));
    char* chunk = state.store->NewChunk(size);
    const ssize_t got = ::pread(state.fd, chunk, size, static_cast<off_t>(state.offset));
    if (got < 0) {
      const int error = errno;
      state.store->DropLastChunk();
      if (error == EINTR) continue;
      throw RecordFileError(path_, CannotRead(path_, internal::SystemReason(error)));
    }
    if (got == 0) {
      state.store->DropLastChunk();
      break;
    }
    state.offset += static_cast<std::uint64_t>(got);
    bytes_parsed_ += static_cast<std::uint64_t>(got);
    appended = appended > static_cast<std::uint64_t>(got) ? appended - static_cast<std::uint64_t>(got) : 0;
    RequireWithinTotal(path_, state.offset, options_);
    if (state.start.size() < kStartBytes) {
      state.start.append(chunk, std::min<std::size_t>(static_cast<std::size_t>(got),
                                                      kStartBytes - state.start.size()));
    }
    FeedChunk(std::string_view(chunk, static_cast<std::size_t>(got)), *state.store, state.parser,
              state.splitter, state.recording);
  }
  return state.recording.records.size() != records ||
         state.recording.diagnostics.size() != diagnostics;
}

void RecordFollower::Finish() {
  Poll();
  if (state_->fd < 0) {
    throw RecordFileError(path_, "cannot open record file '" + path_ +
                                     "': " + internal::SystemReason(ENOENT));
  }
  state_->parser.set_live(options_.live);
  state_->splitter.Finish();
}

}  // namespace witness::recorder
