// The client's side of the process boundary: spawns minifleet-helper, checks
// its protocol version, and turns backend calls into requests.
//
//   HelperClient::Options options;
//   options.helper_path = "/usr/libexec/minifleet-helper";
//   HelperClient helper(options);                 // spawned and handshaken
//   witness::Reservation r = helper.Reserve("web-1", "");
//
// The helper lives exactly as long as this object: the destructor ends the
// session and waits for the helper to exit. If this process dies instead
// (even by SIGKILL), the helper sees its socket close and reaps the cluster;
// it also asks the kernel for a signal when the thread that spawned it ends
// (PR_SET_PDEATHSIG), and that thread is this object's own I/O thread, so
// the backstop fires neither early nor never.
//
// Thread-safety: every call may be made from any number of threads at once;
// each waits only for its own response.
#ifndef MINIFLEET_HELPER_CLIENT_H_
#define MINIFLEET_HELPER_CLIENT_H_

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "minifleet/faults.h"
#include "minifleet/line_channel.h"
#include "minifleet/protocol.h"
#include "witness/backend/backend.h"

namespace minifleet {

// A request failed (the helper reported an error, did not answer in time,
// or is gone). what() names the operation and member:
// "create 'db-2': <the helper's reason>".
class HelperError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The helper is gone (it exited, or was killed): this call and every later
// one fail. what() says how it ended: "create 'db-2': helper (pid 7) was
// killed by signal 9 (SIGKILL)".
class HelperGoneError : public HelperError {
 public:
  using HelperError::HelperError;
};

// The helper did not answer in time: "status 'web-1': no answer from the
// helper within 3000 ms". The helper may still answer later; the answer is
// dropped.
class HelperTimeoutError : public HelperError {
 public:
  using HelperError::HelperError;
};

// What status reports for one member.
struct MemberStatus {
  std::string state;  // witness::ToString(State)
  std::string ip;     // "" until the member runs
};

class HelperClient {
 public:
  struct Options {
    // The helper executable; required.
    std::string helper_path;
    // How long one request may take before the call fails. Generous: a
    // sanitizer build on a busy machine is slow, and a hang must still end.
    std::chrono::milliseconds call_timeout{60000};
    // The version announced in hello. Only tests set it, to see a helper
    // refuse a client of another version.
    int protocol_version = kProtocolVersion;
    // Only the hide-helper-crash fault is read here.
    Faults faults;
  };

  // Spawns the helper and performs the handshake. Throws HelperError when
  // the helper cannot be started or refuses the handshake (the error says
  // why, e.g. a version mismatch).
  explicit HelperClient(const Options& options);
  HelperClient(const HelperClient&) = delete;
  HelperClient& operator=(const HelperClient&) = delete;
  // Ends the session and waits for the helper to exit (it stops whatever
  // still runs and closes the network first). A helper that has not exited
  // 30 seconds after the session ended is killed.
  ~HelperClient();

  witness::Reservation Reserve(const std::string& name, const std::string& ip_hint);
  void Create(const witness::Config& config);
  void Start(const std::string& name);
  // The member's state and, once it runs, its address. The helper waits for
  // the address; `timeout` (default: Options::call_timeout) bounds how long
  // this call waits for it, and ends in HelperTimeoutError.
  MemberStatus Status(const std::string& name,
                      std::optional<std::chrono::milliseconds> timeout = std::nullopt);
  // Stops the member's VM if it runs; harmless otherwise.
  void Stop(const std::string& name);
  // Stops every running member and closes the network; the next Reserve
  // opens a new one.
  void Close();

  // Ends the session now, as the destructor would, and throws HelperError
  // ("helper (pid 7) exited with status 66") unless the helper exited with
  // status 0: a helper that crashes while reaping is a bug too. Later calls
  // fail; the destructor then has nothing left to do.
  void Shutdown();

  // How the helper ended when it went away before this client ended the
  // session ("helper (pid 7) was killed by signal 9 (SIGKILL)"); "" while it
  // runs, and after a session this client ended.
  std::string DeathReason();

  pid_t helper_pid() const noexcept { return helper_pid_; }
  // The backend the helper was built with ("fake", "none").
  const std::string& backend() const noexcept { return backend_; }

 private:
  // Sends `request` (an id is assigned) and waits for its response, at most
  // `timeout` (default: call_timeout); returns the result or throws
  // HelperError prefixed with `what`.
  nlohmann::json Call(nlohmann::json request, const std::string& what,
                      std::optional<std::chrono::milliseconds> timeout = std::nullopt);
  void IoThreadMain(std::promise<std::string> spawned);  // "" once spawned, else why not
  // Closes our side, waits for the helper to exit, joins the I/O thread.
  void EndSession() noexcept;
  // Both require mutex_ to be held.
  void FailPending(const std::string& reason);
  std::string DescribeExit() const;

  Options options_;
  std::unique_ptr<LineChannel> channel_;
  int helper_end_fd_ = -1;  // the helper's end; closed once it is spawned
  pid_t helper_pid_ = -1;
  std::string backend_;
  std::atomic<std::int64_t> next_id_{1};

  std::mutex mutex_;
  std::condition_variable io_done_cv_;
  std::map<std::int64_t, std::promise<nlohmann::json>> pending_;
  std::string gone_reason_;  // non-empty once the helper is gone
  bool io_done_ = false;
  bool ending_ = false;   // this client ended the session
  int exit_status_ = -1;  // from waitpid, once io_done_
  std::thread io_thread_;
};

}  // namespace minifleet

#endif  // MINIFLEET_HELPER_CLIENT_H_
