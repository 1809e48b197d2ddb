// witness_reliability_tool: the processes of the reliability tests, and the
// entry point of `make stress`.
//
//   witness_reliability_tool write --path F --threads 4 --records 100 --tag p0 [--ack]
//   witness_reliability_tool torture --path F --processes 16 --threads 8 --records 20000
//   witness_reliability_tool crash --dir D --rounds 200 --processes 4 --threads 2
//   witness_reliability_tool read --path F
//   FLEETBOX_FAKE_RECORD=F witness_reliability_tool backend --members 3 [--as-user 65534]
//       [--file-size-limit BYTES] [--tmpfs BYTES --copy-to PATH]
//   witness_reliability_tool fds
//
// `write` appends checksummed records through witness::recorder::Writer (with
// --ack it prints each record's name once Append has returned, so a parent
// that kills it knows which records must have survived). `torture` and
// `crash` run the harness and print its figures; `read` reads a file and
// prints what the reader found, for tests that watch a reader's resources.
// `backend` is a helper process driving the fake backend (reserve, create,
// start and stop per member, then close), optionally as another user, under
// a file size limit, or with its record file on a tiny private tmpfs; it
// prints how many calls returned. `fds` prints the targets of its open file
// descriptors, to show which ones a process inherited.
#include <dirent.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "harness/crash.h"
#include "harness/payload.h"
#include "harness/torture.h"
#include "witness/backend/backend.h"
#include "witness/fake/fake_backend.h"
#include "witness/recorder/reader.h"
#include "witness/recorder/writer.h"

namespace {

using witness::reliability::SizeModel;

class Flags {
 public:
  Flags(int argc, char** argv) {
    for (int i = 2; i < argc; ++i) {
      std::string arg = argv[i];
      if (arg.rfind("--", 0) != 0) throw std::invalid_argument("unexpected argument '" + arg + "'");
      std::string name = arg.substr(2);
      if (name == "ack" || name == "live") {
        values_[name] = "1";
      } else if (i + 1 < argc) {
        values_[name] = argv[++i];
      } else {
        throw std::invalid_argument("flag --" + name + " needs a value");
      }
    }
  }
  std::string Get(const std::string& name, const std::string& fallback) const {
    auto found = values_.find(name);
    return found == values_.end() ? fallback : found->second;
  }
  std::string Require(const std::string& name) const {
    auto found = values_.find(name);
    if (found == values_.end()) throw std::invalid_argument("flag --" + name + " is required");
    return found->second;
  }
  long Number(const std::string& name, long fallback) const {
    return std::stol(Get(name, std::to_string(fallback)));
  }
  bool Has(const std::string& name) const { return values_.count(name) != 0; }

 private:
  std::map<std::string, std::string> values_;
};

void WriteAll(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) std::_Exit(3);  // the parent is gone
    done += static_cast<std::size_t>(n);
  }
}

int Write(const Flags& flags) {
  const std::string path = flags.Require("path");
  const int threads = static_cast<int>(flags.Number("threads", 1));
  const long records = flags.Number("records", 100);  // 0: until killed
  const SizeModel sizes = SizeModel::Parse(flags.Get("sizes", SizeModel().ToString()));
  const std::uint64_t seed = std::stoull(flags.Get("seed", "1"));
  const std::string tag = flags.Get("tag", "p0");
  const std::string op = flags.Get("op", "torture");
  const bool ack = flags.Has("ack");

  auto writer = witness::recorder::Writer::Open(path);
  const witness::reliability::PayloadSource source(seed);
  std::vector<std::thread> workers;
  std::vector<std::string> errors(threads);
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      std::mt19937_64 rng(seed * 7919 + t);
      try {
        for (long i = 0; records == 0 || i < records; ++i) {
          witness::reliability::ChecksummedRecord record(
              tag + "-t" + std::to_string(t) + "-" + std::to_string(i),
              source.Cut(rng, sizes.Sample(rng)));
          writer->Append(record.ToEvent(op));
          if (ack) WriteAll(STDOUT_FILENO, record.name() + "\n");
        }
      } catch (const std::exception& error) {
        errors[t] = error.what();
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  int status = 0;
  for (const std::string& error : errors) {
    if (error.empty()) continue;
    std::fprintf(stderr, "witness_reliability_tool: %s\n", error.c_str());
    status = 1;
  }
  return status;
}

int Torture(const Flags& flags, const std::string& self) {
  witness::reliability::TortureOptions options;
  options.tool = self;
  options.path = flags.Require("path");
  options.processes = static_cast<int>(flags.Number("processes", options.processes));
  options.threads = static_cast<int>(flags.Number("threads", options.threads));
  options.records = static_cast<int>(flags.Number("records", options.records));
  options.sizes = SizeModel::Parse(flags.Get("sizes", options.sizes.ToString()));
  options.seed = std::stoull(flags.Get("seed", "1"));
  std::printf(
      "torture: %d processes x %d threads x %d records, sizes %s (mean %.0f bytes), seed %llu\n",
      options.processes, options.threads, options.records, options.sizes.ToString().c_str(),
      options.sizes.MeanBytes(), static_cast<unsigned long long>(options.seed));
  std::fflush(stdout);
  witness::reliability::TortureResult result = witness::reliability::RunTorture(options);
  std::printf("%s", result.Summary().c_str());
  std::printf("torture: %s\n", result.ok() ? "PASS" : "FAIL");
  return result.ok() ? 0 : 1;
}

int Crash(const Flags& flags, const std::string& self) {
  witness::reliability::CrashOptions options;
  options.tool = self;
  options.directory = flags.Require("dir");
  options.rounds = static_cast<int>(flags.Number("rounds", options.rounds));
  options.rounds_per_file =
      static_cast<int>(flags.Number("rounds-per-file", options.rounds_per_file));
  options.processes = static_cast<int>(flags.Number("processes", options.processes));
  options.threads = static_cast<int>(flags.Number("threads", options.threads));
  options.sizes = SizeModel::Parse(flags.Get("sizes", options.sizes.ToString()));
  options.max_delay_ms = static_cast<int>(flags.Number("max-delay-ms", options.max_delay_ms));
  options.seed = std::stoull(flags.Get("seed", "1"));
  std::printf(
      "crash: %d rounds of %d processes x %d threads, sizes %s, kill within %d ms, seed %llu\n",
      options.rounds, options.processes, options.threads, options.sizes.ToString().c_str(),
      options.max_delay_ms, static_cast<unsigned long long>(options.seed));
  std::fflush(stdout);
  witness::reliability::CrashResult result = witness::reliability::RunCrashRounds(options);
  std::printf("%s", result.Summary().c_str());
  std::printf("crash: %s\n", result.ok() ? "PASS" : "FAIL");
  return result.ok() ? 0 : 1;
}

// The peak resident size of this process image alone. getrusage's ru_maxrss
// would be wrong here: Linux carries it across fork and exec, so a reader
// started by a large (sanitized) test process reports the test's size.
// /proc/self/status's VmHWM belongs to the address space exec made.
long PeakRssKib() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

int Read(const Flags& flags) {
  witness::recorder::ReadOptions options;
  options.live = flags.Has("live");
  if (flags.Has("max-line-bytes")) {
    options.max_line_bytes = static_cast<std::size_t>(flags.Number("max-line-bytes", 0));
  }
  witness::recorder::Recording recording =
      witness::recorder::ReadRecordFile(flags.Require("path"), options);
  std::printf("records %zu\ndiagnostics %zu\npeak_rss_kib %ld\n", recording.records.size(),
              recording.diagnostics.size(), PeakRssKib());
  for (const witness::recorder::Diagnostic& d : recording.diagnostics) {
    std::printf("diagnostic %s\n", d.ToString().c_str());
  }
  return 0;
}

// Exit status for "this machine cannot set up the situation" (a test skips).
constexpr int kCannotSetUp = 77;

[[noreturn]] void CannotSetUp(const std::string& what) {
  std::fprintf(stderr, "witness_reliability_tool: cannot set up: %s: %s\n", what.c_str(),
               std::strerror(errno));
  std::exit(kCannotSetUp);
}

void WriteIdMap(const char* file, const std::string& map) {
  std::ofstream out(file);
  out << map;
  out.close();
  if (!out) CannotSetUp(std::string("writing ") + file);
}

// Mounts a tmpfs of `bytes` on `directory` in a mount namespace of this
// process alone (a user namespace too when not root), so nothing outside
// sees it and it vanishes with the process.
void MountPrivateTmpfs(const std::string& directory, long bytes) {
  if (geteuid() == 0) {
    if (unshare(CLONE_NEWNS) != 0) CannotSetUp("unshare(CLONE_NEWNS)");
  } else {
    const uid_t uid = geteuid();
    const gid_t gid = getegid();
    if (unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0) CannotSetUp("unshare(CLONE_NEWUSER)");
    WriteIdMap("/proc/self/setgroups", "deny");
    WriteIdMap("/proc/self/uid_map", std::to_string(uid) + " " + std::to_string(uid) + " 1");
    WriteIdMap("/proc/self/gid_map", std::to_string(gid) + " " + std::to_string(gid) + " 1");
  }
  if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) CannotSetUp("private /");
  const std::string options = "size=" + std::to_string(bytes) + ",mode=0700";
  if (mount("witness-full", directory.c_str(), "tmpfs", 0, options.c_str()) != 0) {
    CannotSetUp("mount tmpfs on " + directory);
  }
}

void DropTo(uid_t uid) {
  if (setgroups(0, nullptr) != 0 || setgid(uid) != 0 || setuid(uid) != 0) {
    CannotSetUp("switching to uid " + std::to_string(uid));
  }
}

int Backend(const Flags& flags) {
  const long members = flags.Number("members", 3);
  const char* record = std::getenv(witness::fake::kRecordVariable);
  const std::string record_path = record != nullptr ? record : "";
  if (flags.Has("tmpfs")) {
    MountPrivateTmpfs(record_path.substr(0, record_path.find_last_of('/')),
                      flags.Number("tmpfs", 0));
  }
  if (flags.Has("as-user")) DropTo(static_cast<uid_t>(flags.Number("as-user", 65534)));
  if (flags.Has("file-size-limit")) {
    // Ignored, so the write that crosses the limit comes back short (and
    // the next one fails with EFBIG) instead of killing the process.
    signal(SIGXFSZ, SIG_IGN);
    const auto limit = static_cast<rlim_t>(flags.Number("file-size-limit", 0));
    rlimit rl{limit, limit};
    if (setrlimit(RLIMIT_FSIZE, &rl) != 0) CannotSetUp("setrlimit(RLIMIT_FSIZE)");
  }
  long calls = 0;
  int status = 0;
  try {
    witness::fake::FakeBackend backend;
    std::unique_ptr<witness::Network> network = backend.CreateNetwork();
    for (long i = 0; i < members; ++i) {
      witness::Config config;
      config.name = "m" + std::to_string(i);
      witness::Reservation reservation = network->Reserve(config.name, "");
      ++calls;
      config.mac = reservation.mac;
      config.disk_path = "/var/lib/fleet/" + config.name + "/disk.raw";
      std::unique_ptr<witness::VM> vm = backend.Create(config, *network);
      ++calls;
      vm->Start();
      ++calls;
      vm->Stop();
      ++calls;
    }
    network->Close();
    ++calls;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "witness_reliability_tool: %s\n", error.what());
    status = 1;
  }
  std::printf("calls %ld\n", calls);
  std::fflush(stdout);
  if (flags.Has("copy-to")) {
    // The tmpfs vanishes with this process: hand its record file out.
    std::ifstream in(record_path, std::ios::binary);
    std::ofstream out(flags.Require("copy-to"), std::ios::binary);
    out << in.rdbuf();
    if (!out) CannotSetUp("copying the record file out");
  }
  return status;
}

int Fds() {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return 1;
  while (dirent* entry = readdir(dir)) {
    if (entry->d_name[0] == '.') continue;
    char target[4096];
    const std::string link = std::string("/proc/self/fd/") + entry->d_name;
    ssize_t n = readlink(link.c_str(), target, sizeof target - 1);
    if (n > 0) std::printf("%s %.*s\n", entry->d_name, static_cast<int>(n), target);
  }
  closedir(dir);
  return 0;
}

std::string SelfPath() {
  char path[4096];
  ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) throw std::runtime_error("cannot find this executable: /proc/self/exe unreadable");
  return std::string(path, static_cast<std::size_t>(n));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s write|torture|crash|read|backend|fds --flag value...\n",
                 argv[0]);
    return 2;
  }
  const std::string command = argv[1];
  try {
    const Flags flags(argc, argv);
    if (command == "write") return Write(flags);
    if (command == "torture") return Torture(flags, SelfPath());
    if (command == "crash") return Crash(flags, SelfPath());
    if (command == "read") return Read(flags);
    if (command == "backend") return Backend(flags);
    if (command == "fds") return Fds();
    std::fprintf(stderr, "witness_reliability_tool: unknown command '%s'\n", command.c_str());
    return 2;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "witness_reliability_tool: %s\n", error.what());
    return 2;
  }
}
