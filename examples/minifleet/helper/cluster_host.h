// The helper's side of a session: one cluster (one network, many members)
// served to the one client that spawned this process.
//
//   LineChannel channel(3);
//   ClusterHost host(*MakeBackend(), BackendName(), channel, Faults::FromEnvironment());
//   return host.Serve();   // until the client goes away; then reaps
//
// Each member's VM is driven from that member's own thread (MemberThread);
// the reading thread only dispatches, so requests for different members run
// concurrently and answer in any order. A status reads the state in order
// with the member's other requests, but waits for the address on a second
// thread of the member's, so a wait that never ends cannot hold up the stop
// that ends it (VM::Stop releases waits). The network is opened by the
// first reserve and shared by every member.
//
// Death watch: when the session ends for any reason (the client closed its
// end, exited, or was killed; SIGTERM or the parent-death signal shut the
// socket down), Serve stops every member that still runs and closes the
// network before it returns. That is what keeps a killed client from
// leaking VMs, and what the kill-client scenario checks.
#ifndef MINIFLEET_HELPER_CLUSTER_HOST_H_
#define MINIFLEET_HELPER_CLUSTER_HOST_H_

#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "member_thread.h"
#include "minifleet/faults.h"
#include "minifleet/line_channel.h"
#include "witness/backend/backend.h"

namespace minifleet::helper {

class ClusterHost {
 public:
  // `backend` and `channel` must outlive the host.
  ClusterHost(witness::Backend& backend, std::string_view backend_name, LineChannel& channel,
              Faults faults);
  ClusterHost(const ClusterHost&) = delete;
  ClusterHost& operator=(const ClusterHost&) = delete;
  // Joins the member threads; VMs go before the network they belong to.
  ~ClusterHost();

  // Serves the session and reaps. Returns the process exit status: 0, 1 when
  // reaping met errors, 2 when the handshake was refused.
  int Serve();

 private:
  struct Member;

  // False when the session must end (the request could not be read).
  bool Dispatch(const std::string& line);
  Member& MemberNamed(const std::string& name);
  // Runs `request` on `member`'s thread and answers from there.
  void PostRequest(Member& member, nlohmann::json request);
  nlohmann::json Handle(Member& member, const nlohmann::json& request);
  // Answers a status request: at once when the member does not run,
  // otherwise from the member's wait thread once the address is known.
  void AnswerStatus(Member& member, const nlohmann::json& id);
  // Stops every running member (each on its own thread, all at once), closes
  // the network if open (even when a stop failed: a member that would not
  // stop must not leak the network too), and forgets the members. Returns
  // what failed.
  std::vector<std::string> CloseCluster(int* stopped);
  int Reap();
  void Reply(const nlohmann::json& message);

  witness::Backend& backend_;
  std::string backend_name_;
  LineChannel& channel_;
  Faults faults_;
  // Guards network_: member threads open it (reserve) and use it (create).
  std::mutex network_mutex_;
  std::unique_ptr<witness::Network> network_;
  // Touched only by the reading thread, which alone adds and drops members.
  std::map<std::string, std::unique_ptr<Member>> members_;
};

}  // namespace minifleet::helper

#endif  // MINIFLEET_HELPER_CLUSTER_HOST_H_
