#include "witness/backend/recording_backend.h"

#include <exception>
#include <stdexcept>
#include <utility>

#include "internal/call_recorder.h"
#include "witness/recorder/format.h"

namespace witness {
namespace {

using backend::internal::CallEvent;
using backend::internal::CallName;
using backend::internal::CallRecorder;
namespace ops = recorder::ops;

std::string Describe(const std::exception_ptr& failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown exception";
  }
}

// Records `event` with the outcome of the call it describes, then rethrows
// the call's exception, if any. When both the call and its record fail, the
// BackendError names both, because neither may go unnoticed.
void RecordOutcome(const CallRecorder& recorder, recorder::Event event,
                   const std::exception_ptr& failure) {
  std::string error;
  if (failure) error = Describe(failure);
  event.error = error;
  try {
    recorder.Record(event, CallName(event));
  } catch (const BackendError& record_error) {
    if (!failure) throw;
    throw BackendError(std::string(record_error.what()) + " (the call itself failed: " +
                       error + ")");
  }
  if (failure) std::rethrow_exception(failure);
}

class RecordingVM final : public VM {
 public:
  RecordingVM(std::unique_ptr<VM> wrapped, std::string name,
              std::shared_ptr<const CallRecorder> recorder)
      : wrapped_(std::move(wrapped)), name_(std::move(name)), recorder_(std::move(recorder)) {}

  void Start() override { Forward(ops::kStart, [this] { wrapped_->Start(); }); }
  void Stop() override { Forward(ops::kStop, [this] { wrapped_->Stop(); }); }
  State CurrentState() const override { return wrapped_->CurrentState(); }
  bool Wait(std::chrono::milliseconds timeout) override { return wrapped_->Wait(timeout); }
  std::string WaitForIP(std::chrono::milliseconds timeout) override {
    return wrapped_->WaitForIP(timeout);
  }

 private:
  template <typename Call>
  void Forward(std::string_view op, Call call) {
    std::exception_ptr failure;
    try {
      call();
    } catch (...) {
      failure = std::current_exception();
    }
    RecordOutcome(*recorder_, CallEvent(op, name_), failure);
  }

  std::unique_ptr<VM> wrapped_;
  const std::string name_;
  const std::shared_ptr<const CallRecorder> recorder_;
};

class RecordingNetwork final : public Network {
 public:
  RecordingNetwork(std::unique_ptr<Network> wrapped, std::shared_ptr<const CallRecorder> recorder)
      : wrapped_(std::move(wrapped)), recorder_(std::move(recorder)) {}

  // Every call is recorded, as the fake does: a second close is a fact
  // about the orchestrator that expectations may want to see.
  void Close() override {
    std::exception_ptr failure;
    try {
      wrapped_->Close();
    } catch (...) {
      failure = std::current_exception();
    }
    RecordOutcome(*recorder_, CallEvent(ops::kClose, ""), failure);
  }

  std::string Subnet() const override { return wrapped_->Subnet(); }

  Reservation Reserve(const std::string& name, const std::string& ip_hint) override {
    Reservation reservation;
    std::exception_ptr failure;
    try {
      reservation = wrapped_->Reserve(name, ip_hint);
    } catch (...) {
      failure = std::current_exception();
    }
    recorder::Event event = CallEvent(ops::kReserve, name);
    event.ip_hint = ip_hint;
    event.mac = reservation.mac;
    RecordOutcome(*recorder_, std::move(event), failure);
    return reservation;
  }

  Network& wrapped() noexcept { return *wrapped_; }

 private:
  std::unique_ptr<Network> wrapped_;
  const std::shared_ptr<const CallRecorder> recorder_;
};

std::unique_ptr<Backend> CheckWrapped(std::unique_ptr<Backend> wrapped) {
  if (!wrapped) throw std::invalid_argument("the backend to record is null");
  return wrapped;
}

}  // namespace

RecordingBackend::RecordingBackend(std::unique_ptr<Backend> wrapped, std::string record_path)
    : wrapped_(CheckWrapped(std::move(wrapped))) {
  if (record_path.empty()) throw std::invalid_argument("record file path is empty");
  recorder_ = std::make_shared<CallRecorder>(std::move(record_path));
}

RecordingBackend::RecordingBackend(std::unique_ptr<Backend> wrapped,
                                   std::shared_ptr<recorder::Writer> writer)
    : wrapped_(CheckWrapped(std::move(wrapped))),
      recorder_(std::make_shared<CallRecorder>(std::move(writer))) {}

RecordingBackend::~RecordingBackend() = default;

std::unique_ptr<Network> RecordingBackend::CreateNetwork() {
  std::unique_ptr<Network> network = wrapped_->CreateNetwork();
  if (!network) throw BackendError("create network: the backend returned no network");
  return std::make_unique<RecordingNetwork>(std::move(network), recorder_);
}

std::unique_ptr<VM> RecordingBackend::Create(const Config& config, Network& network) {
  auto* ours = dynamic_cast<RecordingNetwork*>(&network);
  Network& target = ours != nullptr ? ours->wrapped() : network;
  std::unique_ptr<VM> vm;
  std::exception_ptr failure;
  try {
    vm = wrapped_->Create(config, target);
  } catch (...) {
    failure = std::current_exception();
  }
  if (!failure && !vm) {
    failure = std::make_exception_ptr(
        BackendError("create '" + config.name + "': the backend returned no VM"));
  }
  RecordOutcome(*recorder_, backend::internal::CreateEvent(config), failure);
  return std::make_unique<RecordingVM>(std::move(vm), config.name, recorder_);
}

bool RecordingBackend::NestedVirtSupported() const { return wrapped_->NestedVirtSupported(); }

bool RecordingBackend::SupportsClustering() const { return wrapped_->SupportsClustering(); }

void RecordingBackend::Reconcile() { wrapped_->Reconcile(); }

}  // namespace witness
