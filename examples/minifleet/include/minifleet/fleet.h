// Bringing a cluster's members up and down through a helper, the way a real
// orchestrator threads each member's artifacts into its backend calls.
//
//   HelperClient helper(options);
//   Fleet fleet(helper, "/srv/fleet");
//   for (const MemberReport& m : fleet.Up({"web-1", "web-2"}, UpOptions{}))
//     std::cout << m.name << " " << m.state << " " << m.ip << "\n";
//   fleet.Down();
//
// For each member Up reserves an address, writes <root>/vms/<name>/{disk.raw,
// seed.iso, efi.fd, fixture-<i>.img} (the seed embeds the reserved MAC and
// IP), persists config.json, then creates, starts and asks for status. A
// member whose config.json already exists is re-upped: its disk, EFI
// variables and fixtures are kept, only the seed and config.json are
// rewritten.
//
// Recovery: a start that fails is tried once more (hypervisors fail starts
// transiently: a busy host, a lock held a moment too long). A member whose
// address does not come within UpOptions::ip_timeout fails the call. When
// a reserve fails, nothing is created: the members that did reserve are
// released with the network.
//
// Rollback: when any step of Up fails, the members this call created are
// stopped and their directories removed, members that existed before the
// call are only stopped, and the network is closed if this call opened it
// (which releases every reservation on it).
//
// Thread-safety: a Fleet is used from one thread; Up with `concurrent` runs
// each member on a thread of its own internally. The HelperClient must
// outlive the Fleet.
#ifndef MINIFLEET_FLEET_H_
#define MINIFLEET_FLEET_H_

#include <chrono>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "minifleet/faults.h"
#include "minifleet/helper_client.h"
#include "witness/backend/backend.h"

namespace minifleet {

// Up failed and was rolled back. what() names the step that failed and
// what the rollback did: "cannot bring up db-1, db-2, db-3: create 'db-2':
// <reason>; rolled back: stopped db-1, db-3; removed db-1, db-2, db-3;
// closed the network".
class UpError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct UpOptions {
  // Fixture images for each new member (a re-upped member keeps its own).
  int fixtures = 0;
  // Bring members up in parallel, one thread each.
  bool concurrent = false;
  // How long to wait for each member's address; unset: the helper client's
  // call timeout.
  std::optional<std::chrono::milliseconds> ip_timeout;
};

// One member after Up.
struct MemberReport {
  std::string name;
  std::string state;  // as the helper reports it: "running"
  std::string ip;     // the guest's address
  std::string mac;
  bool reused = false;  // existed on disk before this call
  // Its first start failed (the reason) and the retry succeeded.
  std::string start_retried_after;
};

class Fleet {
 public:
  // `root` holds vms/<name>/ for every member; created when missing.
  Fleet(HelperClient& helper, std::string root, Faults faults = {});
  Fleet(const Fleet&) = delete;
  Fleet& operator=(const Fleet&) = delete;
  ~Fleet() = default;

  // Brings `names` up, in order (or concurrently). Throws UpError after
  // rolling back, std::invalid_argument for an invalid or repeated name or
  // a member this fleet already brought up.
  std::vector<MemberReport> Up(const std::vector<std::string>& names, const UpOptions& options);

  // Stops every member this fleet brought up and closes the network. Throws
  // HelperError when a stop or the close fails (after trying them all).
  void Down();

  const std::string& root() const noexcept { return root_; }
  // Members brought up and not yet taken down, in the order they came up.
  const std::vector<std::string>& members() const noexcept { return up_; }

 private:
  struct Work;
  void Reserve(Work& work);
  void Launch(Work& work, MemberReport& report, const UpOptions& options);
  // Starts the member, trying once more if the first start fails.
  void StartWithRetry(const Work& work, MemberReport& report);
  std::string Rollback(std::vector<Work>& works, bool opened_network);

  HelperClient& helper_;
  std::string root_;
  Faults faults_;
  std::vector<std::string> up_;
  bool network_open_ = false;
  // The most recent reservation of any member: only the mac-not-threaded
  // fault reads it, which is exactly the bug.
  std::mutex last_reservation_mutex_;
  witness::Reservation last_reservation_;
};

}  // namespace minifleet

#endif  // MINIFLEET_FLEET_H_
