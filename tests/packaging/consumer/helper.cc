// A minimal helper: reserves, creates, starts and stops one VM per member
// named on the command line, through whichever backend the build selected.
#include <cstdio>
#include <exception>
#include <memory>
#include <string>

#include "witness/backend/backend.h"
#if WITNESS_FAKE_BACKEND
#include "witness/fake/fake_backend.h"
#endif

int main(int argc, char** argv) {
  try {
#if WITNESS_FAKE_BACKEND
    witness::fake::FakeBackend backend;
#else
#error "the consumer helper is built against the fake only"
#endif
    auto network = backend.CreateNetwork();
    for (int i = 1; i < argc; ++i) {
      const std::string name = argv[i];
      witness::Reservation reservation = network->Reserve(name, "");
      witness::Config config;
      config.name = name;
      config.mac = reservation.mac;
      config.disk_path = "/srv/vms/" + name + "/disk.raw";
      auto vm = backend.Create(config, *network);
      vm->Start();
      vm->Stop();
    }
    network->Close();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "consumer-helper: %s\n", e.what());
    return 1;
  }
  return 0;
}
