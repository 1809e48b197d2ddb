#include "no_hypervisor_backend.h"

#include <string>

namespace witness::selection_test {
namespace {

[[noreturn]] void Refuse(const std::string& call) {
  throw BackendError(call + ": no hypervisor on this machine");
}

}  // namespace

std::unique_ptr<Network> NoHypervisorBackend::CreateNetwork() { Refuse("create network"); }

std::unique_ptr<VM> NoHypervisorBackend::Create(const Config& config, Network& /*network*/) {
  Refuse("create '" + config.name + "'");
}

bool NoHypervisorBackend::NestedVirtSupported() const { Refuse("nested virtualization check"); }

bool NoHypervisorBackend::SupportsClustering() const { Refuse("clustering check"); }

void NoHypervisorBackend::Reconcile() { Refuse("reconcile"); }

}  // namespace witness::selection_test
