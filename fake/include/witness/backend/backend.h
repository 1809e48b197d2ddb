// The backend interface a VM orchestrator's helper drives: a network that
// hands out addresses, and VMs that are created, started, stopped and waited
// on. A real hypervisor backend, the fake, and RecordingBackend all
// implement it, so one helper binary can be built against any of them.
//
//   std::unique_ptr<Network> net = backend.CreateNetwork();
//   Reservation r = net->Reserve("web-1", "");
//   Config config;  config.name = "web-1";  config.mac = r.mac;
//   std::unique_ptr<VM> vm = backend.Create(config, *net);
//   vm->Start();
//
// Errors are exceptions (BackendError), as everywhere in Witness.
#ifndef WITNESS_BACKEND_BACKEND_H_
#define WITNESS_BACKEND_BACKEND_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace witness {

// Lifecycle of a VM, as the hypervisor reports it.
enum class State {
  kUnknown,
  kStopped,
  kStarting,
  kRunning,
  kPausing,
  kPaused,
  kResuming,
  kStopping,
  kError,
};

// "unknown", "stopped", "starting", "running", "pausing", "paused",
// "resuming", "stopping", "error".
constexpr std::string_view ToString(State state) noexcept {
  switch (state) {
    case State::kStopped: return "stopped";
    case State::kStarting: return "starting";
    case State::kRunning: return "running";
    case State::kPausing: return "pausing";
    case State::kPaused: return "paused";
    case State::kResuming: return "resuming";
    case State::kStopping: return "stopping";
    case State::kError: return "error";
    case State::kUnknown: break;
  }
  return "unknown";
}

// Everything a backend needs to create one VM. The paths are host paths the
// orchestrator prepared; the test checks they were threaded through intact.
struct Config {
  std::string name;
  std::string disk_path;
  std::string seed_path;
  std::string efi_path;
  std::string mac;
  int cpus = 0;
  std::int64_t memory_bytes = 0;
  std::string serial_log_path;
  std::vector<std::string> fixture_paths;
  std::string assigned_ip;
};

// What Network::Reserve hands out. ip is empty on DHCP-style networks.
struct Reservation {
  std::string ip;
  std::string mac;
};

// A backend call failed. what() says which call, for which member, and why.
class BackendError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The network the members of one cluster share. Implementations are
// thread-safe: members reserve concurrently.
class Network {
 public:
  virtual ~Network() = default;
  // Releases the network. Calling it twice is harmless.
  virtual void Close() = 0;
  // The subnet in CIDR form, or "" when addresses come from DHCP.
  virtual std::string Subnet() const = 0;
  // Reserves an address and a MAC for member `name`; ip_hint may be "".
  virtual Reservation Reserve(const std::string& name, const std::string& ip_hint) = 0;
};

// One virtual machine. Implementations are thread-safe: Wait may block in
// one thread while another calls Stop.
class VM {
 public:
  virtual ~VM() = default;
  // Starts the VM.
  virtual void Start() = 0;
  // Stops the VM and releases every Wait().
  virtual void Stop() = 0;
  // The state the hypervisor reports now.
  virtual State CurrentState() const = 0;
  // Blocks until the VM has stopped or `timeout` passes; true when stopped.
  virtual bool Wait(std::chrono::milliseconds timeout) = 0;
  // The guest's address once it has one; throws BackendError after `timeout`.
  virtual std::string WaitForIP(std::chrono::milliseconds timeout) = 0;
};

// A hypervisor (or the fake): makes networks and VMs. Implementations are
// thread-safe: the members of a cluster are created concurrently.
class Backend {
 public:
  virtual ~Backend() = default;
  // A new network for the members of one cluster.
  virtual std::unique_ptr<Network> CreateNetwork() = 0;
  // The network must outlive the returned VM.
  virtual std::unique_ptr<VM> Create(const Config& config, Network& network) = 0;
  // Whether guests may run VMs of their own (nested virtualisation).
  virtual bool NestedVirtSupported() const = 0;
  // Whether the backend can run clusters of several members.
  virtual bool SupportsClustering() const = 0;
  // Brings the backend's bookkeeping in line with what actually runs.
  virtual void Reconcile() = 0;
};

}  // namespace witness

#endif  // WITNESS_BACKEND_BACKEND_H_
