// A stand-in for a real hypervisor backend on a machine without one: every
// call refuses with "no hypervisor". The normal build of the selection
// test's helper links it, as a user's helper links its real backend.
#ifndef WITNESS_TESTS_FAKE_SELECTION_NO_HYPERVISOR_BACKEND_H_
#define WITNESS_TESTS_FAKE_SELECTION_NO_HYPERVISOR_BACKEND_H_

#include <memory>

#include "witness/backend/backend.h"

namespace witness::selection_test {

// Every method throws BackendError("...: no hypervisor on this machine").
class NoHypervisorBackend final : public Backend {
 public:
  std::unique_ptr<Network> CreateNetwork() override;
  std::unique_ptr<VM> Create(const Config& config, Network& network) override;
  bool NestedVirtSupported() const override;
  bool SupportsClustering() const override;
  void Reconcile() override;
};

}  // namespace witness::selection_test

#endif  // WITNESS_TESTS_FAKE_SELECTION_NO_HYPERVISOR_BACKEND_H_
