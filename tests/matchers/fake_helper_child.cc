// A small helper process for the cross-process matcher tests: it drives the
// fake backend the way an orchestrator's helper would, and records through
// it into the file named by FLEETBOX_FAKE_RECORD (nothing when unset).
//
//   fake_helper_child <home> <member>...
//
// Each member is reserved, created (disk, seed, EFI and one fixture under
// <home>/vms/<member>/) and started on its own thread; a member whose
// create fails is rolled back (never started or stopped). Then every
// started member is stopped and the network closed. Exit status: 0, or 2
// for bad arguments.
#include <cstdio>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "witness/backend/backend.h"
#include "witness/fake/fake_backend.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: fake_helper_child <home> <member>...\n");
    return 2;
  }
  const std::string home = argv[1];
  try {
    witness::fake::FakeBackend backend;  // reads FLEETBOX_FAKE_RECORD and _FAIL_CREATE
    std::unique_ptr<witness::Network> network = backend.CreateNetwork();
    std::mutex mu;
    std::vector<std::unique_ptr<witness::VM>> started;
    std::vector<std::thread> threads;
    for (int i = 2; i < argc; ++i) {
      threads.emplace_back([&, name = std::string(argv[i])] {
        try {
          const witness::Reservation reservation = network->Reserve(name, "");
          witness::Config config;
          config.name = name;
          const std::string dir = home + "/vms/" + name;
          config.disk_path = dir + "/disk.raw";
          config.seed_path = dir + "/seed.iso";
          config.efi_path = dir + "/efi.fd";
          config.fixture_paths = {dir + "/fixture-0.img"};
          config.mac = reservation.mac;
          config.cpus = 2;
          std::unique_ptr<witness::VM> vm = backend.Create(config, *network);
          vm->Start();
          std::lock_guard<std::mutex> lock(mu);
          started.push_back(std::move(vm));
        } catch (const witness::BackendError& e) {
          std::fprintf(stderr, "fake_helper_child: %s\n", e.what());
        }
      });
    }
    for (std::thread& t : threads) t.join();
    for (auto& vm : started) vm->Stop();
    network->Close();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fake_helper_child: %s\n", e.what());
    return 1;
  }
  return 0;
}
