#include "backend_factory.h"

#if WITNESS_FAKE_BACKEND
#include "witness/fake/fake_backend.h"
#endif

namespace minifleet::helper {

#if WITNESS_FAKE_BACKEND

std::unique_ptr<witness::Backend> MakeBackend() {
  return std::make_unique<witness::fake::FakeBackend>();
}

std::string_view BackendName() noexcept { return "fake"; }

#else

namespace {

// minifleet ships no hypervisor driver: this is the slot a real one fills.
// Refusing loudly at the first call (rather than failing to build, or
// pretending) tells a user who ran the normal build exactly what is missing.
constexpr const char* kNoHypervisor =
    "no hypervisor: this minifleet-helper was built without a VM backend; "
    "to test without one, use minifleet-helper-fake (or configure with "
    "-DWITNESS_FAKE_BACKEND=ON)";

class NoHypervisorBackend final : public witness::Backend {
 public:
  std::unique_ptr<witness::Network> CreateNetwork() override {
    throw witness::BackendError(kNoHypervisor);
  }
  std::unique_ptr<witness::VM> Create(const witness::Config& /*config*/,
                                      witness::Network& /*network*/) override {
    throw witness::BackendError(kNoHypervisor);
  }
  bool NestedVirtSupported() const override { return false; }
  bool SupportsClustering() const override { return false; }
  void Reconcile() override {}
};

}  // namespace

std::unique_ptr<witness::Backend> MakeBackend() { return std::make_unique<NoHypervisorBackend>(); }

std::string_view BackendName() noexcept { return "none"; }

#endif

}  // namespace minifleet::helper
