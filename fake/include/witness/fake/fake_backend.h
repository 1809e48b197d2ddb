// FakeBackend: a dumb, instant backend that lets a VM orchestrator's
// cross-process coordination (client <-> helper <-> holder) be tested on a
// machine that cannot boot a VM. It runs inside the helper process, built
// with witness_select_backend(<helper> FAKE ON), and the test observes it
// only through the record file named by FLEETBOX_FAKE_RECORD.
//
//   witness::fake::FakeBackend backend;  // reads the FLEETBOX_FAKE_* variables
//   auto net = backend.CreateNetwork();
//   Reservation r = net->Reserve("web-1", "");  // records reserve, mac derived from the name
//   auto vm = backend.Create(config, *net);      // records create, 203.0.113.N
//
// What a green run with the fake proves: that the orchestrator made the
// right backend calls, in the right order, from the right process, with the
// paths, MACs and addresses threaded through intact; that it recovers from
// failed, slow and hung calls and reports a crashed helper (the faults are
// injected by the rules of FLEETBOX_FAKE_FAULTS, see fault_rules.h); and
// that members created, started and stopped concurrently are all accounted
// for. What it cannot prove: that a VM boots, that the guest sees its disk,
// seed or fixtures, that networking or DHCP works, or anything about timing
// on a real hypervisor. Those need a real backend, wrapped in
// RecordingBackend so the same expectations apply.
//
// The fake must never reach a normal build's artifacts: this header refuses
// to compile unless the build selected the fake (WITNESS_FAKE_BACKEND=1,
// which witness_select_backend and the witness::fake target define).
#ifndef WITNESS_FAKE_FAKE_BACKEND_H_
#define WITNESS_FAKE_FAKE_BACKEND_H_

#if !defined(WITNESS_FAKE_BACKEND) || !WITNESS_FAKE_BACKEND
#error "the fake backend is for fake builds only: select it with witness_select_backend(<target> FAKE ON)"
#endif

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "witness/backend/backend.h"
#include "witness/fake/fault_rules.h"
#include "witness/fake/mac.h"

namespace witness {
namespace backend::internal {
class CallRecorder;
}  // namespace backend::internal

namespace fake {
namespace internal {
class FaultInjector;
}  // namespace internal

// Names the record file; unset or empty turns recording off.
inline constexpr const char* kRecordVariable = "FLEETBOX_FAKE_RECORD";
// Names the member (or comma-separated members) whose Create must fail:
// the rules create:NAME=fail, kept from before FLEETBOX_FAKE_FAULTS
// (kFaultsVariable, fault_rules.h) could say more.
inline constexpr const char* kFailCreateVariable = "FLEETBOX_FAKE_FAIL_CREATE";

// The fake's addresses are 203.0.113.N (TEST-NET-3, RFC 5737, never
// routed), N = 1..254, one per VM created in the process, never reused.
inline constexpr std::string_view kAddressPrefix = "203.0.113.";
inline constexpr int kMaxAddresses = 254;

// How a FakeBackend behaves. Tests set the fields directly; a helper uses
// FromEnvironment (what the default FakeBackend constructor does).
struct FakeOptions {
  // The record file; "" turns recording off.
  std::string record_path;
  // Members whose Create records its attempt (with `error`) and then fails.
  std::vector<std::string> fail_create;
  // Fault rules, ';'-separated (fault_rules.h); "" for none. They are
  // tried before the fail_create ones; the first rule that matches a call
  // decides it.
  std::string faults;

  // record_path from FLEETBOX_FAKE_RECORD, fail_create from
  // FLEETBOX_FAKE_FAIL_CREATE (see ParseMemberList), faults from
  // FLEETBOX_FAKE_FAULTS, read now.
  static FakeOptions FromEnvironment();
};

// Splits "db-2, web-1" into {"db-2", "web-1"}: comma-separated, spaces and
// tabs around each name ignored, empty entries skipped. A single name (the
// reference's form) is a list of one. Names containing a comma can only be
// armed through FakeOptions::fail_create.
std::vector<std::string> ParseMemberList(std::string_view list);

// The fake backend; see the file comment for what it proves. Thread-safe:
// members may be created, started, stopped and waited on from any number of
// threads at once. Networks and VMs it returns may outlive it.
//
// Every recorded call writes its record before it acts, as the reference
// does; a record that cannot be written throws BackendError ("cannot record
// create 'web-1': cannot append to record file '...': ...") and the call has
// no effect, so a broken recorder always fails the run.
//
// Fault rules: each call is matched against the rules first. A call a rule
// touched is recorded with `fault` (fail, delay, hang or crash) and
// `fault_rule`, and with the message it fails with in `error`; Wait and
// WaitForIP are recorded (as wait and wait_for_ip) only when a rule
// touched them. A malformed rule does not stop construction: CreateNetwork,
// Create and Reconcile then throw BackendError naming the rule, the column
// and what was expected there, so a helper reports it at its first call.
class FakeBackend final : public Backend {
 public:
  // FakeBackend(FakeOptions::FromEnvironment()).
  FakeBackend();
  // The record file, when set, is opened now (writing this process's
  // session record); if that fails, every recorded call throws the reason.
  // The fault rules are parsed now.
  explicit FakeBackend(FakeOptions options);
  ~FakeBackend() override;

  FakeBackend(const FakeBackend&) = delete;
  FakeBackend& operator=(const FakeBackend&) = delete;

  // A network whose Subnet() is "" (the DHCP path) and whose Reserve()
  // returns ip "" and MacForMember(name), recording reserve (name, ip_hint,
  // mac). Close() records close on every call, not only the first: a
  // double close is the orchestrator's doing and expectations can see it.
  // CreateNetwork itself is not recorded.
  std::unique_ptr<Network> CreateNetwork() override;
  // Records create with the whole Config, then throws BackendError (the
  // record carrying the same message in `error`) when a rule fails it or
  // the process has used all 254 addresses. Otherwise returns a stopped VM
  // with the next address. `network` is not used.
  //
  // The VM's Start() records start and runs at once; Stop() records stop
  // and stops, releasing Wait() and every call a hang rule holds; Wait() on
  // a VM that is not running returns true at once; WaitForIP() returns the
  // address at once, in any state.
  std::unique_ptr<VM> Create(const Config& config, Network& network) override;
  // Always true: the fake never boots a guest, so capability gates must
  // not skip the coordination tests.
  bool NestedVirtSupported() const override;
  // Always true, for the same reason.
  bool SupportsClustering() const override;
  // Does nothing: the fake holds no state outside this process to
  // reconcile. Throws BackendError for a malformed fault rule.
  void Reconcile() override;

  // True when every Create of `name` is armed to fail.
  bool FailsCreate(const std::string& name) const;
  // The record file, or "" when recording is off.
  const std::string& record_path() const noexcept;

 private:
  // Throws BackendError with rules_error_, if any.
  void CheckRules() const;

  // Why the fault rules could not be parsed; "" when they were.
  std::string rules_error_;
  std::shared_ptr<internal::FaultInjector> injector_;
  std::shared_ptr<backend::internal::CallRecorder> recorder_;
};

}  // namespace fake
}  // namespace witness

#endif  // WITNESS_FAKE_FAKE_BACKEND_H_
