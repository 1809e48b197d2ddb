// minifleet: a small orchestrator that brings a cluster of VMs up through a
// helper process, prints each member, and takes the cluster down again.
//
//   minifleet cluster --root /srv/fleet --members web-1,web-2,web-3 [--fixtures 2]
//                     [--concurrent] [--hold] [--helper PATH] [--ip-timeout-ms N]
//
// Members that already exist under --root (a config.json from an earlier
// run) are re-upped with their disks intact. With --hold the cluster stays
// up until SIGTERM or SIGINT (clean teardown); if minifleet is killed
// instead, the helper notices and reaps the cluster itself.
//
// Exit status: 0 on success, 1 when the cluster could not be brought up
// (after rolling back) or torn down, 2 for a usage error, 3 when the helper
// died under it (then nothing could be rolled back or torn down: whatever
// the helper had started may still run).
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

#include "minifleet/faults.h"
#include "minifleet/fleet.h"
#include "minifleet/helper_client.h"

namespace {

namespace fs = std::filesystem;

// The helper installed next to this executable, unless --helper or
// MINIFLEET_HELPER names another.
std::string DefaultHelperPath() {
  if (const char* path = std::getenv("MINIFLEET_HELPER"); path != nullptr && *path != '\0') {
    return path;
  }
  std::error_code error;
  fs::path self = fs::read_symlink("/proc/self/exe", error);
  if (error) return "minifleet-helper";
  return (self.parent_path() / "minifleet-helper").string();
}

void PrintMembers(const std::vector<minifleet::MemberReport>& members) {
  std::size_t width = 8;
  for (const minifleet::MemberReport& member : members) {
    width = std::max(width, member.name.size() + 2);
  }
  std::cout << std::left << std::setw(static_cast<int>(width)) << "MEMBER" << std::setw(10)
            << "STATE" << std::setw(16) << "IP"
            << "MAC\n";
  for (const minifleet::MemberReport& member : members) {
    std::cout << std::setw(static_cast<int>(width)) << member.name << std::setw(10) << member.state
              << std::setw(16) << (member.ip.empty() ? "-" : member.ip) << member.mac
              << (member.reused ? "  (re-up)" : "") << "\n";
  }
  for (const minifleet::MemberReport& member : members) {
    if (member.start_retried_after.empty()) continue;
    std::cout << "minifleet: " << member.name
              << " started on the second try; the first start failed: "
              << member.start_retried_after << "\n";
  }
  std::cout << std::flush;
}

// Blocks until SIGTERM or SIGINT arrives. The signals were blocked in every
// thread before any was started, so sigwait alone receives them.
int WaitForTermination(const sigset_t& signals) {
  int signal_number = 0;
  while (sigwait(&signals, &signal_number) != 0) {
  }
  return signal_number;
}

struct ClusterOptions {
  std::string root;
  std::vector<std::string> members;
  int fixtures = 0;
  bool concurrent = false;
  bool hold = false;
  std::string helper;
  int ip_timeout_ms = 0;  // 0: the helper client's call timeout
};

constexpr int kExitHelperDied = 3;

// Brings the cluster up, prints it, holds it if asked, and takes it down.
int UpAndDown(const ClusterOptions& options, const minifleet::Faults& faults,
              minifleet::HelperClient& helper, const sigset_t& termination) {
  std::cout << "minifleet: helper pid " << helper.helper_pid() << ", backend " << helper.backend()
            << ", protocol " << minifleet::kProtocolVersion << "\n";
  minifleet::Fleet fleet(helper, options.root, faults);
  minifleet::UpOptions up;
  up.fixtures = options.fixtures;
  up.concurrent = options.concurrent;
  if (options.ip_timeout_ms > 0) up.ip_timeout = std::chrono::milliseconds(options.ip_timeout_ms);
  std::vector<minifleet::MemberReport> members;
  try {
    members = fleet.Up(options.members, up);
  } catch (const std::invalid_argument& e) {
    std::cerr << "minifleet: " << e.what() << "\n";
    return 2;
  }
  PrintMembers(members);
  if (options.hold) {
    std::cout << "minifleet: holding " << members.size() << " member(s); helper pid "
              << helper.helper_pid() << "; send SIGTERM to tear down" << std::endl;
    int signal_number = WaitForTermination(termination);
    std::cout << "minifleet: received SIG" << sigabbrev_np(signal_number) << ", tearing down"
              << std::endl;
  }
  fleet.Down();
  helper.Shutdown();
  std::cout << "minifleet: torn down " << members.size() << " member(s)" << std::endl;
  return 0;
}

int RunCluster(const ClusterOptions& options, const sigset_t& termination) {
  minifleet::Faults faults;
  try {
    faults = minifleet::Faults::FromEnvironment();
  } catch (const minifleet::FaultSpecError& e) {
    std::cerr << "minifleet: " << e.what() << "\n";
    return 2;
  }
  minifleet::HelperClient::Options helper_options;
  helper_options.helper_path = options.helper.empty() ? DefaultHelperPath() : options.helper;
  helper_options.faults = faults;
  try {
    minifleet::HelperClient helper(helper_options);
    try {
      return UpAndDown(options, faults, helper, termination);
    } catch (const std::exception& e) {
      std::cout << std::flush;
      std::cerr << "minifleet: " << e.what() << "\n";
      // Said apart from the failure it caused: a dead helper means nothing
      // was rolled back or torn down, which no other failure means.
      const std::string death = helper.DeathReason();
      if (!death.empty() && !faults.Has(minifleet::Fault::kHideHelperCrash)) {
        std::cerr << "minifleet: the helper died: " << death
                  << "; nothing it started was stopped\n";
        return kExitHelperDied;
      }
      return 1;
    }
  } catch (const std::exception& e) {
    std::cout << std::flush;
    std::cerr << "minifleet: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  // Before any thread exists, so that every thread inherits the mask and
  // only WaitForTermination ever receives these two.
  sigset_t termination;
  sigemptyset(&termination);
  sigaddset(&termination, SIGTERM);
  sigaddset(&termination, SIGINT);
  ClusterOptions options;

  CLI::App app{"minifleet: a small VM orchestrator, and Witness's reference example"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "minifleet " + std::to_string(minifleet::kProtocolVersion));
  CLI::App* cluster = app.add_subcommand(
      "cluster",
      "bring members up through a helper, print them, and take them down\n"
      "example: minifleet cluster --root /tmp/fleet --members web-1,web-2 --fixtures 1");
  cluster->add_option("--root", options.root, "directory holding vms/<member>/")->required();
  cluster->add_option("--members", options.members, "comma-separated member names")
      ->required()
      ->delimiter(',');
  cluster->add_option("--fixtures", options.fixtures, "fixture images per new member")
      ->check(CLI::Range(0, 64));
  cluster->add_flag("--concurrent", options.concurrent, "bring members up in parallel");
  cluster->add_flag("--hold", options.hold,
                    "keep the cluster up until SIGTERM or SIGINT, then tear down");
  cluster
      ->add_option("--ip-timeout-ms", options.ip_timeout_ms,
                   "how long to wait for each member's address, in milliseconds "
                   "(default: 60000, the timeout of every helper call)")
      ->check(CLI::Range(1, 3600000));
  cluster->add_option("--helper", options.helper,
                      "helper executable (default: $MINIFLEET_HELPER, else minifleet-helper "
                      "next to this program)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 reports usage errors with its own status; ours is 2.
    int status = app.exit(e);
    return status == 0 ? 0 : 2;
  }
  if (options.hold) pthread_sigmask(SIG_BLOCK, &termination, nullptr);
  return RunCluster(options, termination);
}
