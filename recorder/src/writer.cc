// The record writer: one O_APPEND descriptor per process and file, one
// write(2) per record, no lock on the append path.
//
// Why one write: Linux holds the inode lock for the whole of a regular-file
// write, so two O_APPEND writes never interleave, whatever their size (not on
// NFS or FUSE: see docs/record-format.md). A record split over two writes, or
// a short write finished by a second one, can interleave with another
// writer's record; so a short write is reported, never completed.
#include "witness/recorder/writer.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "witness/recorder/format.h"
#include "witness/recorder/internal/filesystem.h"
#include "witness/recorder/internal/record_text.h"
#include "witness/recorder/internal/system_reason.h"
#include "witness/recorder/internal/unique_fd.h"

extern char* program_invocation_name;  // glibc: argv[0] of this process

namespace witness::recorder {
namespace {

// This process's pid, refreshed in the child after fork() so that no writer
// pays a getpid() system call (each keeps the pid's digits for its records).
std::atomic<std::int64_t> g_pid{0};

// Room on the stack for the line of any record whose size bound fits: every
// backend call's record does, with its handful of paths.
constexpr std::size_t kStackLineBytes = 4096;

// This thread's buffer for a record too large for the stack. Reached only
// through this function, kept out of line: in a shared library every touch
// of a thread_local is a call, which the common record must not pay.
[[gnu::noinline, gnu::cold]] internal::LineBuffer& LargeLine() {
  thread_local internal::LineBuffer buffer;
  return buffer;
}

std::int64_t RealtimeNs() noexcept {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  return static_cast<std::int64_t>(now.tv_sec) * 1000000000 + now.tv_nsec;
}

void WarnOnStderr(const std::string& message) {
  std::string line = "witness: " + message + "\n";
  // One write, so warnings from several processes do not interleave either.
  const ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  static_cast<void>(ignored);
}

void Warn(const WriterOptions& options, const std::string& message) noexcept {
  try {
    if (options.warn) {
      options.warn(message);
    } else {
      WarnOnStderr(message);
    }
  } catch (...) {
    // A throwing warn callback must not turn a report into a crash.
  }
}

std::string ProgramName() {
  return program_invocation_name != nullptr ? program_invocation_name : "";
}

std::string HostName() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) return "";
  return host;
}

// Writes `line` with exactly one successful write(2). EINTR before any byte
// is written is retried (nothing reached the file); anything else, including
// a short write, is returned as an errno plus the bytes that did reach it.
struct WriteOutcome {
  bool ok = true;
  int error_number = 0;  // for a short write, the likely cause (or 0)
  std::size_t written = 0;
  bool short_write = false;
  rlim_t file_size_limit = 0;  // the limit that was reached, when the cause is EFBIG
};

// A short write carries no errno: the kernel stops at the first byte it
// cannot place and returns the count. The cause is read off the file system
// and this process's limits instead, because asking with a second write
// would put the rest of the record after another writer's.
void FindShortWriteCause(int fd, WriteOutcome& outcome) noexcept {
  struct statfs filesystem {};
  if (::fstatfs(fd, &filesystem) == 0 && (filesystem.f_bavail == 0 || filesystem.f_bfree == 0)) {
    outcome.error_number = ENOSPC;
    return;
  }
  struct rlimit limit {};
  struct stat info {};
  if (::getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY &&
      ::fstat(fd, &info) == 0 && static_cast<rlim_t>(info.st_size) >= limit.rlim_cur) {
    outcome.error_number = EFBIG;
    outcome.file_size_limit = limit.rlim_cur;
  }
}

WriteOutcome WriteOnce(int fd, const char* line, std::size_t size) noexcept {
  for (;;) {
    const ssize_t written = ::write(fd, line, size);
    if (written >= 0 && static_cast<std::size_t>(written) == size) return {};
    if (written < 0 && errno == EINTR) continue;
    WriteOutcome outcome;
    outcome.ok = false;
    if (written < 0) {
      outcome.error_number = errno;
    } else {
      outcome.short_write = true;
      outcome.written = static_cast<std::size_t>(written);
      FindShortWriteCause(fd, outcome);
    }
    return outcome;
  }
}

std::string DescribeWriteFailure(const std::string& path, const WriteOutcome& outcome,
                                 std::size_t size) {
  std::string message = "cannot append to record file '" + path + "': ";
  if (!outcome.short_write) return message + internal::SystemReason(outcome.error_number);
  std::string cause;
  if (outcome.error_number == ENOSPC) {
    cause = internal::SystemReason(ENOSPC);
  } else if (outcome.error_number == EFBIG) {
    cause = "the process's file size limit of " + std::to_string(outcome.file_size_limit) +
            " bytes is reached";
  } else {
    cause = "cause unknown";
  }
  return message + "short write (" + std::to_string(outcome.written) + " of " +
         std::to_string(size) + " bytes: " + cause + "), the record is torn in the file";
}

}  // namespace

RecordWriteError::RecordWriteError(std::string path, int error_number, const std::string& message)
    : Error(message), path_(std::move(path)), error_number_(error_number) {}

class Writer::Impl {
 public:
  Impl(std::string path, internal::UniqueFd fd, dev_t device, ino_t inode, WriterOptions options)
      : path_(std::move(path)),
        fd_(std::move(fd)),
        device_(device),
        inode_(inode),
        options_(std::move(options)),
        pid_digits_(g_pid.load()) {}

  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  bool SameFile(dev_t device, ino_t inode) const noexcept {
    return device == device_ && inode == inode_;
  }

  // The hot path: no lock unless this is a child's first append after fork.
  void Append(const Event& event) {
    if (session_pending_.load(std::memory_order_acquire)) WriteChildSession();
    // Before taking a seq: a refusal leaves no gap.
    if (!event.extra.empty()) internal::CheckExtraKeys(event);
    // Readers skip lines over kMaxLineBytes: refuse such a record here,
    // loudly, before allocating for it.
    const std::size_t text_bytes = internal::RecordTextBytes(event);
    if (text_bytes > kMaxLineBytes) FailTooLarge(text_bytes);
    const std::size_t bound = internal::RecordSizeBound(event, text_bytes);
    // A backend call's record fits on the stack; only a large one (hundreds
    // of fixtures) takes this thread's heap buffer.
    char stack_line[kStackLineBytes];
    char* const line = bound <= sizeof stack_line ? stack_line : LargeLine().Reserve(bound);
    const std::uint64_t seq = seq_.fetch_add(1, std::memory_order_relaxed) + 1;
    const char* const end =
        internal::WriteRecord(event, pid_digits_.view(), seq, RealtimeNs(), line);
    const std::size_t size = static_cast<std::size_t>(end - line);
    if (size > kMaxLineBytes) {
      if (line != stack_line) LargeLine().Trim();
      failed_seqs_.fetch_add(1, std::memory_order_relaxed);
      FailTooLarge(size);
    }
    const WriteOutcome outcome = WriteOnce(fd_.get(), line, size);
    // Keep no megabyte per thread after one large record.
    if (line != stack_line) LargeLine().Trim();
    if (!outcome.ok) {
      failed_seqs_.fetch_add(1, std::memory_order_relaxed);
      Fail(outcome, size);
    }
  }

  // Appends the session record; throws RecordWriteError.
  void WriteSession() {
    std::string line;
    internal::FormatSessionRecord(g_pid.load(), RealtimeNs(), ProgramName(), HostName(), line);
    const WriteOutcome outcome = WriteOnce(fd_.get(), line.data(), line.size());
    if (!outcome.ok) Fail(outcome, line.size());
    session_open_.store(true);
  }

  // Appends session_end once, if this process wrote a session record.
  void End() noexcept {
    if (!session_open_.exchange(false)) return;
    std::string line;
    try {
      internal::FormatSessionEndRecord(g_pid.load(), RealtimeNs(), records(), write_errors_.load(),
                                       line);
    } catch (...) {
      return;  // out of memory at exit: nothing more can be done
    }
    const WriteOutcome outcome = WriteOnce(fd_.get(), line.data(), line.size());
    if (!outcome.ok) {
      try {
        Warn(options_, DescribeWriteFailure(path_, outcome, line.size()));
      } catch (...) {
      }
    }
  }

  // In the child after fork(): this is a new writer process for the file.
  // Only the forking thread exists here, and the atfork prepare handler
  // holds session_mutex_, so plain stores are enough.
  void ResetInChild() noexcept {
    pid_digits_ = internal::PidDigits(g_pid.load());
    seq_.store(0);
    failed_seqs_.store(0);
    write_errors_.store(0);
    warned_.store(false);
    session_open_.store(false);
    session_pending_.store(true);
  }

  std::mutex& session_mutex() noexcept { return session_mutex_; }
  const std::string& path() const noexcept { return path_; }
  // Derived rather than counted, to keep the append path at one atomic
  // read-modify-write: every seq taken is a record written unless it failed.
  // (An append still in flight on another thread is counted already.)
  std::uint64_t records() const noexcept {
    return seq_.load(std::memory_order_relaxed) - failed_seqs_.load(std::memory_order_relaxed);
  }
  std::uint64_t write_errors() const noexcept {
    return write_errors_.load(std::memory_order_relaxed);
  }

 private:
  void WriteChildSession() {
    std::lock_guard<std::mutex> lock(session_mutex_);
    if (!session_pending_.load(std::memory_order_relaxed)) return;
    // A failed session record is retried by the next append, like the
    // parent's Open retries: the child must not record without one.
    WriteSession();
    session_pending_.store(false, std::memory_order_release);
  }

  [[noreturn]] void Fail(const WriteOutcome& outcome, std::size_t size) {
    Report(outcome.error_number, DescribeWriteFailure(path_, outcome, size));
  }

  [[noreturn]] void FailTooLarge(std::size_t size) {
    Report(EMSGSIZE, "cannot append to record file '" + path_ + "': a record of at least " +
                         std::to_string(size) + " bytes is over the format's limit of " +
                         std::to_string(kMaxLineBytes) + " bytes, which readers skip");
  }

  // Counts the failed append, warns about the first one, and throws.
  [[noreturn]] void Report(int error_number, const std::string& message) {
    write_errors_.fetch_add(1, std::memory_order_relaxed);
    if (!warned_.exchange(true)) Warn(options_, message);
    throw RecordWriteError(path_, error_number, message);
  }

  const std::string path_;
  const internal::UniqueFd fd_;
  const dev_t device_;
  const ino_t inode_;
  const WriterOptions options_;
  // Rewritten only in the child after fork(), where no other thread runs.
  internal::PidDigits pid_digits_;
  // The one field every append writes gets a cache line of its own, so
  // threads on other cores do not also lose the read-only fields above.
  alignas(64) std::atomic<std::uint64_t> seq_{0};
  alignas(64) std::atomic<std::uint64_t> failed_seqs_{0};  // seqs of appends that failed
  std::atomic<std::uint64_t> write_errors_{0};
  std::atomic<bool> warned_{false};
  std::atomic<bool> session_open_{false};
  std::atomic<bool> session_pending_{false};
  std::mutex session_mutex_;
};

namespace {

// Every writer of this process. Never destroyed (threads may still append
// while static destructors run); an atexit handler closes the sessions.
class Registry {
 public:
  static Registry& Get() {
    static Registry* registry = new Registry();
    return *registry;
  }

  std::mutex& mutex() noexcept { return mutex_; }

  // By the path as given to Open (so a replaced file is noticed by stat).
  std::unordered_map<std::string, std::shared_ptr<Writer>>& by_path() noexcept { return by_path_; }

  struct Live {
    Writer::Impl* impl;
    std::weak_ptr<Writer> writer;
  };
  std::vector<Live>& live() noexcept { return live_; }

  void Forget(Writer::Impl* impl) {
    std::lock_guard<std::mutex> lock(mutex_);
    live_.erase(std::remove_if(live_.begin(), live_.end(),
                               [impl](const Live& entry) { return entry.impl == impl; }),
                live_.end());
  }

  // Called with mutex() held. Open failures already warned about, by message. Callers retry a failed
  // open on every record (the fake does, so recording starts once the file
  // can be opened); the warning is said once per process, not once per call.
  bool FirstOpenFailure(const std::string& message) {
    return open_failures_warned_.insert(message).second;
  }

 private:
  Registry() {
    g_pid.store(getpid());
    std::atexit([] { Get().EndAll(); });
    pthread_atfork([] { Get().LockForFork(); }, [] { Get().UnlockAfterFork(false); },
                   [] { Get().UnlockAfterFork(true); });
  }

  void EndAll() noexcept {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const Live& entry : live_) entry.impl->End();
  }

  // Held across fork() so the child never inherits a locked mutex.
  void LockForFork() noexcept {
    mutex_.lock();
    for (const Live& entry : live_) entry.impl->session_mutex().lock();
  }

  void UnlockAfterFork(bool in_child) noexcept {
    if (in_child) {
      g_pid.store(getpid());
      open_failures_warned_.clear();  // a new process, which has said nothing yet
    }
    for (const Live& entry : live_) {
      if (in_child) entry.impl->ResetInChild();
      entry.impl->session_mutex().unlock();
    }
    mutex_.unlock();
  }

  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Writer>> by_path_;
  std::vector<Live> live_;
  std::unordered_set<std::string> open_failures_warned_;
};

// Called with the registry's lock held.
[[noreturn]] void FailOpen(const std::string& path, int error_number, const std::string& reason,
                           const WriterOptions& options) {
  const std::string message = "cannot open record file '" + path + "': " + reason;
  if (Registry::Get().FirstOpenFailure(message)) Warn(options, message);
  throw RecordWriteError(path, error_number, message);
}

std::string OpenFailureReason(const std::string& path, int error_number) {
  if (error_number == ELOOP) return "it is a symbolic link, which a record file may not be";
  if (error_number == ENXIO) {
    // What O_NONBLOCK gives for a FIFO without a reader, or a socket.
    struct stat info {};
    if (::lstat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode) && !S_ISCHR(info.st_mode)) {
      return "it is not a regular file";
    }
  }
  if (error_number == ENOENT) {
    const std::size_t slash = path.find_last_of('/');
    const std::string parent =
        slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
    struct stat parent_stat {};
    if (::stat(parent.c_str(), &parent_stat) != 0) {
      return "its directory '" + parent + "' does not exist";
    }
  }
  return internal::SystemReason(error_number);
}

}  // namespace

Writer::Writer(std::string path, std::unique_ptr<Impl> impl)
    : path_(std::move(path)), impl_(std::move(impl)) {}

Writer::~Writer() {
  impl_->End();
  Registry::Get().Forget(impl_.get());
}

std::shared_ptr<Writer> Writer::Open(const std::string& path, const WriterOptions& options) {
  Registry& registry = Registry::Get();
  // Destroyed after the lock is released: dropping the last reference to a
  // stale writer runs ~Writer, which takes the registry lock.
  std::shared_ptr<Writer> stale;
  std::lock_guard<std::mutex> lock(registry.mutex());
  if (path.empty()) FailOpen(path, ENOENT, "the path is empty", options);

  auto found = registry.by_path().find(path);
  if (found != registry.by_path().end()) {
    struct stat current {};
    if (::lstat(path.c_str(), &current) == 0 &&
        found->second->impl_->SameFile(current.st_dev, current.st_ino)) {
      return found->second;
    }
    stale = std::move(found->second);  // deleted or replaced: open afresh
    registry.by_path().erase(found);
  }

  // O_NONBLOCK only so that opening a FIFO cannot hang; cleared below.
  // Closed on every way out below but the last, which hands it to the writer.
  internal::UniqueFd file(::open(
      path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0600));
  const int fd = file.get();
  if (fd < 0) {
    const int error_number = errno;
    FailOpen(path, error_number, OpenFailureReason(path, error_number), options);
  }
  struct stat opened {};
  if (::fstat(fd, &opened) != 0) {
    const int error_number = errno;
    FailOpen(path, error_number, internal::SystemReason(error_number), options);
  }
  if (S_ISREG(opened.st_mode)) {
    // Another user's file (say, planted in a shared /tmp) is refused: its
    // owner could rewrite or forge the records we are about to trust.
    if (opened.st_uid != geteuid()) {
        FailOpen(path, EPERM,
               "it is owned by uid " + std::to_string(opened.st_uid) + ", not by this user (uid " +
                   std::to_string(geteuid()) + ")",
               options);
    }
  } else if (!S_ISCHR(opened.st_mode)) {
    // Character devices (/dev/null, /dev/full) are allowed; FIFOs and
    // sockets are not record files.
    FailOpen(path, EINVAL, "it is not a regular file", options);
  }
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);

  // The same file under another spelling of its path: one writer per file.
  for (const Registry::Live& entry : registry.live()) {
    if (entry.impl->SameFile(opened.st_dev, opened.st_ino)) {
      if (std::shared_ptr<Writer> existing = entry.writer.lock()) {
            registry.by_path()[path] = existing;
        return existing;
      }
    }
  }

  std::int64_t filesystem_type = 0;
  if (const std::optional<std::int64_t> fake = internal::FilesystemTypeOverride()) {
    filesystem_type = *fake;
  } else {
    struct statfs filesystem {};
    if (::fstatfs(fd, &filesystem) == 0) filesystem_type = filesystem.f_type;
  }
  if (const auto network = internal::NetworkFilesystemName(filesystem_type)) {
    Warn(options, internal::NetworkFilesystemWarning(path, *network));
  }

  auto impl =
      std::make_unique<Impl>(path, std::move(file), opened.st_dev, opened.st_ino, options);
  impl->WriteSession();  // throws: a writer that cannot write is not handed out
  std::shared_ptr<Writer> writer(new Writer(path, std::move(impl)));
  registry.live().push_back(Registry::Live{writer->impl_.get(), writer});
  registry.by_path()[path] = writer;
  return writer;
}

std::shared_ptr<Writer> Writer::FromEnvironment(const char* variable,
                                                const WriterOptions& options) {
  if (variable == nullptr || *variable == '\0') return nullptr;
  const char* path = std::getenv(variable);
  if (path == nullptr || *path == '\0') return nullptr;
  return Open(path, options);
}

void Writer::Append(const Event& event) { impl_->Append(event); }

std::uint64_t Writer::records_written() const noexcept { return impl_->records(); }
std::uint64_t Writer::write_errors() const noexcept { return impl_->write_errors(); }

}  // namespace witness::recorder
