// RecordingBackend: wraps any Backend (a real hypervisor backend too) and
// records every call it forwards in the format the fake writes, so the same
// expectation files check a real VM-boot run and a fake run.
//
//   witness::RecordingBackend backend(std::make_unique<MyHypervisor>(),
//                                     "/tmp/run/record.jsonl");
//   auto net = backend.CreateNetwork();
//   auto vm = backend.Create(config, *net);  // records "create", then forwards
//
// What is recorded: reserve (name, ip_hint, and the mac the wrapped network
// returned), create (the whole Config), start and stop (the VM's name), and
// close (every call, like the fake). CreateNetwork, Subnet, CurrentState,
// Wait, WaitForIP, the capability queries and Reconcile are not recorded.
//
// Each record is written after the wrapped call returns, so it states the
// outcome: a call that threw is recorded with `error` set to its message,
// then the exception is rethrown unchanged. A record that cannot be written
// throws BackendError even though the wrapped call happened (for Create the
// new VM is destroyed): a missing record must fail the run, never pass it.
#ifndef WITNESS_BACKEND_RECORDING_BACKEND_H_
#define WITNESS_BACKEND_RECORDING_BACKEND_H_

#include <memory>
#include <string>

#include "witness/backend/backend.h"
#include "witness/recorder/writer.h"

namespace witness {

namespace backend::internal {
class CallRecorder;
}  // namespace backend::internal

// A Backend decorator that records every call. Thread-safe as far as the
// wrapped backend is: it adds no state of its own beyond the record file,
// which takes concurrent appends. Networks and VMs it returns wrap the
// wrapped backend's and may outlive the RecordingBackend itself; a VM must
// not outlive its network (the Backend contract).
class RecordingBackend final : public Backend {
 public:
  // Records to the file at `record_path`, opened now (so the run's session
  // record exists even if no call follows). When it cannot be opened, every
  // recorded call throws BackendError naming the path, until it can.
  // Throws std::invalid_argument for a null `wrapped` or an empty path.
  RecordingBackend(std::unique_ptr<Backend> wrapped, std::string record_path);
  // Records through `writer` (see recorder::Writer::Open). Throws
  // std::invalid_argument when either pointer is null.
  RecordingBackend(std::unique_ptr<Backend> wrapped,
                   std::shared_ptr<recorder::Writer> writer);
  ~RecordingBackend() override;

  RecordingBackend(const RecordingBackend&) = delete;
  RecordingBackend& operator=(const RecordingBackend&) = delete;

  // The returned network records reserve and close.
  std::unique_ptr<Network> CreateNetwork() override;
  // `network` may be one this backend returned (the wrapped backend then
  // receives the network it made) or any other, passed through as is.
  // The returned VM records start and stop.
  std::unique_ptr<VM> Create(const Config& config, Network& network) override;
  bool NestedVirtSupported() const override;
  bool SupportsClustering() const override;
  void Reconcile() override;

  // The decorated backend.
  Backend& wrapped() noexcept { return *wrapped_; }

 private:
  std::unique_ptr<Backend> wrapped_;
  std::shared_ptr<backend::internal::CallRecorder> recorder_;
};

}  // namespace witness

#endif  // WITNESS_BACKEND_RECORDING_BACKEND_H_
