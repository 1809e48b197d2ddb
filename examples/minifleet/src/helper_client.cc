#include "minifleet/helper_client.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

extern char** environ;

namespace minifleet {
namespace {

using nlohmann::json;

// The descriptor the helper finds its end of the socket pair on.
constexpr int kHelperFd = 3;

std::string Quoted(const std::string& name) { return "'" + name + "'"; }

std::string ResultString(const json& result, const char* key, const std::string& what) {
  auto it = result.find(key);
  if (it == result.end() || !it->is_string()) {
    throw HelperError(what + ": the helper's answer has no string '" + key + "': " + result.dump());
  }
  return it->get<std::string>();
}

}  // namespace

HelperClient::HelperClient(const Options& options) : options_(options) {
  if (options_.helper_path.empty()) throw HelperError("no helper executable given");
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    throw HelperError(std::string("cannot create a socket pair: ") + std::strerror(errno));
  }
  channel_ = std::make_unique<LineChannel>(fds[0]);
  // Moved above kHelperFd so that the spawn's dup2 always makes a new
  // descriptor (which drops close-on-exec), never a no-op onto itself.
  helper_end_fd_ = ::fcntl(fds[1], F_DUPFD_CLOEXEC, 10);
  int dup_errno = errno;
  ::close(fds[1]);
  if (helper_end_fd_ < 0) {
    throw HelperError(std::string("cannot duplicate a socket: ") + std::strerror(dup_errno));
  }

  std::promise<std::string> spawned;
  std::future<std::string> spawn_error = spawned.get_future();
  io_thread_ = std::thread(&HelperClient::IoThreadMain, this, std::move(spawned));
  try {
    if (std::string error = spawn_error.get(); !error.empty()) throw HelperError(error);
    json result = Call(MakeHello(0, options_.protocol_version), "hello");
    std::string protocol = ResultString(result, "protocol", "hello");
    auto version = result.find("version");
    if (protocol != kProtocolName || version == result.end() || !version->is_number_integer() ||
        *version != options_.protocol_version) {
      throw HelperError(
          "protocol version mismatch: this client speaks " + std::string(kProtocolName) + "/" +
          std::to_string(options_.protocol_version) + ", the helper answered " + result.dump());
    }
    backend_ = ResultString(result, "backend", "hello");
  } catch (...) {
    EndSession();
    throw;
  }
}

HelperClient::~HelperClient() { EndSession(); }

void HelperClient::EndSession() noexcept {
  if (!io_thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ending_ = true;
  }
  channel_->ShutdownWrite();
  {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!io_done_cv_.wait_for(lock, std::chrono::seconds(30), [this] { return io_done_; })) {
      // Never kill(-1, ...): that would signal every process we may signal.
      if (helper_pid_ > 0) ::kill(helper_pid_, SIGKILL);
    }
  }
  io_thread_.join();
}

void HelperClient::Shutdown() {
  EndSession();
  std::lock_guard<std::mutex> lock(mutex_);
  if (exit_status_ >= 0 && !(WIFEXITED(exit_status_) && WEXITSTATUS(exit_status_) == 0)) {
    throw HelperError(DescribeExit());
  }
}

void HelperClient::IoThreadMain(std::promise<std::string> spawned) {
  // The helper is spawned from this thread because PR_SET_PDEATHSIG fires
  // when the spawning *thread* ends; this one ends only after the helper has.
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attributes);
  posix_spawn_file_actions_adddup2(&actions, helper_end_fd_, kHelperFd);
  // The caller may have blocked or ignored signals (minifleet --hold blocks
  // SIGTERM to sigwait for it); the helper starts with a clean slate.
  sigset_t empty_mask;
  sigemptyset(&empty_mask);
  posix_spawnattr_setsigmask(&attributes, &empty_mask);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int signal_number : {SIGTERM, SIGINT, SIGHUP, SIGPIPE}) sigaddset(&defaults, signal_number);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::string fd_arg = std::to_string(kHelperFd);
  std::string pid_arg = std::to_string(::getpid());
  std::vector<char*> argv = {const_cast<char*>(options_.helper_path.c_str()),
                             const_cast<char*>("--fd"),
                             fd_arg.data(),
                             const_cast<char*>("--client-pid"),
                             pid_arg.data(),
                             nullptr};
  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, options_.helper_path.c_str(), &actions, &attributes, argv.data(),
                         environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  ::close(helper_end_fd_);
  helper_end_fd_ = -1;
  if (rc != 0) {
    std::string reason = "cannot start helper '" + options_.helper_path + "': " + std::strerror(rc);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      gone_reason_ = reason;
      io_done_ = true;
    }
    io_done_cv_.notify_all();
    spawned.set_value(reason);
    return;
  }
  helper_pid_ = pid;
  spawned.set_value("");

  std::string broken;  // why the session ended, when the helper broke it
  for (;;) {
    std::optional<std::string> line;
    try {
      line = channel_->ReadLine();
    } catch (const ProtocolError& e) {
      broken = e.what();
      break;
    }
    if (!line) break;
    json response;
    try {
      response = ParseMessage(*line);
    } catch (const ProtocolError& e) {
      broken = std::string("the helper sent a ") + e.what();
      break;
    }
    auto id = response.find("id");
    if (id == response.end() || !id->is_number_integer()) {
      // An answer to no request: the helper could not read one of ours.
      broken = "the helper reported: " + response.value("error", response.dump());
      break;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = pending_.find(id->get<std::int64_t>());
    if (it == pending_.end()) continue;  // its caller gave up waiting
    it->second.set_value(std::move(response));
    pending_.erase(it);
  }
  if (!broken.empty()) channel_->ShutdownBoth();  // the helper sees EOF and reaps

  int status = 0;
  pid_t waited;
  do {
    waited = ::waitpid(helper_pid_, &status, 0);
  } while (waited < 0 && errno == EINTR);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    exit_status_ = waited == helper_pid_ ? status : -1;
    // The bug: how the helper ended is lost, so a crash reads like a
    // helper that merely hung up.
    std::string exit = options_.faults.Has(Fault::kHideHelperCrash)
                           ? std::string("the connection to the helper was closed")
                           : DescribeExit();
    gone_reason_ = broken.empty() ? exit : broken + "; " + exit;
    io_done_ = true;
    FailPending(gone_reason_);
  }
  io_done_cv_.notify_all();
}

void HelperClient::FailPending(const std::string& reason) {
  // An error answer rather than an exception: exceptions shared between
  // threads through a promise are refcounted inside libstdc++, where
  // ThreadSanitizer cannot see the synchronisation.
  for (auto& [id, promise] : pending_) {
    nlohmann::json gone = MakeError(id, reason);
    gone["gone"] = true;
    promise.set_value(std::move(gone));
  }
  pending_.clear();
}

std::string HelperClient::DescribeExit() const {
  std::string who = "helper (pid " + std::to_string(helper_pid_) + ")";
  if (exit_status_ < 0) return who + " is gone";
  if (WIFEXITED(exit_status_)) {
    return who + " exited with status " + std::to_string(WEXITSTATUS(exit_status_));
  }
  if (WIFSIGNALED(exit_status_)) {
    int signal_number = WTERMSIG(exit_status_);
    const char* name = ::sigabbrev_np(signal_number);
    return who + " was killed by signal " + std::to_string(signal_number) +
           (name != nullptr ? std::string(" (SIG") + name + ")" : std::string());
  }
  return who + " ended with wait status " + std::to_string(exit_status_);
}

std::string HelperClient::DeathReason() {
  std::lock_guard<std::mutex> lock(mutex_);
  return io_done_ && !ending_ ? gone_reason_ : std::string();
}

json HelperClient::Call(json request, const std::string& what,
                        std::optional<std::chrono::milliseconds> timeout) {
  const std::chrono::milliseconds wait = timeout.value_or(options_.call_timeout);
  std::int64_t id = next_id_++;
  request["id"] = id;
  std::string line;
  try {
    line = request.dump();
  } catch (const json::exception& e) {
    throw HelperError(what + ": cannot encode the request: " + e.what());
  }
  std::future<json> future;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!gone_reason_.empty()) throw HelperGoneError(what + ": " + gone_reason_);
    future = pending_[id].get_future();
  }
  try {
    // A false return (the helper is gone) needs no handling here: the I/O
    // thread fails the pending call with the helper's exit status, which
    // says more than "broken pipe".
    channel_->Send(line);
  } catch (const ProtocolError& e) {
    std::lock_guard<std::mutex> lock(mutex_);
    pending_.erase(id);
    throw HelperError(what + ": " + e.what());
  }
  if (future.wait_for(wait) != std::future_status::ready) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (pending_.erase(id) == 1) {
      throw HelperTimeoutError(what + ": no answer from the helper within " +
                               std::to_string(wait.count()) + " ms");
    }
    // Answered between the wait and the lock: fall through and use it.
  }
  json response = future.get();
  if (response.value("ok", false)) {
    auto result = response.find("result");
    return result == response.end() ? json::object() : *result;
  }
  std::string error = response.value("error", std::string("failed"));
  if (response.value("gone", false)) throw HelperGoneError(what + ": " + error);
  // Backends often name the call themselves ("create 'db-2': ..."): say it once.
  if (error.compare(0, what.size() + 1, what + ":") == 0) throw HelperError(error);
  throw HelperError(what + ": " + error);
}

witness::Reservation HelperClient::Reserve(const std::string& name, const std::string& ip_hint) {
  json request = MakeRequest(0, ops::kReserve);
  request["name"] = name;
  request["ip_hint"] = ip_hint;
  std::string what = "reserve " + Quoted(name);
  json result = Call(std::move(request), what);
  witness::Reservation reservation;
  reservation.ip = ResultString(result, "ip", what);
  reservation.mac = ResultString(result, "mac", what);
  return reservation;
}

void HelperClient::Create(const witness::Config& config) {
  json request = MakeRequest(0, ops::kCreate);
  request["config"] = ConfigToJson(config);
  Call(std::move(request), "create " + Quoted(config.name));
}

void HelperClient::Start(const std::string& name) {
  json request = MakeRequest(0, ops::kStart);
  request["name"] = name;
  Call(std::move(request), "start " + Quoted(name));
}

MemberStatus HelperClient::Status(const std::string& name,
                                  std::optional<std::chrono::milliseconds> timeout) {
  json request = MakeRequest(0, ops::kStatus);
  request["name"] = name;
  std::string what = "status " + Quoted(name);
  json result = Call(std::move(request), what, timeout);
  MemberStatus status;
  status.state = ResultString(result, "state", what);
  status.ip = ResultString(result, "ip", what);
  return status;
}

void HelperClient::Stop(const std::string& name) {
  json request = MakeRequest(0, ops::kStop);
  request["name"] = name;
  Call(std::move(request), "stop " + Quoted(name));
}

void HelperClient::Close() { Call(MakeRequest(0, ops::kClose), "close"); }

}  // namespace minifleet
