#include "support/lockstep.h"

#include <linux/futex.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <thread>

#include "support/append_check.h"
#include "support/bench_dir.h"
#include "support/forked_writers.h"

namespace witness::bench {
namespace {

constexpr std::uint32_t kMaxLockstepWriters = 64;
// How long a waiting side sleeps before it looks whether its peers are alive.
constexpr long kWaitSliceNs = 100 * 1000 * 1000;

static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t) &&
                  std::atomic<std::uint32_t>::is_always_lock_free,
              "the futex words are atomics shared with forked writers");

// Shared by the coordinator and every writer, in memory that forked writers
// share too. `finished` counts the blocks writers have finished, their
// preparation counting as block 0; `released` is the last block released.
struct Control {
  std::atomic<std::uint32_t> released{0};
  std::atomic<std::uint32_t> finished{0};
  std::atomic<std::uint32_t> failed{0};
  std::int64_t start_ns[kMaxLockstepWriters] = {};
  std::int64_t end_ns[kMaxLockstepWriters] = {};
  char message[256] = {};
};

// Sleeps while `word` holds `expected`, for at most one wait slice.
void WaitWhile(std::atomic<std::uint32_t>& word, std::uint32_t expected) {
  timespec slice{0, kWaitSliceNs};
  // Not FUTEX_PRIVATE: the word is shared with other processes.
  ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAIT, expected, &slice,
            nullptr, 0);
}

void WakeAll(std::atomic<std::uint32_t>& word) {
  ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAKE, INT_MAX, nullptr,
            nullptr, 0);
}

// Control in anonymous shared memory, unmapped on destruction.
class SharedControl {
 public:
  SharedControl() {
    void* memory =
        ::mmap(nullptr, sizeof(Control), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) {
      throw std::runtime_error(std::string("cannot map shared memory: ") + std::strerror(errno));
    }
    control_ = new (memory) Control();
  }
  ~SharedControl() {
    control_->~Control();
    ::munmap(control_, sizeof(Control));
  }
  SharedControl(const SharedControl&) = delete;
  SharedControl& operator=(const SharedControl&) = delete;

  Control& get() noexcept { return *control_; }

 private:
  Control* control_;
};

void Fail(Control& control, const std::string& message) noexcept {
  if (control.failed.exchange(1) == 0) {
    std::snprintf(control.message, sizeof control.message, "%s", message.c_str());
  }
}

// The variant of the slot-th block of a round: forwards in even rounds,
// backwards in odd ones.
std::size_t VariantAt(int round, std::size_t slot, std::size_t variants) noexcept {
  return round % 2 == 0 ? slot : variants - 1 - slot;
}

// One writer's part of the run; appenders[v] writes variant v (all of them
// may be null when `ok` is false). A writer that failed goes on through
// every block without appending, so the others are not left waiting for
// it. `parent` is the coordinator's pid when the writer is a forked
// process (it leaves if that one is gone).
void RunWriter(Control& control, std::uint32_t writer, const LockstepPlan& plan,
               const std::vector<Appender*>& appenders, RecordStamper& stamper, bool ok,
               pid_t parent) {
  const std::uint32_t total_writers = plan.writers;
  std::uint32_t block = 0;
  const auto finish = [&] {
    const std::uint32_t done = control.finished.fetch_add(1, std::memory_order_acq_rel) + 1;
    if (done == (block + 1) * total_writers) WakeAll(control.finished);
  };
  const auto await_release = [&](std::uint32_t wanted) {
    for (;;) {
      const std::uint32_t released = control.released.load(std::memory_order_acquire);
      if (released >= wanted) return;
      WaitWhile(control.released, released);
      if (parent != 0 && ::getppid() != parent) ::_exit(1);
    }
  };
  finish();  // prepared
  for (int round = 0; round < plan.rounds; ++round) {
    for (std::size_t slot = 0; slot < appenders.size(); ++slot) {
      ++block;
      await_release(block);
      Appender* const appender = appenders[VariantAt(round, slot, appenders.size())];
      const std::uint64_t first = static_cast<std::uint64_t>(round) * plan.records_per_block;
      const std::int64_t start_ns = MonotonicNanos();
      if (ok) {
        try {
          for (std::uint64_t i = 0; i < plan.records_per_block; ++i) {
            appender->Append(stamper, first + i);
          }
        } catch (const std::exception& e) {
          ok = false;
          Fail(control, "writer " + std::to_string(writer) + ": " + e.what());
        }
      }
      control.start_ns[writer] = start_ns;
      control.end_ns[writer] = MonotonicNanos();
      finish();
    }
  }
  // Released once more when every writer is done, so that no writer
  // process ends while the coordinator still takes its exit for a crash.
  await_release(block + 1);
}

std::vector<Appender*> Pointers(const std::vector<std::unique_ptr<Appender>>& owned) {
  std::vector<Appender*> pointers;
  for (const auto& appender : owned) pointers.push_back(appender.get());
  return pointers;
}

std::vector<std::unique_ptr<Appender>> OpenAppenders(const std::vector<Variant>& variants,
                                                     const std::vector<std::string>& paths) {
  std::vector<std::unique_ptr<Appender>> appenders;
  for (std::size_t v = 0; v < variants.size(); ++v) {
    appenders.push_back(MakeAppender(variants[v], paths[v]));
  }
  return appenders;
}

[[noreturn]] void RunChild(Control& control, std::uint32_t writer, const LockstepPlan& plan,
                           const std::vector<Variant>& variants,
                           const std::vector<std::string>& paths, const SampleRecord& sample,
                           pid_t parent) {
  bool ok = true;
  std::vector<std::unique_ptr<Appender>> appenders;
  try {
    appenders = OpenAppenders(variants, paths);
  } catch (const std::exception& e) {
    ok = false;
    Fail(control, "writer " + std::to_string(writer) + ": " + e.what());
  }
  std::vector<Appender*> pointers = Pointers(appenders);
  // A writer that could not open its appenders still takes part: it
  // appends with none of them (ok is false).
  pointers.resize(variants.size(), nullptr);
  RecordStamper stamper(sample, writer);
  RunWriter(control, writer, plan, pointers, stamper, ok, parent);
  try {
    appenders.clear();  // flushes and closes; Witness writes its session_end
  } catch (const std::exception& e) {
    Fail(control, "writer " + std::to_string(writer) + ": " + e.what());
  }
  ::_exit(0);
}

// Kills and reaps the children still running.
void StopChildren(std::vector<pid_t>& children) {
  for (pid_t pid : children) ::kill(pid, SIGKILL);
  for (pid_t pid : children) {
    while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  children.clear();
}

// A child that has already exited, in the middle of the run, as an error.
std::string ChildGone(std::vector<pid_t>& children) {
  for (pid_t pid : children) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      children.erase(std::find(children.begin(), children.end(), pid));
      return WIFSIGNALED(status)
                 ? "a writer process was killed by signal " + std::to_string(WTERMSIG(status))
                 : "a writer process exited early with status " +
                       std::to_string(WEXITSTATUS(status));
    }
  }
  return "";
}

// The coordinator: releases each block once every writer finished the last
// one and records its time. Returns an error message, or "".
std::string Coordinate(Control& control, const LockstepPlan& plan, std::size_t variants,
                       std::vector<pid_t>* children, LockstepRun& run) {
  const std::uint32_t writers = plan.writers;
  const auto wait_for = [&](std::uint32_t target) -> std::string {
    for (;;) {
      const std::uint32_t finished = control.finished.load(std::memory_order_acquire);
      if (finished >= target) return "";
      WaitWhile(control.finished, finished);
      if (control.finished.load(std::memory_order_acquire) >= target) return "";
      if (children != nullptr) {
        std::string gone = ChildGone(*children);
        if (!gone.empty()) return gone;
      }
    }
  };
  std::uint32_t block = 0;
  if (std::string error = wait_for(writers); !error.empty()) return error;
  run.block_ns.assign(static_cast<std::size_t>(plan.rounds), std::vector<std::int64_t>(variants));
  for (int round = 0; round < plan.rounds; ++round) {
    for (std::size_t slot = 0; slot < variants; ++slot) {
      ++block;
      control.released.store(block, std::memory_order_release);
      WakeAll(control.released);
      if (std::string error = wait_for((block + 1) * writers); !error.empty()) return error;
      const std::int64_t start = *std::min_element(control.start_ns, control.start_ns + writers);
      const std::int64_t end = *std::max_element(control.end_ns, control.end_ns + writers);
      run.block_ns[static_cast<std::size_t>(round)][VariantAt(round, slot, variants)] = end - start;
    }
  }
  control.released.store(block + 1, std::memory_order_release);
  WakeAll(control.released);
  return "";
}

std::string RunThreads(Control& control, const LockstepPlan& plan,
                       const std::vector<Variant>& variants, const std::vector<std::string>& paths,
                       const SampleRecord& sample, LockstepRun& run) {
  std::vector<std::unique_ptr<Appender>> appenders = OpenAppenders(variants, paths);
  const std::vector<Appender*> pointers = Pointers(appenders);
  std::vector<std::thread> threads;
  for (std::uint32_t writer = 0; writer < plan.writers; ++writer) {
    threads.emplace_back([&, writer] {
      RecordStamper stamper(sample, writer);
      RunWriter(control, writer, plan, pointers, stamper, true, 0);
    });
  }
  std::string error = Coordinate(control, plan, variants.size(), nullptr, run);
  for (std::thread& thread : threads) thread.join();
  appenders.clear();  // flushes and closes before the files are checked
  return error;
}

std::string RunProcesses(Control& control, const LockstepPlan& plan,
                         const std::vector<Variant>& variants,
                         const std::vector<std::string>& paths, const SampleRecord& sample,
                         LockstepRun& run) {
  const pid_t parent = ::getpid();
  std::vector<pid_t> children;
  for (std::uint32_t writer = 0; writer < plan.writers; ++writer) {
    const pid_t pid = ::fork();
    if (pid == 0) RunChild(control, writer, plan, variants, paths, sample, parent);
    if (pid < 0) {
      const std::string error = std::string("cannot fork: ") + std::strerror(errno);
      StopChildren(children);
      return error;
    }
    children.push_back(pid);
  }
  std::string error = Coordinate(control, plan, variants.size(), &children, run);
  if (!error.empty()) {
    StopChildren(children);
    return error;
  }
  for (pid_t pid : children) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (error.empty() && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
      error = "a writer process ended badly (status " + std::to_string(status) + ")";
    }
  }
  return error;
}

}  // namespace

LockstepRun RunLockstep(const LockstepPlan& plan, const std::vector<Variant>& variants,
                        const SampleRecord& sample) {
  LockstepRun run;
  if (plan.writers == 0 || plan.writers > kMaxLockstepWriters || plan.rounds < 1 ||
      plan.records_per_block == 0 || variants.empty()) {
    run.error = "a lockstep run needs 1 to " + std::to_string(kMaxLockstepWriters) +
                " writers, a round, a record per block and a variant";
    return run;
  }
  std::vector<std::string> paths;
  for (Variant variant : variants) {
    paths.push_back(ScratchDir().NewPath("lockstep-" + std::string(VariantName(variant))));
  }
  try {
    SharedControl shared;
    run.error = plan.kind == WriterKind::kThreads
                    ? RunThreads(shared.get(), plan, variants, paths, sample, run)
                    : RunProcesses(shared.get(), plan, variants, paths, sample, run);
    if (run.error.empty() && shared.get().failed.load() != 0) run.error = shared.get().message;
  } catch (const std::exception& e) {
    run.error = e.what();
  }
  const std::vector<std::uint64_t> per_writer(
      plan.writers, plan.records_per_block * static_cast<std::uint64_t>(plan.rounds));
  for (std::size_t v = 0; v < variants.size(); ++v) {
    if (run.error.empty()) {
      try {
        const AppendCheck check =
            CheckAppendedFile(paths[v], sample, ExpectedTail(variants[v]), per_writer);
        if (!check.ok()) {
          run.error =
              std::string(VariantName(variants[v])) + " file check failed: " + check.Summary();
        }
      } catch (const std::exception& e) {
        run.error = e.what();
      }
    }
    if (variants[v] == Variant::kWitness && plan.kind == WriterKind::kThreads) {
      RemoveWitnessRecordFile(paths[v]);
    } else {
      std::remove(paths[v].c_str());
    }
  }
  return run;
}

}  // namespace witness::bench
