// A stand-in for a helper built against the fake backend, for the
// `witness run` tests: records a fleet into the file named by a variable
// (FLEETBOX_FAKE_RECORD unless --variable says otherwise), prints lines, and
// exits as told.
//
//   cli_test_recorder [--variable NAME] [--home DIR] [--swap-mac] [--no-close]
//                     [--print-lines N] [--exit N] [--kill-self] [MEMBER...]
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>

#include "fleet_records.h"

int main(int argc, char** argv) {
  using witness::cli::testing::FleetOptions;
  FleetOptions options;
  std::string variable = "FLEETBOX_FAKE_RECORD";
  int print_lines = 0;
  int exit_status = 0;
  bool kill_self = false;
  std::vector<std::string> members;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << "cli_test_recorder: " << arg << " needs a value\n";
        std::exit(64);
      }
      return argv[++i];
    };
    if (arg == "--variable") {
      variable = next();
    } else if (arg == "--home") {
      options.home = next();
    } else if (arg == "--swap-mac") {
      options.swap_mac = true;
    } else if (arg == "--no-close") {
      options.skip_close = true;
    } else if (arg == "--print-lines") {
      print_lines = std::atoi(next().c_str());
    } else if (arg == "--exit") {
      exit_status = std::atoi(next().c_str());
    } else if (arg == "--kill-self") {
      kill_self = true;
    } else {
      members.push_back(arg);
    }
  }
  if (!members.empty()) options.members = members;

  for (int line = 1; line <= print_lines; ++line) {
    (line % 2 == 0 ? std::cerr : std::cout) << "helper output line " << line << std::endl;
  }
  {
    auto writer = witness::recorder::Writer::FromEnvironment(variable.c_str());
    if (writer) witness::cli::testing::RecordFleet(*writer, options);
  }
  if (kill_self) raise(SIGKILL);
  return exit_status;
}
