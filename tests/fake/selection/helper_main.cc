// A minimal orchestrator helper, built twice from this one source by
// witness_select_backend(): once against its "real" backend (normal build)
// and once against the fake. It brings one member up and down:
//   helper [name]  ->  prints "<name> <mac> <ip>" and exits 0, or the error and 1.
#include <chrono>
#include <cstdio>
#include <exception>
#include <memory>
#include <string>

#include "witness/backend/backend.h"

#if WITNESS_FAKE_BACKEND
#include "witness/fake/fake_backend.h"
#else
#include "no_hypervisor_backend.h"
#endif

namespace {

std::unique_ptr<witness::Backend> MakeBackend() {
#if WITNESS_FAKE_BACKEND
  return std::make_unique<witness::fake::FakeBackend>();
#else
  return std::make_unique<witness::selection_test::NoHypervisorBackend>();
#endif
}

}  // namespace

int main(int argc, char** argv) {
  const std::string name = argc > 1 ? argv[1] : "solo";
  try {
    std::unique_ptr<witness::Backend> backend = MakeBackend();
    std::unique_ptr<witness::Network> network = backend->CreateNetwork();
    witness::Reservation reservation = network->Reserve(name, "");
    witness::Config config;
    config.name = name;
    config.disk_path = "/var/lib/helper/" + name + "/disk.raw";
    config.mac = reservation.mac;
    std::unique_ptr<witness::VM> vm = backend->Create(config, *network);
    vm->Start();
    const std::string ip = vm->WaitForIP(std::chrono::seconds(30));
    vm->Stop();
    network->Close();
    std::printf("%s %s %s\n", name.c_str(), reservation.mac.c_str(), ip.c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "helper: %s\n", e.what());
    return 1;
  }
}
