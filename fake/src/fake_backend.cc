#include "witness/fake/fake_backend.h"

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <utility>

#include "internal/call_recorder.h"
#include "witness/recorder/format.h"

namespace witness::fake {
namespace {

using backend::internal::CallEvent;
using backend::internal::CallName;
using backend::internal::CallRecorder;
namespace ops = recorder::ops;

// Host numbers handed out so far, process-wide like the reference's
// counter: two backends in one process still never share an address.
std::atomic<int> g_addresses_used{0};

// The next host number, or nullopt once all are used. Never counts past
// kMaxAddresses, however many creates keep failing.
std::optional<int> NextHostNumber() {
  int used = g_addresses_used.load(std::memory_order_relaxed);
  do {
    if (used >= kMaxAddresses) return std::nullopt;
  } while (!g_addresses_used.compare_exchange_weak(used, used + 1, std::memory_order_relaxed));
  return used + 1;
}

class FakeVM final : public VM {
 public:
  FakeVM(std::string name, std::string ip, std::shared_ptr<const CallRecorder> recorder)
      : name_(std::move(name)), ip_(std::move(ip)), recorder_(std::move(recorder)) {}

  void Start() override {
    Record(ops::kStart);
    std::lock_guard<std::mutex> lock(mutex_);
    state_ = State::kRunning;
  }

  void Stop() override {
    Record(ops::kStop);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      state_ = State::kStopped;
    }
    stopped_.notify_all();
  }

  State CurrentState() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    return state_;
  }

  bool Wait(std::chrono::milliseconds timeout) override {
    std::unique_lock<std::mutex> lock(mutex_);
    return stopped_.wait_for(lock, timeout, [this] { return state_ != State::kRunning; });
  }

  std::string WaitForIP(std::chrono::milliseconds /*timeout*/) override { return ip_; }

 private:
  void Record(std::string_view op) const {
    recorder::Event event = CallEvent(op, name_);
    recorder_->Record(event, CallName(event));
  }

  const std::string name_;
  const std::string ip_;
  const std::shared_ptr<const CallRecorder> recorder_;
  mutable std::mutex mutex_;
  std::condition_variable stopped_;
  // A created VM is stopped until started, as on a real hypervisor.
  State state_ = State::kStopped;
};

class FakeNetwork final : public Network {
 public:
  explicit FakeNetwork(std::shared_ptr<const CallRecorder> recorder)
      : recorder_(std::move(recorder)) {}

  void Close() override {
    recorder::Event event = CallEvent(ops::kClose, "");
    recorder_->Record(event, CallName(event));
  }

  std::string Subnet() const override { return ""; }

  Reservation Reserve(const std::string& name, const std::string& ip_hint) override {
    Reservation reservation;
    reservation.mac = MacForMember(name);
    recorder::Event event = CallEvent(ops::kReserve, name);
    event.ip_hint = ip_hint;
    event.mac = reservation.mac;
    recorder_->Record(event, CallName(event));
    return reservation;
  }

 private:
  const std::shared_ptr<const CallRecorder> recorder_;
};

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

}  // namespace

FakeOptions FakeOptions::FromEnvironment() {
  FakeOptions options;
  if (const char* path = std::getenv(kRecordVariable)) options.record_path = path;
  if (const char* names = std::getenv(kFailCreateVariable)) {
    options.fail_create = ParseMemberList(names);
  }
  return options;
}

std::vector<std::string> ParseMemberList(std::string_view list) {
  std::vector<std::string> names;
  while (true) {
    std::size_t comma = list.find(',');
    std::string_view name = list.substr(0, comma);
    while (!name.empty() && IsBlank(name.front())) name.remove_prefix(1);
    while (!name.empty() && IsBlank(name.back())) name.remove_suffix(1);
    if (!name.empty()) names.emplace_back(name);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return names;
}

FakeBackend::FakeBackend() : FakeBackend(FakeOptions::FromEnvironment()) {}

FakeBackend::FakeBackend(FakeOptions options)
    : fail_create_(options.fail_create.begin(), options.fail_create.end()),
      recorder_(std::make_shared<CallRecorder>(std::move(options.record_path))) {}

FakeBackend::~FakeBackend() = default;

std::unique_ptr<Network> FakeBackend::CreateNetwork() {
  return std::make_unique<FakeNetwork>(recorder_);
}

std::unique_ptr<VM> FakeBackend::Create(const Config& config, Network& /*network*/) {
  const std::string call = "create '" + config.name + "'";
  std::string error;
  std::string ip;
  if (FailsCreate(config.name)) {
    error = call + ": failure injected for this member (" + kFailCreateVariable + ")";
  } else if (std::optional<int> host = NextHostNumber()) {
    ip = std::string(kAddressPrefix) + std::to_string(*host);
  } else {
    error = call + ": the fake has no address left: all " + std::to_string(kMaxAddresses) +
            " addresses of " + std::string(kAddressPrefix) + "0/24 are used in this process";
  }
  recorder::Event event = backend::internal::CreateEvent(config);
  event.error = error;
  recorder_->Record(event, call);
  if (!error.empty()) throw BackendError(error);
  return std::make_unique<FakeVM>(config.name, std::move(ip), recorder_);
}

bool FakeBackend::NestedVirtSupported() const { return true; }

bool FakeBackend::SupportsClustering() const { return true; }

void FakeBackend::Reconcile() {}

bool FakeBackend::FailsCreate(const std::string& name) const {
  return fail_create_.count(name) != 0;
}

const std::string& FakeBackend::record_path() const noexcept { return recorder_->path(); }

}  // namespace witness::fake
