// minifleet-helper: hosts one minifleet cluster for the client that spawned
// it, over the socket the client passes as --fd. Not run by hand.
//
// The backend is fixed when the binary is built (backend_factory.cc): the
// normal minifleet-helper refuses every call with "no hypervisor", and
// minifleet-helper-fake drives witness::fake::FakeBackend, which records
// every call to the file named by FLEETBOX_FAKE_RECORD.
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <exception>
#include <iostream>
#include <memory>
#include <string>

#include "backend_factory.h"
#include "cluster_host.h"
#include "helper_log.h"
#include "minifleet/faults.h"
#include "minifleet/line_channel.h"

namespace {

// The socket, for the SIGTERM handler; -1 until the channel exists.
volatile sig_atomic_t g_socket_fd = -1;

// SIGTERM (from a user, or the parent-death signal) ends the session the
// way a closed client does: shutting the socket down wakes the reading
// thread with end-of-stream, and the death watch reaps. shutdown(2) is
// async-signal-safe; exiting here would skip the reap.
extern "C" void OnTerminate(int /*signal_number*/) {
  int fd = g_socket_fd;
  if (fd >= 0) ::shutdown(fd, SHUT_RDWR);
}

bool IsSocket(int fd) {
  struct stat status;
  return ::fstat(fd, &status) == 0 && S_ISSOCK(status.st_mode);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "minifleet-helper: hosts one minifleet cluster for the minifleet client that started it.\n"
      "It is spawned by the client with its end of a socket pair; it is not run by hand."};
  int fd = -1;
  pid_t client_pid = 0;
  app.add_option("--fd", fd, "descriptor of the client's socket")->required();
  app.add_option("--client-pid", client_pid, "pid of the client; the helper follows it")
      ->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int status = app.exit(e);  // prints the help or the error
    return status == 0 ? 0 : 2;
  }

  using minifleet::helper::Log;
  if (!IsSocket(fd)) {
    Log("--fd " + std::to_string(fd) +
        " is not a socket: minifleet-helper is started by the minifleet client");
    return 2;
  }
  minifleet::Faults faults;
  try {
    faults = minifleet::Faults::FromEnvironment();
  } catch (const minifleet::FaultSpecError& e) {
    Log(e.what());
    return 2;
  }

  // A client's own SIGINT (Ctrl-C at its terminal reaches the whole process
  // group) or hangup is the client's to handle; the helper follows the
  // client through its socket instead of dying mid-reap.
  std::signal(SIGINT, SIG_IGN);
  std::signal(SIGHUP, SIG_IGN);
  std::signal(SIGPIPE, SIG_IGN);

  minifleet::LineChannel channel(fd);
  g_socket_fd = fd;
  struct sigaction terminate = {};
  terminate.sa_handler = OnTerminate;
  sigemptyset(&terminate.sa_mask);
  ::sigaction(SIGTERM, &terminate, nullptr);

  // Backstop for the socket: the kernel sends SIGTERM when the client's
  // spawning thread ends. If the client died before this line, the signal
  // will never come, so check for that once, now.
  if (::prctl(PR_SET_PDEATHSIG, SIGTERM) != 0) {
    Log(std::string("cannot arm the parent-death signal: ") + std::strerror(errno));
  }
  if (::getppid() != client_pid) channel.ShutdownBoth();

  try {
    std::unique_ptr<witness::Backend> backend = minifleet::helper::MakeBackend();
    minifleet::helper::ClusterHost host(*backend, minifleet::helper::BackendName(), channel,
                                        faults);
    int status = host.Serve();
    g_socket_fd = -1;
    return status;
  } catch (const std::exception& e) {
    g_socket_fd = -1;
    Log(std::string("fatal: ") + e.what());
    return 1;
  }
}
