#include "witness/fake/fake_backend.h"

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <utility>

#include "internal/call_recorder.h"
#include "internal/fault_injector.h"
#include "witness/recorder/format.h"

namespace witness::fake {
namespace {

using backend::internal::CallEvent;
using backend::internal::CallName;
using backend::internal::CallRecorder;
using internal::ArmedRule;
using internal::FaultedCall;
using internal::FaultInjector;
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
  FakeVM(std::string name, std::string ip, std::shared_ptr<const CallRecorder> recorder,
         std::shared_ptr<FaultInjector> injector)
      : name_(std::move(name)),
        ip_(std::move(ip)),
        recorder_(std::move(recorder)),
        injector_(std::move(injector)) {}

  void Start() override {
    RunCall(FaultOp::kStart, ops::kStart, true);
    std::lock_guard<std::mutex> lock(mutex_);
    state_ = State::kRunning;
  }

  void Stop() override {
    RunCall(FaultOp::kStop, ops::kStop, true);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      state_ = State::kStopped;
      ++stops_;
    }
    stopped_.notify_all();
  }

  State CurrentState() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    return state_;
  }

  bool Wait(std::chrono::milliseconds timeout) override {
    RunCall(FaultOp::kWait, ops::kWait, false);
    std::unique_lock<std::mutex> lock(mutex_);
    return stopped_.wait_for(lock, timeout, [this] { return state_ != State::kRunning; });
  }

  std::string WaitForIP(std::chrono::milliseconds /*timeout*/) override {
    RunCall(FaultOp::kWaitForIp, ops::kWaitForIp, false);
    return ip_;
  }

 private:
  // The record and the fault part of a call: returns when the call is to
  // take effect. A hang is held until a Stop() that comes after the call
  // began (for a hung stop, another one).
  void RunCall(FaultOp fault_op, std::string_view op, bool record_untouched) {
    FaultedCall fault(*injector_, fault_op, name_);
    if (!fault.touched()) {
      if (!record_untouched) return;
      recorder::Event event = CallEvent(op, name_);
      recorder_->Record(event, CallName(event));
      return;
    }
    std::uint64_t stops_before;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stops_before = stops_;
    }
    fault.Delay();
    recorder::Event event = CallEvent(op, name_);
    fault.Mark(event, true);
    recorder_->Record(event, CallName(event));
    fault.Act([this, stops_before] {
      std::unique_lock<std::mutex> lock(mutex_);
      stopped_.wait(lock, [this, stops_before] { return stops_ != stops_before; });
    });
  }

  const std::string name_;
  const std::string ip_;
  const std::shared_ptr<const CallRecorder> recorder_;
  const std::shared_ptr<FaultInjector> injector_;
  mutable std::mutex mutex_;
  std::condition_variable stopped_;
  // A created VM is stopped until started, as on a real hypervisor.
  State state_ = State::kStopped;
  // Stop() calls that took effect: what a held call waits to change.
  std::uint64_t stops_ = 0;
};

class FakeNetwork final : public Network {
 public:
  FakeNetwork(std::shared_ptr<const CallRecorder> recorder, std::shared_ptr<FaultInjector> injector)
      : recorder_(std::move(recorder)), injector_(std::move(injector)) {}

  void Close() override {
    FaultedCall fault(*injector_, FaultOp::kClose, "");
    fault.Delay();
    recorder::Event event = CallEvent(ops::kClose, "");
    fault.Mark(event, false);
    recorder_->Record(event, CallName(event));
    fault.Act({});
  }

  std::string Subnet() const override { return ""; }

  Reservation Reserve(const std::string& name, const std::string& ip_hint) override {
    FaultedCall fault(*injector_, FaultOp::kReserve, name);
    fault.Delay();
    Reservation reservation;
    reservation.mac = MacForMember(name);
    recorder::Event event = CallEvent(ops::kReserve, name);
    event.ip_hint = ip_hint;
    event.mac = reservation.mac;
    fault.Mark(event, false);
    recorder_->Record(event, CallName(event));
    fault.Act({});
    return reservation;
  }

 private:
  const std::shared_ptr<const CallRecorder> recorder_;
  const std::shared_ptr<FaultInjector> injector_;
};

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

}  // namespace

FakeOptions FakeOptions::FromEnvironment() {
  FakeOptions options;
  if (const char* path = std::getenv(kRecordVariable)) options.record_path = path;
  if (const char* names = std::getenv(kFailCreateVariable)) {
    options.fail_create = ParseMemberList(names);
  }
  if (const char* faults = std::getenv(kFaultsVariable)) options.faults = faults;
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
    : recorder_(std::make_shared<CallRecorder>(std::move(options.record_path))) {
  std::vector<ArmedRule> rules;
  try {
    for (FaultRule& rule : ParseFaultRules(options.faults)) {
      rules.push_back({std::move(rule), kFaultsVariable});
    }
  } catch (const FaultRuleError& e) {
    // Reported by the first call instead: a helper constructs its backend
    // before it can tell anyone anything.
    rules_error_ = std::string(kFaultsVariable) + ": " + e.what();
  }
  for (FaultRule& rule : FailCreateRules(options.fail_create)) {
    rules.push_back({std::move(rule), kFailCreateVariable});
  }
  injector_ = std::make_shared<FaultInjector>(std::move(rules));
}

FakeBackend::~FakeBackend() = default;

void FakeBackend::CheckRules() const {
  if (!rules_error_.empty()) throw BackendError(rules_error_);
}

std::unique_ptr<Network> FakeBackend::CreateNetwork() {
  CheckRules();
  return std::make_unique<FakeNetwork>(recorder_, injector_);
}

std::unique_ptr<VM> FakeBackend::Create(const Config& config, Network& /*network*/) {
  CheckRules();
  FaultedCall fault(*injector_, FaultOp::kCreate, config.name);
  fault.Delay();
  recorder::Event event = backend::internal::CreateEvent(config);
  fault.Mark(event, false);
  std::string error;
  std::string ip;
  // A create a rule fails, hangs or crashes takes no address.
  if (!fault.touched() || fault.action() == FaultAction::kDelay) {
    if (std::optional<int> host = NextHostNumber()) {
      ip = std::string(kAddressPrefix) + std::to_string(*host);
    } else {
      error = CallName(event) + ": the fake has no address left: all " +
              std::to_string(kMaxAddresses) + " addresses of " + std::string(kAddressPrefix) +
              "0/24 are used in this process";
      event.error = error;
    }
  }
  recorder_->Record(event, CallName(event));
  fault.Act({});
  if (!error.empty()) throw BackendError(error);
  return std::make_unique<FakeVM>(config.name, std::move(ip), recorder_, injector_);
}

bool FakeBackend::NestedVirtSupported() const { return true; }

bool FakeBackend::SupportsClustering() const { return true; }

void FakeBackend::Reconcile() { CheckRules(); }

bool FakeBackend::FailsCreate(const std::string& name) const {
  for (const ArmedRule& armed : injector_->rules()) {
    const FaultRule& rule = armed.rule;
    if (rule.op != FaultOp::kCreate) continue;
    if (!rule.member.empty() && rule.member != name) continue;
    // The first rule for every call decides every call.
    if (rule.call == 0 || (rule.call == 1 && rule.and_later)) {
      return rule.action == FaultAction::kFail;
    }
    return false;
  }
  return false;
}

const std::string& FakeBackend::record_path() const noexcept { return recorder_->path(); }

}  // namespace witness::fake
